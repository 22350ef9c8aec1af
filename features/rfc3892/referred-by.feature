@feature:referred-by
Feature: Referred-By from the REFER to the triggered INVITE (RFC 3892 §2.1, §2.2, §5)
  A REFER may carry one Referred-By naming the referrer (RFC 3892 §2.1; RFC 5589 §4 req 6 asks
  the transferor to tell the target who transfers). The referee copies it, unchanged, into the
  request it sends, and shows the target the identity it showed the referrer (§2.2). A target
  that wants the referrer's identity proven answers 429, which goes back in the final NOTIFY (§5).
  Referred-By tokens (S/MIME, §2.1 cid, §4) are not produced by the framework.

  Background:
    Given Alice is in a call with Bob

  @RFC3892-2.1-a @RFC3892-2.1-b @RFC5589-4-r6 @role:transferor
  Scenario: The transferor names itself in exactly one Referred-By
    When Alice refers Bob to Carol
    Then Alice names itself in the one Referred-By of its REFER to Bob
    And Bob accepts the REFER
    And Carol receives an INVITE from Bob referred by Alice

  @RFC3892-2.2-a @RFC3892-2.2-d @role:transferee
  Scenario: The transferee copies Referred-By unchanged and calls as itself
    When Alice refers Bob to Carol with headers:
      | header      | value                                        |
      | Referred-By | "Alice Transferor" <Alice>;x-sipwright=kept  |
    Then Bob accepts the REFER
    And Carol receives an INVITE from Bob referred by Alice
    And Bob copies Referred-By unchanged into its INVITE
    And Bob calls the target under the identity it has toward the transferor

  @RFC3892-3-b @role:transferee
  Scenario: A Referred-By URI with parameters keeps its angle brackets in the INVITE to the target
    When Alice refers Bob to Carol with headers:
      | header      | value                  |
      | Referred-By | <Alice;transport=udp>  |
    Then Bob accepts the REFER
    And Carol receives an INVITE from Bob referred by Alice
    And Bob copies Referred-By unchanged into its INVITE

  @RFC3892-2.1-d @role:transferee
  Scenario: A REFER without Referred-By is accepted too
    When Alice refers Bob to Carol with headers:
      | header      | value  |
      | Referred-By | (none) |
    Then Bob accepts the REFER as RFC3892-2.1-d requires
    And Carol receives an INVITE from Bob referred by Alice

  @RFC3892-5-a @RFC5589-4-r3
  Scenario: The target's 429 Provide Referrer Identity goes back to the transferor
    When Alice refers Bob to Carol
    Then Bob accepts the REFER
    And Carol receives an INVITE from Bob referred by Alice
    When Carol rejects the call with 429 "Provide Referrer Identity"
    Then Bob passes the target's 429 back to Alice in the final NOTIFY
    And Bob keeps the call with Alice

  @RFC3892-3-a @role:transferee
  Scenario: A Referred-By in its compact form b is understood and carried on
    When Alice refers Bob to Carol with a compact Referred-By
    Then Bob accepts the REFER
    And Carol receives an INVITE from Bob referred by Alice
