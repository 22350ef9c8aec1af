@feature:blind-transfer
Feature: Blind transfer with REFER (RFC 3515, RFC 3892, RFC 5589 §6.2)
  The transferor refers the transferee to the target inside their call; the transferee accepts,
  reports the progress of the INVITE it sends to the target through the implicit refer
  subscription, and carries Referred-By to the target. The same scenario runs with the SUT as
  transferee, transferor or transfer target.

  Background:
    Given Alice is in a call with Bob

  @RFC3515-2.4.2-g @RFC3515-2.4.2-h @RFC3515-2.4.2-b @RFC3515-2.4.4-a @RFC3515-2.4.4-c @RFC3515-2.4.4-d
  @RFC3515-2.4.5-a @RFC3515-2.4.7-a @RFC3515-2.4.7-b @RFC3892-2.2-a @RFC3515-2.4.1-a @RFC3515-2-d @RFC5589-7.3-a @RFC3515-2.1-b @RFC3420-2-a @RFC3515-2.2-a
  Scenario: Transferee accepts a blind transfer and reports its progress
    When Alice refers Bob to Carol
    Then Bob accepts the REFER
    And Bob notifies Alice with sipfrag "SIP/2.0 100 Trying"
    And Carol receives an INVITE from Bob referred by Alice
    When Carol answers
    Then Bob notifies Alice with sipfrag "SIP/2.0 200 OK" and ends the subscription
    And the REFER conforms to schema "refer-request"
    And the final NOTIFY conforms to schema "notify-refer-final"
    And the INVITE to Carol conforms to schema "invite-referred"

  @RFC6665-4.1.3-c @RFC3515-2.4.7-b
  Scenario: No NOTIFY follows the one that terminated the subscription
    When Alice refers Bob to Carol
    Then Bob accepts the REFER
    And Bob notifies Alice with sipfrag "SIP/2.0 100 Trying"
    And Carol receives an INVITE from Bob referred by Alice
    When Carol answers
    Then Bob notifies Alice with sipfrag "SIP/2.0 200 OK" and ends the subscription
    And Bob sends no NOTIFY to Alice after the final one

  @RFC5589-6-c @RFC3515-2.4.4-e
  Scenario: The messages of a basic transfer come in the order of RFC 5589 Figure 2
    When Alice refers Bob to Carol
    Then Bob accepts the REFER
    And Bob notifies Alice with sipfrag "SIP/2.0 100 Trying"
    And Carol receives an INVITE from Bob referred by Alice
    When Carol answers
    Then Bob notifies Alice with sipfrag "SIP/2.0 200 OK" and ends the subscription
    And the messages were, in order:
      | from  | to    | message                   | order |
      | Alice | Bob   | REFER                     |       |
      | Bob   | Alice | 2xx to REFER              |       |
      | Bob   | Alice | NOTIFY                    | any   |
      | Bob   | Carol | INVITE                    |       |
      | Carol | Bob   | 200 to INVITE             |       |
      | Bob   | Carol | ACK                       |       |
      | Bob   | Alice | NOTIFY                    | any   |
