@feature:referred-by-token
Feature: Referred-By tokens (RFC 3892 §2.1, §2.3, §4, §4.1)
  A Referred-By token is a signed message/sipfrag (an S/MIME Authenticated Identity Body) that
  proves who referred. A referee may refuse a REFER without one with 429, after which the referrer
  may refer again with a token (§2.1, §2.2): the token part is named by a Content-ID equal to the
  Referred-By cid and copies the REFER's Refer-To, Referred-By and Date, without Call-ID, From or To
  (§4). A target must refuse a request whose token has a bad signature with 429, and may refuse a
  stale one — with 429, never 428 (§2.3, §4.1); the referee copies the token unchanged with the
  Referred-By (§2.2; RFC 5589 §8 Figure 16). Tokens are signed and checked with the openssl CLI
  and a throwaway key; the target checks the signature, not the certificate chain.

  @RFC3892-2.1-c @RFC3892-2.2-b @RFC3892-4-a @RFC3892-4-b @RFC3892-4-c @role:transferor
  Scenario: Refused for want of a Referred-By token, the transferor refers again with a signed one
    Given Alice is in a call with Bob
    When Alice refers Bob to Carol
    Then Bob rejects the REFER with 429
    When Alice refers Bob to Carol again, with a Referred-By token
    Then the Referred-By token in the REFER to Bob is a body part with the Content-ID its cid names
    And the Referred-By token in the REFER to Bob copies its Refer-To, Referred-By and Date, and no Call-ID, From or To
    And Bob accepts the REFER

  @RFC3892-2.3-d @RFC3892-4.1-a @role:target
  Scenario: The target refuses an INVITE whose Referred-By token has a bad signature with 429
    When Bob calls Carol referred by Alice with a Referred-By token whose signature is broken
    Then Carol answers Bob's INVITE with 429 as RFC3892-2.3-d requires

  @RFC3892-2.3-b @role:target
  Scenario: A stale Referred-By token is accepted or refused with 429, never 428
    When Bob calls Carol referred by Alice with a Referred-By token dated a day ago
    Then Carol accepts Bob's INVITE or refuses it with 429, not 428, as RFC3892-2.3-b requires

  @RFC3892-2.2-a @RFC3892-2.1-b @role:transferee @role:target
  Scenario: Flow 16 — attended transfer with a Referred-By token; the transferee copies it unchanged and the target accepts it
    Given Alice is in a call with Bob
    And Alice is in a call with Carol
    When Alice refers Bob to Carol replacing the call with Carol, with a Referred-By token
    Then Bob accepts the REFER
    And Carol receives an INVITE from Bob replacing the call with Alice
    And Bob copies the Referred-By token unchanged into its INVITE
    When Carol answers
    Then Carol ends the replaced call with Alice
    And Bob notifies Alice with sipfrag "SIP/2.0 200 OK" and ends the subscription
