@feature:consultative-transfer
Feature: RFC 5589 consultation variants (§7.6 semi-attended, §7.7 fallback to basic transfer)
  How the transferor consults the target varies: it may transfer once a ringing target answers
  (Figure 11), give up on a ringing target and transfer blind (Figure 12, NOT RECOMMENDED but
  seen in practice), or fall back to a basic transfer when the target refuses Replaces (Figure 14)
  or lacks it (Figure 15). Whatever the transferor did, the transferee and the target must
  complete the transfer it finally asks for. Figure 13 (the target's answer crosses the CANCEL)
  and the transferor's side of Figure 15 (asking the target in the consultation call) are in
  fallback-flows.feature.

  Background:
    Given Alice is in a call with Bob
    And Alice puts Bob on hold

  @RFC3891-3-l @RFC5589-4-r4 @role:transferee @role:transferor
  Scenario: Flow 11 — semi-attended: the target answers after ringing, the transfer is attended
    Given Alice is calling Carol, who does not answer yet
    When Carol answers Alice at last
    And Alice refers Bob to Carol replacing the call with Carol
    Then Bob accepts the REFER
    And Carol receives an INVITE from Bob replacing the call with Alice
    When Carol answers
    Then Carol ends the replaced call with Alice
    And Bob notifies Alice with sipfrag "SIP/2.0 200 OK" and ends the subscription

  @RFC3515-2.4.2-b @role:transferee
  Scenario: Flow 12 — the transferor gives up on the ringing target and transfers blind
    Given Alice is calling Carol, who does not answer yet
    When Alice gives up calling Carol
    And Alice refers Bob to Carol
    Then Bob accepts the REFER
    And Carol receives an INVITE from Bob referred by Alice
    When Carol answers
    Then Bob notifies Alice with sipfrag "SIP/2.0 200 OK" and ends the subscription

  @RFC3515-2.4.2-b @role:transferee
  Scenario: Flow 14 — the target refuses Require: replaces, the transfer falls back to basic
    When Alice calls Carol requiring replaces
    And Carol rejects the call with 420
    And Alice refers Bob to Carol
    Then Bob accepts the REFER
    And Carol receives an INVITE from Bob referred by Alice
    When Carol answers
    Then Bob notifies Alice with sipfrag "SIP/2.0 200 OK" and ends the subscription

  @RFC5589-6-a @RFC5589-6-b @role:transferee
  Scenario: Flow 15 — the transferor asks the transferee what it supports, consults, then transfers basic
    When Alice asks Bob in their call what it supports
    Then Bob lists REFER, NOTIFY, replaces and tdialog in its answer
    Given Alice is in a call with Carol
    When Alice hangs up on Carol
    And Alice refers Bob to Carol
    Then Bob accepts the REFER
    And Carol receives an INVITE from Bob referred by Alice
    When Carol answers
    Then Bob notifies Alice with sipfrag "SIP/2.0 200 OK" and ends the subscription
