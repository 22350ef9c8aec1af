@feature:basic-transfer
Feature: The call with the transferee outlives the REFER (RFC 5589 §5)
  A successful REFER does not end the session between transferor and transferee: RFC 5589 §5
  says ending it takes a separate BYE, which Figures 1 and 2 show the transferor sending once the
  NOTIFY reports the target's 200 OK.

  @RFC5589-5-a @role:transferor
  Scenario: The transferor keeps the call while the transfer runs, and ends it with a BYE of its own after the final NOTIFY
    Given Alice is in a call with Bob
    When Alice refers Bob to Carol
    Then Bob accepts the REFER
    And Alice keeps the call with Bob as RFC5589-5-a requires
    And Bob notifies Alice with sipfrag "SIP/2.0 100 Trying"
    And Carol receives an INVITE from Bob referred by Alice
    When Carol answers
    Then Bob notifies Alice with sipfrag "SIP/2.0 200 OK" and ends the subscription
    And Alice ends the call with Bob as RFC5589-5-a requires
