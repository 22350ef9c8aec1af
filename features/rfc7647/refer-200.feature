@feature:refer-accept @role:transferee
Feature: A REFER is accepted with 200, not the deprecated 202 (RFC 7647 §5)

  @RFC7647-5-a @RFC7647-5-c
  Scenario: The transferee accepts a REFER with 200 OK
    Given Alice is in a call with Bob
    When Alice refers Bob to Carol
    Then Bob accepts the REFER with 200 OK
