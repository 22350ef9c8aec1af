@feature:refer-outside-dialog
Feature: REFER outside the dialog, with Target-Dialog (RFC 3515 §2, RFC 4538 §3, RFC 7647 §4)
  A REFER may be sent outside the call it transfers, naming that call in Target-Dialog with
  Require: tdialog; the transferee accepts it and notifies in the REFER's own dialog. Toward a
  peer that never advertised tdialog the transferor keeps the REFER inside the call.

  Background:
    Given Alice is in a call with Bob

  @RFC3515-2-c @RFC7647-4-d @role:transferee
  Scenario: The transferee accepts a REFER sent outside the call with Target-Dialog
    When Alice refers Bob to Carol outside the dialog
    Then Bob accepts the REFER as RFC7647-4-d requires
    And Bob notifies Alice with sipfrag "SIP/2.0 100 Trying"
    And Carol receives an INVITE from Bob referred by Alice
    When Carol answers
    Then Bob notifies Alice with sipfrag "SIP/2.0 200 OK" and ends the subscription

  @RFC4538-3-e @RFC4538-3-b @RFC3515-2-e @role:transferor
  Scenario: Toward a transferee that never advertised tdialog the REFER stays in the call
    When Alice refers Bob to Carol
    Then the REFER from Alice stays in the call with Bob
    And Bob accepts the REFER
