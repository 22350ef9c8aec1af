@feature:attended-transfer
Feature: RFC 5589 attended transfer flows (§7.2–§7.7)
  The transferor holds calls with both the transferee and the target and refers one of them to
  the other with Replaces naming the call to be replaced (RFC 3891). The party that accepts the
  INVITE with Replaces ends the replaced call with BYE; the transferor learns the outcome from
  the final NOTIFY. The semi-attended and fallback variants (Figures 11–15) are in
  consultation-flows.feature and fallback-flows.feature; the transfer by a conference focus
  (Figure 17) in conference-flows.feature.

  Background:
    Given Alice is in a call with Bob
    And Alice puts Bob on hold
    And Alice is in a call with Carol
    And Alice puts Carol on hold
    And Bob supports Replaces
    And Carol supports Replaces

  @RFC5589-7.3-a @RFC3891-6.1-a @RFC3891-6.1-b @RFC3891-4-c @RFC3891-4-a @RFC3891-3-l @RFC5589-4-r4
  Scenario: Flow 7 — attended transfer: Refer-To names the target's Contact with Replaces
    When Alice refers Bob to Carol replacing the call with Carol
    Then Bob accepts the REFER
    And the Refer-To of Alice's REFER to Bob carries one to-tag and one from-tag in its Replaces
    And Bob notifies Alice with sipfrag "SIP/2.0 100 Trying"
    And Carol receives an INVITE from Bob replacing the call with Alice
    And Bob's INVITE to Carol goes to its Contact
    And Bob's INVITE to the target carries one Replaces with one to-tag and one from-tag
    When Carol answers
    Then Carol ends the replaced call with Alice
    And Bob notifies Alice with sipfrag "SIP/2.0 200 OK" and ends the subscription
    And the messages were, in order:
      | from  | to    | message        | order |
      | Alice | Bob   | REFER          |       |
      | Bob   | Carol | INVITE         |       |
      | Carol | Bob   | 200 to INVITE  |       |
      | Carol | Alice | BYE            | any   |
      | Bob   | Alice | NOTIFY         | any   |

  @RFC5589-7.2-a @role:transferee @role:target @role:transferor
  Scenario: Flow 6 — the transferor refers the target, which replaces the call with the transferee
    When Alice refers Carol to Bob replacing the call with Bob
    Then Carol accepts the REFER
    And Carol notifies Alice with sipfrag "SIP/2.0 100 Trying"
    And Bob receives an INVITE from Carol replacing the call with Alice
    When Bob answers
    Then Bob ends the call with Alice as RFC5589-7.2-a requires
    And Carol notifies Alice with sipfrag "SIP/2.0 200 OK" and ends the subscription

  @RFC5589-7.4-a @role:transferor @role:target
  Scenario: Flow 8 — the transferee does not implement REFER; the transferor refers the target instead
    When Alice refers Bob to Carol replacing the call with Carol
    Then Bob rejects the REFER with 501
    And Alice refers Carol to Bob instead, replacing the call with Bob
    And Carol accepts the REFER
    And Carol notifies Alice with sipfrag "SIP/2.0 100 Trying"
    And Bob receives an INVITE from Carol replacing the call with Alice
    When Bob answers
    Then Bob ends the call with Alice
    And Carol notifies Alice with sipfrag "SIP/2.0 200 OK" and ends the subscription

  @RFC5589-7.3-b @role:transferee @role:target
  Scenario: Flow 9 — Refer-To with Require=replaces: the INVITE to the target requires replaces
    When Alice refers Bob to Carol replacing the call with Carol, requiring replaces
    Then Bob accepts the REFER
    And Carol receives an INVITE from Bob replacing the call with Alice
    And Bob's INVITE to the target requires replaces
    When Carol answers
    Then Carol ends the replaced call with Alice

  @RFC5589-7.5-c @RFC3515-2.4.6-a
  Scenario: Flow 10 — the first attempt is refused, a second REFER in the same dialog succeeds
    When Alice refers Bob to Carol replacing the call with Carol
    Then Bob accepts the REFER
    And Bob notifies Alice with sipfrag "SIP/2.0 100 Trying"
    And Carol receives an INVITE from Bob replacing the call with Alice
    When Carol rejects the call with 403
    Then Bob notifies Alice with sipfrag "SIP/2.0 403 Forbidden" and ends the subscription
    When Alice refers Bob to Carol replacing the call with Carol
    Then Bob accepts the REFER
    And Bob notifies Alice with sipfrag "SIP/2.0 100 Trying"
    And Carol receives an INVITE from Bob replacing the call with Alice
    When Carol answers
    Then Carol ends the replaced call with Alice
    And Bob notifies Alice with sipfrag "SIP/2.0 200 OK" and ends the subscription
