@feature:refer-sub @role:transferor
Feature: The transferor asks for no subscription only where RFC 4488 allows it (RFC 4488 §4, §5)
  Require: norefersub is for a peer known to support it — one whose call advertised norefersub in
  Supported; otherwise a 420 costs a second REFER. Refer-Sub goes only on a REFER that cannot fork:
  outside a dialog that means a Request-URI with GRUU properties.

  @RFC4488-4-h @RFC4488-5-a @RFC4488-5-b
  Scenario: Toward a transferee that never advertised norefersub the REFER neither requires it nor risks forking
    Given Alice is in a call with Bob
    When Alice refers Bob to Carol
    Then the REFER from Alice to Bob asks for no subscription only as RFC 4488 allows
    And Bob accepts the REFER
