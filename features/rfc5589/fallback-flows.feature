@feature:consultative-transfer
Feature: How the transferor finishes a consultation that did not simply succeed (RFC 5589 §7.6, §7.7)
  A transferor that consults the target intending an attended transfer may say so with Require:
  replaces in its consultation INVITE (Figure 14). A target without Replaces answers 420, and the
  transferor switches at once to a basic transfer: a REFER whose Refer-To carries no Replaces.
  Asked to transfer while the consultation still rings, the transferor should not CANCEL it and
  refer blind (Figures 12 and 13, NOT RECOMMENDED because of races) but wait for the answer and
  transfer with Replaces (Figure 11). When the target's answer crosses the transferor's CANCEL
  (Figure 13), the call is up after all and the transfer is attended. A transferor that does not
  know whether the target supports Replaces may ask it with OPTIONS inside the consultation call
  (Figure 15); a target listing neither REFER nor replaces gets its call ended, and the transferee
  is referred to the target's address of record without Replaces.

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

  @RFC5589-7.6-b @role:transferor
  Scenario: Flow 11 — asked to transfer while the target rings, the transferor does not CANCEL but replaces the answered call
    Given Alice is in a call with Bob
    And Alice puts Bob on hold
    And Alice is calling Carol, who does not answer yet
    When Alice transfers Bob to Carol while the call to Carol still rings
    Then Alice sends no CANCEL to Carol as RFC5589-7.6-b requires
    When Carol answers Alice at last
    Then Alice's REFER reaches Bob, replacing the call with Carol
    And Bob accepts the REFER
    And Carol receives an INVITE from Bob replacing the call with Alice
    When Carol answers
    Then Carol ends the replaced call with Alice
    And Bob notifies Alice with sipfrag "SIP/2.0 200 OK" and ends the subscription

  @RFC3891-4-a @RFC3515-2.4.3-a @role:transferee
  Scenario: Flow 13 — the target answers as the transferor cancels; the transferor holds it and the transfer is attended
    Given Alice is in a call with Bob
    And Alice puts Bob on hold
    And Alice is calling Carol, who does not answer yet
    When Carol answers Alice just as Alice gives up calling
    And Alice puts Carol on hold
    And Alice refers Bob to Carol replacing the call with Carol
    Then Bob accepts the REFER
    And Carol receives an INVITE from Bob replacing the call with Alice
    When Carol answers
    Then Carol ends the replaced call with Alice
    And Bob notifies Alice with sipfrag "SIP/2.0 200 OK" and ends the subscription

  @RFC5589-7.7-b @role:transferor
  Scenario: Flow 15 — asked in the consultation call, the target lists neither REFER nor Replaces; the transferor ends that call and refers basic
    Given Bob is in a call with Alice
    And Alice puts Bob on hold
    And Alice is in a call with Carol
    And Carol supports neither REFER nor Replaces
    When Alice transfers Bob to Carol, asking Carol first what it supports
    Then Alice ends the call with Carol as RFC5589-7.7-b requires
    And Alice refers Bob to Carol without Replaces, as RFC5589-7.7-b requires
    And Bob accepts the REFER
    And Bob notifies Alice with sipfrag "SIP/2.0 100 Trying"
    And Carol receives an INVITE from Bob referred by Alice
    When Carol answers
    Then Bob notifies Alice with sipfrag "SIP/2.0 200 OK" and ends the subscription
    And Alice ends the call with Bob

  @RFC5589-6-a @RFC5589-6-b @RFC3891-6.2-a @RFC5589-4-r5 @role:target
  Scenario: Flow 15 — asked in the consultation call what it supports, the target lists REFER, NOTIFY, replaces and tdialog
    Given Alice is in a call with Carol
    When Alice asks Carol in their call what it supports
    Then Carol lists REFER, NOTIFY, replaces and tdialog in its answer
