@feature:gruu @role:transferee
Feature: The transferee, a notifier, is reached at a GRUU (RFC 6665 §4.5.1, §4.5.2, RFC 7647 §3)
  A notifier's local target is a GRUU, so that each subscription can have a dialog of its own:
  the Contact of its calls, of its 2xx accepting a REFER and of its NOTIFYs carries gr (RFC 5627).
  A REFER that still arrives inside such a call may share the dialog or be refused with 403.

  Background:
    Given Alice is in a call with Bob

  @RFC6665-4.5.1-a @RFC7647-3-a @RFC7647-3-b
  Scenario: The transferee's calls, its answer to the REFER and its NOTIFYs carry a GRUU Contact
    When Alice refers Bob to Carol
    Then Bob accepts the REFER
    And Bob notifies Alice with sipfrag "SIP/2.0 100 Trying"
    And Carol receives an INVITE from Bob referred by Alice
    When Carol answers
    Then Bob notifies Alice with sipfrag "SIP/2.0 200 OK" and ends the subscription
    And Bob's Contact is a GRUU in its calls, its answers to REFER and its NOTIFYs

  @RFC6665-4.5.2-b
  Scenario: A REFER inside a call whose Contact is a GRUU shares the dialog or is refused with 403
    When Alice refers Bob to Carol
    Then Bob accepts the REFER or refuses it with 403 as RFC6665-4.5.2-b allows
