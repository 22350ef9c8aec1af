@feature:refer-subscription @role:transferee
Feature: The REFER sender refreshes or ends the refer subscription (RFC 3515 §2.4.4, §3.4, RFC 6665 §4.2.1.4)
  The implicit subscription is a subscription like any other: a SUBSCRIBE in its dialog refreshes
  it (and gets a NOTIFY) or, with Expires: 0, ends it at once — without withdrawing the reference
  (no CANCEL of the INVITE to the target, RFC 3515 §2.4.4).
  A SUBSCRIBE to event refer that no REFER created is refused with 403.

  Background:
    Given Alice is in a call with Bob

  @RFC3515-2.4.4-g @RFC3515-3.4-b @RFC6665-8.3.1-b
  Scenario: A refresh SUBSCRIBE is accepted and answered with a fresh NOTIFY
    When Alice refers Bob to Carol
    Then Bob accepts the REFER
    And Bob notifies Alice with sipfrag "SIP/2.0 100 Trying"
    When Alice refreshes the subscription to the REFER at Bob
    Then Bob accepts the SUBSCRIBE
    And Bob notifies Alice again for the refresh
    And Carol receives an INVITE from Bob referred by Alice
    When Carol answers
    Then Bob notifies Alice with sipfrag "SIP/2.0 200 OK" and ends the subscription

  @RFC6665-4.2.1.4-a @RFC3515-3.4-b @RFC6665-4.2.2-e @RFC6665-4.1.3-f @RFC3515-2.4.4-f
  Scenario: Unsubscribing ends the subscription at once, with reason timeout, but not the transfer
    When Alice refers Bob to Carol
    Then Bob accepts the REFER
    And Carol receives an INVITE from Bob referred by Alice
    When Alice ends the subscription to the REFER at Bob
    Then Bob accepts the SUBSCRIBE
    And Bob ends the subscription of Alice with reason timeout
    And Bob sends no CANCEL to Carol as RFC3515-2.4.4-f requires
    When Carol answers
    Then Bob sends no NOTIFY to Alice after the final one

  @RFC3515-2.4.4-h
  Scenario: A SUBSCRIBE to refer events that no REFER created is refused with 403
    When Alice subscribes to refer events in the call with Bob
    Then Bob rejects the SUBSCRIBE with 403 as RFC3515-2.4.4-h requires

  @RFC6665-4.5.2-c @RFC3515-2.4.6-a
  Scenario: The refresh of a second REFER's subscription and its NOTIFY carry the same id
    When Alice refers Bob to Carol
    Then Bob accepts the REFER
    And Bob notifies Alice with sipfrag "SIP/2.0 100 Trying"
    And Carol receives an INVITE from Bob referred by Alice
    When Carol rejects the call with 486
    Then Bob notifies Alice that the transfer failed with 486
    When Alice refers Bob to Dave
    Then Bob accepts the REFER
    And Bob notifies Alice with sipfrag "SIP/2.0 100 Trying"
    When Alice refreshes the subscription to the REFER at Bob
    Then Bob accepts the SUBSCRIBE
    And Bob notifies Alice again for the refresh
