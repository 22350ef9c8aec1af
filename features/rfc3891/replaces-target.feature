@feature:replaces @role:target
Feature: The target acts on Replaces only as RFC 3891 §3 allows
  Replaces names one dialog of the receiving UA (to-tag = its own tag). Two of them, Replaces
  outside INVITE, or Replaces with a header of contradictory meaning (Join, RFC 3911) are 400; a
  dialog that has ended is declined with 603 (SHOULD); a dialog a REFER created is 481; an INVITE
  the UA cannot accept is refused and the matched call is left as it was. An early dialog of the
  UA's own pending INVITE is replaced by answering the new INVITE and cancelling the old one.

  Background:
    Given Alice is in a call with Carol

  @RFC3891-3-b
  Scenario: An INVITE with two Replaces headers gets 400
    Given Carol supports Replaces
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
      Replaces: {{Alice-Carol.callId}};to-tag={{Alice-Carol.calleeTag}};from-tag={{Alice-Carol.callerTag}}
      Replaces: {{Alice-Carol.callId}};to-tag={{Alice-Carol.calleeTag}};from-tag={{Alice-Carol.callerTag}}
      Content-Length: 0

      """
    Then Carol responds to it with 400 as RFC3891-3-b requires
    And Carol keeps the call with Alice

  @RFC3891-3-b
  Scenario: Replaces in a request other than INVITE gets 400
    Given Carol supports Replaces
    When Bob sends to Carol:
      """
      OPTIONS {{Carol.uri}} SIP/2.0
      Via: SIP/2.0/UDP {{Bob.host}}:{{Bob.port}};branch={{branch}};rport
      Max-Forwards: 70
      From: <{{Bob.uri}}>;tag={{tag}}
      To: <{{Carol.uri}}>
      Call-ID: {{callId}}
      CSeq: 1 OPTIONS
      Contact: <{{Bob.uri}}>
      Replaces: {{Alice-Carol.callId}};to-tag={{Alice-Carol.calleeTag}};from-tag={{Alice-Carol.callerTag}}
      Content-Length: 0

      """
    Then Carol responds to it with 400 as RFC3891-3-b requires

  @RFC3891-3-c
  Scenario: Replaces together with Join gets 400
    Given Carol supports Replaces
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
      Replaces: {{Alice-Carol.callId}};to-tag={{Alice-Carol.calleeTag}};from-tag={{Alice-Carol.callerTag}}
      Join: {{Alice-Carol.callId}};to-tag={{Alice-Carol.calleeTag}};from-tag={{Alice-Carol.callerTag}}
      Content-Length: 0

      """
    Then Carol responds to it with 400 as RFC3891-3-c requires
    And Carol keeps the call with Alice

  @RFC3891-3-g
  Scenario: A Replaces naming a call that has just ended is declined with 603
    Given Carol supports Replaces
    And Alice has hung up on Carol
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
      Replaces: {{Alice-Carol.callId}};to-tag={{Alice-Carol.calleeTag}};from-tag={{Alice-Carol.callerTag}}
      Content-Length: 0

      """
    Then Carol responds to it with 603 as RFC3891-3-g requires

  @RFC3891-3-j
  Scenario: A replacing INVITE the target cannot accept is refused and the call stays
    Given Carol supports Replaces
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
      Replaces: {{Alice-Carol.callId}};to-tag={{Alice-Carol.calleeTag}};from-tag={{Alice-Carol.callerTag}}
      Content-Type: application/sdp
      Content-Length: {{length}}

      v=0
      o=bob 1 1 IN IP4 {{Bob.host}}
      s=-
      c=IN IP4 {{Bob.host}}
      t=0 0
      m=video 4000 RTP/AVP 96
      a=rtpmap:96 x-sipwright-none/90000
      
      """
    Then Carol refuses it as RFC3891-3-j requires
    And Carol keeps the call with Alice as RFC3891-3-j requires

  @RFC3891-6.2-b @RFC3891-3-l
  Scenario: An INVITE requiring replaces is accepted and replaces the call
    Given Carol supports Replaces
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
      Require: replaces
      Replaces: {{Alice-Carol.callId}};to-tag={{Alice-Carol.calleeTag}};from-tag={{Alice-Carol.callerTag}}
      Content-Length: 0

      """
    Then Carol responds to it with 200 as RFC3891-6.2-b requires
    And Carol ends the replaced call with Alice

  @RFC3892-3-d
  Scenario: An INVITE carrying Referred-By is not refused for it
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
      Referred-By: <{{Alice.uri}}>
      Content-Length: 0

      """
    Then Carol responds to it with 200 as RFC3892-3-d requires

  @RFC3891-3-f
  Scenario: A Replaces naming the dialog of a REFER gets 481
    Given Carol supports Replaces
    When Alice refers Carol to Dave outside the dialog
    Then Carol accepts the REFER
    When Bob calls Carol replacing the REFER dialog
    Then Carol answers Bob's INVITE with 481 as RFC3891-3-f requires
    And Carol keeps the call with Alice

  @RFC3891-3-m
  Scenario: A Replaces naming the early dialog of the target's own INVITE answers it and cancels the old INVITE
    Given Carol supports Replaces
    And Carol is calling Dave, who does not answer yet
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
      Replaces: {{Carol-Dave.callId}};to-tag={{Carol-Dave.callerTag}};from-tag={{Carol-Dave.calleeTag}}
      Content-Length: 0

      """
    Then Carol responds to it with 200 as RFC3891-3-m requires
    And Carol cancels its call to Dave
