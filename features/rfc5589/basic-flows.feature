@feature:basic-transfer
Feature: RFC 5589 basic transfer flows (§6.1, §6.2, §6.3, §7.1)
  The transferor refers the held transferee to the target. With dialog reuse (Figure 2) the REFER
  and its NOTIFYs travel in the call itself; with Target-Dialog (Figure 1) in a dialog of their
  own. When the target is busy or does not answer (Figures 3, 4) the transferee reports the failure
  and the transferor takes the transferee off hold. RFC 5589's figures answer REFER with 202; the
  steps accept 200 or 202 (RFC 7647 §5 is checked in features/rfc7647).

  Background:
    Given Alice is in a call with Bob
    And Alice puts Bob on hold

  @RFC5589-5-d @RFC5589-5-b @RFC5589-4-r3 @RFC5589-6-c @RFC3892-2.2-a
  Scenario: Flow 2 — basic transfer reusing the call's dialog, then the transferor hangs up
    When Alice refers Bob to Carol
    Then Bob accepts the REFER
    And Alice sends the REFER inside its call with Bob
    And Bob notifies Alice with sipfrag "SIP/2.0 100 Trying"
    And Carol receives an INVITE from Bob referred by Alice
    And Bob's INVITE to the target offers media afresh
    When Carol answers
    Then Bob notifies Alice with sipfrag "SIP/2.0 200 OK" and ends the subscription
    And Alice ends the call with Bob

  @RFC5589-5-e @role:transferee
  Scenario: Flow 1 — basic transfer with the REFER outside the call (Target-Dialog)
    When Alice refers Bob to Carol outside the dialog
    Then Bob accepts the REFER as RFC5589-5-e requires
    And Carol receives an INVITE from Bob referred by Alice
    When Carol answers
    Then Bob keeps the call with Alice

  @RFC5589-6.3-a @RFC5589-4-r2 @RFC3515-2.4.5-b
  Scenario Outline: Flows 3 and 4 — the transfer fails (<why>); the transferor takes the transferee off hold
    When Alice refers Bob to Carol
    Then Bob accepts the REFER
    And Bob notifies Alice with sipfrag "SIP/2.0 100 Trying"
    And Carol receives an INVITE from Bob referred by Alice
    When Carol rejects the call with <status>
    Then Bob notifies Alice with sipfrag "<sipfrag>" and ends the subscription
    And Alice takes Bob off hold
    And Bob keeps the call with Alice

    Examples:
      | why                                        | status | sipfrag                        |
      | target busy, Figure 3                      | 486    | SIP/2.0 486 Busy Here          |
      | no answer, Figure 4: the INVITE ended 487  | 487    | SIP/2.0 487 Request Terminated |

  @RFC5589-4-r3 @RFC3515-2.4.2-b
  Scenario: Flow 5 — the transferor consults the target, hangs up, then transfers
    Given Alice is in a call with Carol
    When Alice hangs up on Carol
    And Alice refers Bob to Carol
    Then Bob accepts the REFER
    And Bob notifies Alice with sipfrag "SIP/2.0 100 Trying"
    And Carol receives an INVITE from Bob referred by Alice
    When Carol answers
    Then Bob notifies Alice with sipfrag "SIP/2.0 200 OK" and ends the subscription

  @RFC5589-4-r1 @role:transferee
  Scenario: A transferee that placed the call itself is transferred all the same
    Given Bob is in a call with Dave
    When Dave refers Bob to Carol
    Then Bob accepts the REFER as RFC5589-4-r1 requires
    And Carol receives an INVITE from Bob referred by Dave
