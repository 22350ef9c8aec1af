@feature:capabilities
Feature: Calls advertise Target-Dialog support (RFC 4538 §6)
  So that a REFER can later be sent outside the call with Target-Dialog, dialog-forming requests
  and their responses list tdialog in Supported. Whichever party the SUT plays, its calls are checked.

  @RFC4538-6-a
  Scenario: The INVITE and the 200 OK of a call list tdialog in Supported
    Given Alice is in a call with Bob
    And Carol calls Alice
    Then Alice advertises REFER, NOTIFY, replaces and tdialog in its calls
    And Bob advertises REFER, NOTIFY, replaces and tdialog in its calls
