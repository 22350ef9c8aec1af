@feature:explicit-subscription @role:transferee
Feature: The REFER extensions' option tags are negotiated with 420 and 421 (RFC 4488 §4, RFC 7614 §6)
  A REFER may require norefersub: a transferee that lacks it answers 420 naming it in Unsupported.
  A REFER may offer explicitsub and nosub in Supported only: a transferee that wants one of them
  answers 421 naming it in Require. Taking the REFER up as it is is always allowed.

  Background:
    Given Alice is in a call with Bob

  @RFC4488-4-i
  Scenario: A REFER requiring norefersub is taken up, or refused with 420 naming norefersub
    When Alice refers Bob to Carol with headers:
      | header    | value      |
      | Refer-Sub | false      |
      | Require   | norefersub |
    Then Bob accepts the REFER or answers 420 with norefersub unsupported

  @RFC7614-6-d
  Scenario: A REFER offering explicitsub and nosub is taken up, or answered 421 requiring one of them
    When Alice refers Bob to Carol with headers:
      | header    | value             |
      | Supported | explicitsub, nosub |
    Then Bob accepts the REFER or answers 421 requiring explicitsub or nosub
