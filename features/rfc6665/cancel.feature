@feature:refer-subscription
Feature: SUBSCRIBE and NOTIFY are never cancelled (RFC 6665 §4.6)
  Neither a SUBSCRIBE nor a NOTIFY can be cancelled: a CANCEL for one is answered and otherwise
  ignored, and user agents do not send such CANCELs. Whichever party the SUT plays, it is checked.

  @RFC6665-4.6-b
  Scenario: No party cancels a NOTIFY of the transfer
    Given Alice is in a call with Bob
    When Alice refers Bob to Carol
    Then Bob accepts the REFER
    And Bob notifies Alice with sipfrag "SIP/2.0 100 Trying"
    And Carol receives an INVITE from Bob referred by Alice
    When Carol answers
    Then Bob notifies Alice with sipfrag "SIP/2.0 200 OK" and ends the subscription
    And Bob cancels no SUBSCRIBE or NOTIFY
    And Alice cancels no SUBSCRIBE or NOTIFY

  @RFC6665-4.6-a @role:transferee
  Scenario: A CANCEL of a refresh SUBSCRIBE is answered and changes nothing
    Given Alice is in a call with Bob
    When Alice refers Bob to Carol
    Then Bob accepts the REFER
    And Bob notifies Alice with sipfrag "SIP/2.0 100 Trying"
    When Alice refreshes the subscription to the REFER at Bob
    Then Bob accepts the SUBSCRIBE
    When Alice cancels its SUBSCRIBE to Bob
    Then Bob answers the CANCEL with 200
    And Bob notifies Alice again for the refresh
    And Carol receives an INVITE from Bob referred by Alice
    When Carol answers
    Then Bob notifies Alice with sipfrag "SIP/2.0 200 OK" and ends the subscription
