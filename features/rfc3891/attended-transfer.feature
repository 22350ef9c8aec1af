@feature:attended-transfer
Feature: Attended transfer with Replaces (RFC 3891, RFC 5589 §7)
  The transferor, in calls with both, refers the transferee to the target with a Replaces that
  names the transferor's call with the target. The transferee sends the target an INVITE with a
  Replaces header; the target accepts it and ends the replaced call with BYE.

  @RFC3891-4-a @RFC3891-3-a @RFC3891-3-l @RFC3515-2.4.3-a @RFC5589-4-r4
  Scenario: The target replaces its call with the transferor by the transferee's call
    Given Alice is in a call with Bob
    And Alice puts Bob on hold
    And Alice is in a call with Carol
    And Bob supports Replaces
    And Carol supports Replaces
    When Alice refers Bob to Carol replacing the call with Carol
    Then Bob accepts the REFER
    And Bob notifies Alice with sipfrag "SIP/2.0 100 Trying"
    And Carol receives an INVITE from Bob replacing the call with Alice
    When Carol answers
    Then Carol ends the replaced call with Alice
    And Bob notifies Alice with sipfrag "SIP/2.0 200 OK" and ends the subscription
