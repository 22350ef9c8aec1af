@feature:failed-transfer
Feature: A failed transfer leaves the original call in place (RFC 5589 §4, §6.3)

  @RFC5589-4-r2 @RFC5589-4-r3 @RFC3515-2.4.5-b
  Scenario: The target is busy; the transferee reports it and keeps the call
    Given Alice is in a call with Bob
    When Alice refers Bob to Carol
    Then Bob accepts the REFER
    And Bob notifies Alice with sipfrag "SIP/2.0 100 Trying"
    And Carol receives an INVITE from Bob referred by Alice
    When Carol rejects the call with 486
    Then Bob notifies Alice with sipfrag "SIP/2.0 486 Busy Here" and ends the subscription
    And Bob keeps the call with Alice
