@epic:RFC3515 @feature:blind-transfer
Feature: Blind transfer with REFER (RFC 3515, RFC 3892)
  The transferee accepts a REFER from the transferor, reports the progress of the referenced
  INVITE through the implicit refer subscription, and carries Referred-By to the target.

  @RFC3515-2.4.2-g @RFC3515-2.4.2-h @RFC3515-2.4.2-b @RFC3515-2.4.4-a @RFC3515-2.4.4-c @RFC3515-2.4.4-d
  @RFC3515-2.4.5-a @RFC3515-2.4.7-a @RFC3515-2.4.7-b @RFC3892-2.2-a @role:transferee
  Scenario: Transferee accepts a blind transfer and reports its progress
    Given Alice is in a call with Bob
    When Alice refers Bob to Carol
    Then Bob accepts the REFER
    And Bob notifies Alice with sipfrag "SIP/2.0 100 Trying"
    And Carol receives an INVITE from Bob referred by Alice
    When Carol answers
    Then Bob notifies Alice with sipfrag "SIP/2.0 200 OK" and ends the subscription
