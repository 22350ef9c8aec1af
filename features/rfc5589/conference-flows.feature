@feature:attended-transfer
Feature: Attended transfer as an ad hoc conference (RFC 5589 §9, Figure 17)
  The transferor acts as the focus of a conference (RFC 4579): it puts the transferee on hold and
  calls the target from its conference URI, a Contact marked isfocus, and then refers the transferee
  to the target with Replaces naming its call with the target. For the transferee and the target this
  is an attended transfer like any other: the transferee's INVITE carries Replaces and Referred-By, the
  target replaces its call with the focus and ends it with BYE. Both must send their requests in the
  calls with the focus to the conference URI, the Contact the focus gave (RFC 3261 §12.1.1, §12.2.2).
  Subscribing to the focus's conference package (RFC 4575) is the UA's choice: the scripted focus
  answers such a SUBSCRIBE, but no step asks for one. A UA without Replaces (RFC 3891 §6.2: it lists
  no replaces in Supported) rightly refuses the focus's INVITE that requires it (420, RFC 3261
  §8.2.2.3): the scenario does not apply to it.

  @RFC5589-9-a @RFC5589-9-b @RFC3261-12.2.2-a @role:transferee @role:target
  Scenario: Flow 17 — the transferor as conference focus refers the transferee, which replaces the focus's call with the target
    Given Bob is in a call with Alice
    And Bob supports Replaces
    And Carol supports Replaces
    When Alice acts as the focus of a conference
    And Alice puts Bob on hold
    And Alice calls Carol requiring replaces
    And Carol answers
    And Alice puts Carol on hold
    And Alice refers Bob to Carol replacing the call with Carol
    Then Bob accepts the REFER
    And Bob notifies Alice with sipfrag "SIP/2.0 100 Trying"
    And Carol receives an INVITE from Bob replacing the call with Alice
    And Bob's INVITE to the target carries one Replaces with one to-tag and one from-tag
    When Carol answers
    Then Carol ends the replaced call with Alice
    And Bob notifies Alice with sipfrag "SIP/2.0 200 OK" and ends the subscription
    And Bob sent its requests in the call with Alice to the conference URI
    And Carol sent its requests in the call with Alice to the conference URI
    When Alice hangs up on Bob
