@feature:blind-transfer
Feature: Transfer with multiple parties (RFC 5589 §10, Figure 18)
  RFC 5589 §10 illustrates what REFER means, not how to build a product: the Originator (Bob) calls the
  Facilitator (Alice), who reaches the Recipient (Carol) through the Screener (Dave). The Screener
  transfers the Facilitator to the Recipient; the Facilitator, talking to the Recipient now, transfers
  the Originator to the Recipient in turn. A call that a REFER set up is a call like any other: the
  party that acted on one REFER transfers it under its own name, and each REFER has its own
  subscription, reported to its own referrer.

  @RFC5589-10-a @RFC5589-4-r1 @RFC5589-4-r6
  Scenario: Flow 18 — the Facilitator, transferred to the Recipient by the Screener, transfers the Originator there in turn
    Given Bob is in a call with Alice
    And Alice puts Bob on hold
    And Alice is in a call with Dave
    And Dave puts Alice on hold
    And Dave is in a call with Carol
    And Dave puts Carol on hold
    When Dave refers Alice to Carol
    Then Alice accepts the REFER
    And Alice notifies Dave with sipfrag "SIP/2.0 100 Trying"
    And Carol receives an INVITE from Alice referred by Dave
    When Carol answers
    Then Alice notifies Dave with sipfrag "SIP/2.0 200 OK" and ends the subscription
    When Dave hangs up on Alice
    And Dave hangs up on Carol
    And Alice puts Carol on hold
    And Alice refers Bob to Carol
    Then Alice names itself in the one Referred-By of its REFER to Bob
    And Bob accepts the REFER
    And Bob notifies Alice with sipfrag "SIP/2.0 100 Trying"
    And Carol receives an INVITE from Bob referred by Alice
    When Carol answers
    Then Bob notifies Alice with sipfrag "SIP/2.0 200 OK" and ends the subscription
    And Alice ends the call with Bob
    When Alice hangs up on Carol
    And Carol hangs up on Bob
