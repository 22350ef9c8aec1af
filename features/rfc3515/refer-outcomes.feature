@feature:refer-progress
Feature: The NOTIFYs report how the referenced request ended (RFC 3515 §2.4.2, §2.4.5)
  The final sipfrag's status class says whether the target accepted; a Refer-To the transferee
  cannot use is declined rather than accepted.

  Background:
    Given Alice is in a call with Bob

  @RFC3515-2.4.5-b @RFC3515-2.4.5-d @RFC6665-4.2.2-f
  Scenario Outline: The target answers <status>; the final NOTIFY reports a failure
    When Alice refers Bob to Carol
    Then Bob accepts the REFER
    And Bob notifies Alice with sipfrag "SIP/2.0 100 Trying"
    And Carol receives an INVITE from Bob referred by Alice
    When Carol rejects the call with <status>
    Then Bob notifies Alice that the transfer failed with <status>

    Examples:
      | status |
      | 486    |
      | 603    |
      | 404    |
      | 480    |

  @RFC3515-2.4.2-f @role:transferee
  Scenario: A REFER to a URI scheme the transferee cannot use is declined
    When Alice refers Bob to Carol with headers:
      | header   | value                          |
      | Refer-To | <http://www.example.com/lobby> |
    Then Bob declines the REFER as RFC3515-2.4.2-f requires
    And Bob keeps the call with Alice
