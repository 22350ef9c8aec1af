@feature:refer-subscription @role:transferee
Feature: NOTIFYs for a second REFER in a dialog carry the Event id (RFC 3515 §2.4.6)

  @RFC3515-2.4.6-a @RFC3515-2.4.4-c
  Scenario: The second REFER's NOTIFYs carry id equal to its CSeq
    Given Alice is in a call with Bob
    When Alice refers Bob to Carol
    Then Bob accepts the REFER
    And Bob notifies Alice with sipfrag "SIP/2.0 100 Trying"
    And Carol receives an INVITE from Bob referred by Alice
    When Carol rejects the call with 486
    Then Bob notifies Alice with sipfrag "SIP/2.0 486 Busy Here" and ends the subscription
    When Alice refers Bob to Dave
    Then Bob accepts the REFER
    And Bob notifies Alice with sipfrag "SIP/2.0 100 Trying"
