@feature:consultative-transfer
Feature: The transferor falls back to a basic transfer when the target lacks Replaces (RFC 5589 §7.7)
  A transferor that consults the target intending an attended transfer may say so with Require:
  replaces in its consultation INVITE (Figure 14). A target without Replaces answers 420, and the
  transferor switches at once to a basic transfer: a REFER whose Refer-To carries no Replaces.

  @RFC5589-7.7-a @role:transferor
  Scenario: Flow 14 — the target refuses the consultation with 420, the transferor refers basic at once
    Given Alice is in a call with Bob
    And Alice puts Bob on hold
    When Alice calls Carol requiring replaces
    And Carol rejects the call with 420
    And Alice completes the attended transfer of Bob to Carol
    Then the Refer-To of Alice's REFER to Bob carries no Replaces, as RFC5589-7.7-a requires
    And Bob accepts the REFER
    And Carol receives an INVITE from Bob referred by Alice
    When Carol answers
    Then Bob notifies Alice with sipfrag "SIP/2.0 200 OK" and ends the subscription
