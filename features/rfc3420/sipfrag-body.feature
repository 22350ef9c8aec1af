@feature:sipfrag
Feature: A sipfrag that carries a body describes it (RFC 3420 §2)
  A message/sipfrag may keep the body of the message it was cut from; then it must also keep the
  header fields describing that body (Content-Type, Content-Length) and the empty line before it.
  A transferee that reports the target's final response with its body must do so; one that sends
  only the status line (as most do) passes.

  @RFC3420-2-b @role:transferee
  Scenario: The final NOTIFY's sipfrag describes any body it carries
    Given Alice is in a call with Bob
    When Alice refers Bob to Carol
    Then Bob accepts the REFER
    And Carol receives an INVITE from Bob referred by Alice
    When Carol answers
    Then Bob notifies Alice with sipfrag "SIP/2.0 200 OK" and ends the subscription
    And every sipfrag from Bob to Alice that carries a body describes it with Content-Type and Content-Length
