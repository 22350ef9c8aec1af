@feature:capabilities
Feature: A transfer-capable UA says what it supports (RFC 5589 §4, §6; RFC 3891 §6.2)
  RFC 5589 §6 asks every party to list REFER and NOTIFY in Allow and tdialog in Supported, in its
  INVITEs, their 200 OK and OPTIONS answers; RFC 3891 §6.2 requires a UA that implements Replaces
  to list replaces in Supported. Whichever party the SUT plays, its calls are checked.

  @RFC5589-6-a @RFC5589-6-b @RFC3891-6.2-a @RFC5589-4-r5 @RFC5589-1-b
  Scenario: INVITEs and their 200 OK advertise the transfer primitives
    Given Alice is in a call with Bob
    And Alice is in a call with Carol
    And Bob calls Carol
    Then Alice advertises REFER, NOTIFY, replaces and tdialog in its calls
    And Bob advertises REFER, NOTIFY, replaces and tdialog in its calls
    And Carol advertises REFER, NOTIFY, replaces and tdialog in its calls

  @RFC5589-1-a @RFC5589-7.5-b
  Scenario: The Contact of a call reaches the UA from outside the call
    Given Alice is in a call with Bob
    And Alice is in a call with Carol
    Then Dave reaches Alice at the Contact of its calls
    And Dave reaches Bob at the Contact of its calls
    And Dave reaches Carol at the Contact of its calls

  @RFC5589-6-a @RFC5589-6-b @RFC3891-6.2-a @RFC5589-4-r5 @RFC5589-1-b
  Scenario Outline: An OPTIONS answer advertises the transfer primitives
    When Dave asks <party> what it supports
    Then <party> lists REFER, NOTIFY, replaces and tdialog in its answer

    @role:transferor
    Examples: the transferor
      | party |
      | Alice |

    @role:transferee
    Examples: the transferee
      | party |
      | Bob   |

    @role:target
    Examples: the transfer target
      | party |
      | Carol |
