@feature:refer-errors @role:transferee
Feature: A transferee rejects malformed and unsupported REFERs (RFC 3515 §2.4.2, RFC 3261 §8.2.2.3)
  A REFER must carry exactly one Refer-To; anything else is a 400, and an option tag the
  transferee does not support in Require is a 420. The original call is not affected.

  Background:
    Given Alice is in a call with Bob

  @RFC3515-2.4.2-d
  Scenario: A REFER without Refer-To is rejected with 400
    When Alice refers Bob to Carol with headers:
      | header   | value  |
      | Refer-To | (none) |
    Then Bob rejects the REFER with 400 as RFC3515-2.4.2-d requires
    And Bob keeps the call with Alice

  @RFC3515-2.4.2-d
  Scenario: A REFER with two Refer-To values is rejected with 400
    When Alice refers Bob to Carol with headers:
      | header   | value   |
      | Refer-To | <Carol> |
      | Refer-To | <Dave>  |
    Then Bob rejects the REFER with 400 as RFC3515-2.4.2-d requires

  @RFC3261-8.2.2.3-a
  Scenario: A REFER requiring an unknown extension is rejected with 420
    When Alice refers Bob to Carol with headers:
      | header  | value              |
      | Require | x-sipwright-unknown |
    Then Bob rejects the REFER with 420 as RFC3261-8.2.2.3-a requires
