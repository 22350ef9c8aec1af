@feature:ect
Feature: 3GPP TS 24.629 Explicit Communication Transfer between UEs (with RFC 3325 identities)
  ECT builds on REFER (RFC 3515), Referred-By (RFC 3892) and Replaces (RFC 3891). TS 24.629 §4.2.1
  asks for transfer without a consultation call (blind, or assured: the transferor follows the
  progress and retrieves the call if it fails) and with one (consultative). The scenarios below
  check that at the UE level.

  Not verified from the specification text (TS 24.629 is not available here, so these clauses are
  catalogued as not observable and no scenario asserts them): §4.5.2.1 a–e (transferor UE: Refer-To
  with Replaces, Referred-By, hold before transfer, Refer-Sub for blind transfer, assured transfer
  keeping the call until the final NOTIFY), §4.5.2.4 (transferor AS), §4.5.2.5 (transferee UE),
  the transfer-target UE clause, and the stage-2 flow of TS 23.228. §4.2.1 was checked against a
  public excerpt, §4.5.2.1 f (REFER outside the dialog to a GRUU) against the text quoted in
  TS 34.229-5 §8.36.2. An AS in the signalling path (§4.2.1 b) needs
  a proxy SUT role that sipwright does not have.

  Background:
    Given Alice is in a call with Bob
    And Alice puts Bob on hold

  @TS24629-4.2.1-a
  Scenario: Blind transfer without a consultation call
    When Alice refers Bob to Carol
    Then Bob accepts the REFER
    And Carol receives an INVITE from Bob referred by Alice
    When Carol answers
    Then Bob notifies Alice with sipfrag "SIP/2.0 200 OK" and ends the subscription
    And Alice ends the call with Bob

  @TS24629-4.2.1-a
  Scenario: Assured transfer: the target does not take the call and the transferor retrieves it
    When Alice refers Bob to Carol
    Then Bob accepts the REFER
    And Carol receives an INVITE from Bob referred by Alice
    When Carol rejects the call with 480
    Then Bob notifies Alice with sipfrag "SIP/2.0 480 Temporarily Unavailable" and ends the subscription
    And Alice takes Bob off hold

  @TS24629-4.2.1-a
  Scenario: Consultative transfer replaces the consultation call
    Given Alice is in a call with Carol
    And Bob supports Replaces
    And Carol supports Replaces
    When Alice refers Bob to Carol replacing the call with Carol
    Then Bob accepts the REFER
    And Carol receives an INVITE from Bob replacing the call with Alice
    When Carol answers
    Then Carol ends the replaced call with Alice
    And Bob notifies Alice with sipfrag "SIP/2.0 200 OK" and ends the subscription

  @RFC3325-8-a @RFC3325-6-a @role:transferee
  Scenario: The transferee neither reuses an untrusted P-Asserted-Identity nor sends P-Preferred-Identity to the target
    When Alice refers Bob to Carol with headers:
      | header              | value                                 |
      | P-Asserted-Identity | <sip:operator-boss@ims.example.invalid> |
    Then Bob accepts the REFER
    And Carol receives an INVITE from Bob referred by Alice
    And Bob asserts no identity of its own choosing to the target

  @TS24629-4.5.2.1-f @RFC5589-5-c @role:transferor
  Scenario: Toward a transferee whose Contact is a GRUU the transferor UE refers outside the call, to that GRUU
    Given Alice is in a call with Dave, whose Contact is a GRUU
    When Alice refers Dave to Carol
    Then the REFER from Alice leaves the call with Dave, naming it in Target-Dialog
    And the REFER from Alice goes to the GRUU of Dave
    And Dave accepts the REFER
    And Carol receives an INVITE from Dave referred by Alice
