@feature:refer-sub
Feature: REFER without an implicit subscription (RFC 4488)
  A transferor may ask for no subscription with Refer-Sub: false. The transferee may grant it
  (Refer-Sub: false in its 2xx, then no NOTIFY) or decline it (no Refer-Sub, then NOTIFYs as
  usual): both are conformant; granting and notifying anyway, or neither granting nor notifying,
  are not.

  @RFC4488-4-e @RFC4488-4-f @RFC4488-4-b @role:transferee
  Scenario: The transferee honours the Refer-Sub choice it answered with
    Given Alice is in a call with Bob
    When Alice refers Bob to Carol without a subscription
    Then Bob accepts the REFER
    And Carol receives an INVITE from Bob referred by Alice
    When Carol answers
    Then Bob honours the Refer-Sub of its answer to Alice
    And every Refer-Sub from Bob is true or false
