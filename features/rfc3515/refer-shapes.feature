@feature:refer-syntax @role:transferee
Feature: The REFER in its less common shapes, and retransmitted (RFC 3515 §2, §2.1, §2.3)
  Refer-To may arrive in its compact form r, and a REFER may carry a body that RFC 3515 gives no
  meaning (here a note, optional to handle). Neither changes what the transferee does. Over UDP a
  REFER may arrive twice: it is a non-INVITE request, answered again with the same response.

  Background:
    Given Alice is in a call with Bob

  @RFC3515-2.1-a
  Scenario: A Refer-To in its compact form r is understood
    When Alice refers Bob to Carol with a compact Refer-To
    Then Bob accepts the REFER as RFC3515-2.1-a requires
    And Carol receives an INVITE from Bob referred by Alice

  @RFC3515-2.3-a
  Scenario: A REFER that carries a body is still acted on
    When Alice refers Bob to Carol with a note in the body
    Then Bob accepts the REFER as RFC3515-2.3-a requires
    And Carol receives an INVITE from Bob referred by Alice

  @RFC3515-2-a
  Scenario: A retransmitted REFER gets the same response again, like any non-INVITE request
    When Alice refers Bob to Carol
    Then Bob accepts the REFER
    And Bob answers a retransmission of the REFER with the same response
