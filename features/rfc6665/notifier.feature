@feature:refer-subscription
Feature: The transferee notifies as an RFC 6665 notifier (RFC 3515 §2.4.4–§2.4.7, RFC 6665 §4.2.2)
  The REFER creates a subscription in its own dialog. Its first NOTIFY follows the 2xx at once and
  states how long the subscription lasts; the last one ends it with a reason and no expires. A
  NOTIFY answered 481 ends the subscription for the notifier too.

  Background:
    Given Alice is in a call with Bob

  @RFC3515-2-b @RFC6665-4.2.2-a @RFC3515-2.4.4-b @RFC3515-2.4.4-i @RFC6665-4.2.2-d @RFC6665-4.2.2-e @RFC6665-4.1.3-f
  @RFC6665-4.1.3-g @RFC6665-8.3.1-b @RFC3515-2.2-b @RFC4488-4-a @RFC3515-2.4.5-c
  Scenario: Each NOTIFY belongs to the REFER's subscription and states its duration
    When Alice refers Bob to Carol
    Then Bob accepts the REFER
    And the response to the REFER conforms to schema "refer-2xx"
    And Bob's first NOTIFY to Alice comes at once, in the REFER's dialog
    And Bob notifies Alice with sipfrag "SIP/2.0 100 Trying"
    And Carol receives an INVITE from Bob referred by Alice
    When Carol answers
    Then Bob ends the subscription of Alice with reason noresource
    And Bob notifies Alice with sipfrag "SIP/2.0 200 OK" and ends the subscription
    And the Subscription-State of every NOTIFY from Bob to Alice is well formed
    And Alice answered every NOTIFY from Bob with 200

  @RFC6665-4.2.2-c @role:transferee
  Scenario: A NOTIFY answered 481 ends the subscription; the transfer still goes ahead
    Given Alice answers each NOTIFY from Bob as the scenario says
    When Alice refers Bob to Carol
    Then Bob accepts the REFER
    And Alice answers the first NOTIFY from Bob with 481
    And Carol receives an INVITE from Bob referred by Alice
    When Carol answers
    Then Bob sends Alice no further NOTIFY
