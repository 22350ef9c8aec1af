@feature:refer-subscription @role:transferor
Feature: The transferor handles NOTIFYs as an RFC 6665 subscriber (RFC 3515 §2.4.4–§2.4.6, RFC 6665 §4.1.3, RFC 7647 §5)
  The REFER sender accepts the NOTIFYs of its subscription — even one that overtakes the 2xx, one
  carrying the Event id, one whose sipfrag has headers, after a 202 — and refuses NOTIFYs that match
  no subscription.

  Background:
    Given Alice is in a call with Bob

  @RFC3515-2.4.4-e @RFC6665-4.1.2.4-a
  Scenario: A NOTIFY that arrives before the 2xx to the REFER is accepted
    When Alice refers Bob to Carol
    Then Bob notifies Alice with sipfrag "SIP/2.0 100 Trying" as RFC3515-2.4.4-e requires
    And Bob accepts the REFER
    And Carol receives an INVITE from Bob referred by Alice
    When Carol answers
    Then Bob notifies Alice with sipfrag "SIP/2.0 200 OK" and ends the subscription

  @RFC7647-5-b @RFC6665-8.3.1-a
  Scenario: A 202 to the REFER is handled like a 200
    When Alice refers Bob to Carol
    Then Bob accepts the REFER with 202 Accepted
    And Bob notifies Alice with sipfrag "SIP/2.0 100 Trying" as RFC7647-5-b requires
    And Carol receives an INVITE from Bob referred by Alice
    When Carol answers
    Then Bob notifies Alice with sipfrag "SIP/2.0 200 OK" and ends the subscription

  @RFC6665-4.1.3-e
  Scenario: The transferor answers each NOTIFY at once, without waiting for its user
    When Alice refers Bob to Carol
    Then Bob accepts the REFER
    And Bob notifies Alice with sipfrag "SIP/2.0 100 Trying" as RFC6665-4.1.3-e requires
    And Carol receives an INVITE from Bob referred by Alice
    When Carol answers
    Then Bob notifies Alice with sipfrag "SIP/2.0 200 OK" and ends the subscription

  @RFC3515-2.4.6-b @RFC3515-2.4.5-e @RFC3420-2-a
  Scenario: NOTIFYs with the first REFER's Event id and a sipfrag with headers are accepted
    When Alice refers Bob to Carol
    Then Bob accepts the REFER
    And Bob notifies Alice with sipfrag "SIP/2.0 100 Trying" and the Event id of the REFER
    And Carol receives an INVITE from Bob referred by Alice
    When Carol answers
    Then Bob notifies Alice with sipfrag "SIP/2.0 200 OK" and response headers, ending the subscription

  @RFC6665-4.1.3-a
  Scenario: A refer NOTIFY without a REFER gets 481
    When Bob sends Alice a NOTIFY for event "refer" in their call
    Then Alice refuses the NOTIFY as RFC6665-4.1.3-a requires

  @RFC6665-4.1.3-b
  Scenario: A NOTIFY for an event package the transferor does not support gets 489
    When Bob sends Alice a NOTIFY for event "x-sipwright-unknown" in their call
    Then Alice refuses the NOTIFY as RFC6665-4.1.3-b requires

  @RFC3515-2.4.2-c @RFC3515-2.4.2-e @RFC6665-4.1.3-a
  Scenario Outline: A REFER declined with <status> leaves the call and creates no subscription
    When Alice refers Bob to Carol
    Then Bob rejects the REFER with <status>
    And Alice keeps the call with Bob
    When Bob sends Alice a NOTIFY for event "refer" in their call
    Then Alice refuses the NOTIFY as RFC6665-4.1.3-a requires

    Examples:
      | status |
      | 403    |
      | 603    |
      | 486    |

  @RFC6665-4.2.2-g @RFC6665-4.1.3-d
  Scenario: A final NOTIFY with retry-after is accepted, and the transferor does not subscribe again
    When Alice refers Bob to Carol
    Then Bob accepts the REFER
    And Bob notifies Alice with sipfrag "SIP/2.0 100 Trying"
    And Carol receives an INVITE from Bob referred by Alice
    When Carol answers
    Then Bob notifies Alice with sipfrag "SIP/2.0 200 OK", ending the subscription with retry-after
    And Alice does not subscribe to Bob again

  @RFC7614-4.8-b
  Scenario: A Refer-Events-At outside a 2xx to REFER is ignored
    When Alice refers Bob to Carol
    Then Bob accepts the REFER
    And Bob notifies Alice with sipfrag "SIP/2.0 100 Trying" and a stray Refer-Events-At
