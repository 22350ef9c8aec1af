@feature:refer-sub @role:transferee
Feature: A REFER with Refer-Sub is still a target refresh (RFC 4488 §4)
  Asking for no subscription changes nothing else about the REFER: its Contact becomes the remote
  target, so the transferee's later requests in the call go there.

  @RFC4488-4-c
  Scenario: After a REFER without a subscription from a new Contact, the transferee's BYE goes to that Contact
    Given Alice is in a call with Bob
    When Alice refers Bob to Carol without a subscription, from a new Contact
    Then Bob accepts the REFER
    And Carol receives an INVITE from Bob referred by Alice
    When Bob hangs up on Alice
    Then Bob's BYE to Alice goes to the Contact of the REFER
