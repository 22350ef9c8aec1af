@feature:explicit-subscription @role:transferee
Feature: REFER with an explicit subscription, or none (RFC 7614)
  Require: explicitsub asks for no implicit subscription and a Refer-Events-At URI to subscribe
  at instead; Require: nosub asks for no subscription at all. Either way no NOTIFY follows the
  REFER in its dialog; the refer state behind a Refer-Events-At URI outlives the reference.

  Background:
    Given Alice is in a call with Bob

  @RFC7614-4.1-a @RFC7614-4.3-a @RFC7614-4.3-b @RFC7614-4.8-a @RFC7614-6-c
  Scenario: A REFER requiring explicitsub gets a Refer-Events-At URI and no NOTIFY
    When Alice refers Bob to Carol with headers:
      | header  | value       |
      | Require | explicitsub |
    Then Bob accepts the REFER
    And Bob's answer to the REFER gives a URI for its progress
    And Carol receives an INVITE from Bob referred by Alice
    When Carol answers
    Then Bob sends Alice no NOTIFY for the REFER

  @RFC7614-4.7-a @RFC7614-4.7-b @RFC7614-7-a @RFC7614-6-a @RFC7614-6-b
  Scenario: A SUBSCRIBE at the Refer-Events-At URI after the transfer gets the final state at once
    When Alice refers Bob to Carol with headers:
      | header  | value       |
      | Require | explicitsub |
    Then Bob accepts the REFER
    And Bob's answer to the REFER gives a URI for its progress
    And Carol receives an INVITE from Bob referred by Alice
    When Carol answers
    And Alice subscribes to the REFER's progress at the URI Bob gave
    Then Bob accepts the SUBSCRIBE as RFC7614-4.7-a requires
    And Bob notifies Alice of the final state "SIP/2.0 200 OK" in the new subscription
    And Bob requires explicitsub or nosub only in answers to REFER

  @RFC7614-4.3-c
  Scenario: Each explicitsub REFER gets its own Refer-Events-At URI
    When Alice refers Bob to Carol with headers:
      | header  | value       |
      | Require | explicitsub |
    Then Bob accepts the REFER
    When Alice refers Bob to Dave with headers:
      | header  | value       |
      | Require | explicitsub |
    Then Bob accepts the REFER
    And the REFERs to Bob got different Refer-Events-At URIs

  @RFC7614-5.1-a @RFC7614-5.3-a
  Scenario: A REFER requiring nosub creates no subscription
    When Alice refers Bob to Carol with headers:
      | header  | value |
      | Require | nosub |
    Then Bob accepts the REFER
    And Carol receives an INVITE from Bob referred by Alice
    When Carol answers
    Then Bob sends Alice no NOTIFY for the REFER
