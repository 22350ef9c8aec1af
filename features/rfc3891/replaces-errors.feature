@feature:replaces @role:target
Feature: The target rejects an INVITE whose Replaces it cannot honour (RFC 3891 §3)

  Background:
    Given Alice is in a call with Carol
    And Carol supports Replaces

  @RFC3891-3-e
  Scenario: A Replaces that matches no dialog gets 481
    When Bob sends to Carol:
      """
      INVITE {{Carol.uri}} SIP/2.0
      Via: SIP/2.0/UDP {{Bob.host}}:{{Bob.port}};branch={{branch}};rport
      Max-Forwards: 70
      From: <{{Bob.uri}}>;tag={{tag}}
      To: <{{Carol.uri}}>
      Call-ID: {{callId}}
      CSeq: 1 INVITE
      Contact: <{{Bob.uri}}>
      Replaces: no-such-call@example.invalid;to-tag=1;from-tag=2
      Content-Length: 0

      """
    Then Carol responds to it with 481 as RFC3891-3-e requires
    And Carol keeps the call with Alice

  @RFC3891-3-k
  Scenario: A Replaces with early-only that matches a confirmed dialog gets 486
    When Bob sends to Carol:
      """
      INVITE {{Carol.uri}} SIP/2.0
      Via: SIP/2.0/UDP {{Bob.host}}:{{Bob.port}};branch={{branch}};rport
      Max-Forwards: 70
      From: <{{Bob.uri}}>;tag={{tag}}
      To: <{{Carol.uri}}>
      Call-ID: {{callId}}
      CSeq: 1 INVITE
      Contact: <{{Bob.uri}}>
      Replaces: {{Alice-Carol.callId}};to-tag={{Alice-Carol.calleeTag}};from-tag={{Alice-Carol.callerTag}};early-only
      Content-Length: 0

      """
    Then Carol responds to it with 486 as RFC3891-3-k requires
