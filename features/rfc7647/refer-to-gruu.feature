@feature:refer-outside-dialog @role:transferor
Feature: A REFER toward a GRUU leaves the dialog (RFC 7647 §4, RFC 6665 §4.5.2, RFC 4538 §3)
  A REFER creates a subscription, and a subscription must not share a dialog whose remote target
  is a GRUU. The transferor sends it outside the call instead, naming the call in Target-Dialog
  (with Require: tdialog) since the transferee advertised tdialog. Asking for no subscription with
  norefersub does not lift the rule; only requiring explicitsub or nosub does (RFC 7647 §4).

  @RFC7647-4-a @RFC7647-4-f @RFC6665-4.5.2-a @RFC7647-4-c @RFC4538-3-a @RFC4538-3-c @RFC4538-3-d
  @RFC7647-4-b @RFC7647-4-e
  Scenario: Toward a transferee whose Contact is a GRUU the REFER goes outside the call with Target-Dialog
    Given Alice is in a call with Bob, whose Contact is a GRUU
    When Alice refers Bob to Carol
    Then the REFER from Alice leaves the call with Bob, naming it in Target-Dialog
    And Bob accepts the REFER
    And Bob notifies Alice with sipfrag "SIP/2.0 100 Trying"
    And Carol receives an INVITE from Bob referred by Alice
    When Carol answers
    Then Bob notifies Alice with sipfrag "SIP/2.0 200 OK" and ends the subscription
