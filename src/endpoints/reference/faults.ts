/**
 * The reference SUT's named fault modes. Each makes it deviate from one requirement, so the
 * catalogue can prove every scenario is able to fail (issue 8, "fault modes").
 */
export const FAULTS = {
  // Transferee: the implicit subscription (RFC 3515 §2.4.4–2.4.7, RFC 6665)
  'no-notify': { role: 'transferee', requirement: 'RFC3515-2.4.2-h', does: 'accepts the REFER but sends no NOTIFY at all' },
  'no-final-notify': { role: 'transferee', requirement: 'RFC3515-2.4.7-b', does: 'sends the initial NOTIFY but never the final one' },
  'notify-without-event': { role: 'transferee', requirement: 'RFC3515-2.4.4-c', does: 'sends NOTIFYs without an Event header' },
  'notify-wrong-event-id': { role: 'transferee', requirement: 'RFC3515-2.4.6-a', does: 'puts a wrong id in the Event of NOTIFYs for a second REFER' },
  'notify-wrong-content-type': { role: 'transferee', requirement: 'RFC3515-2.4.4-d', does: 'labels the sipfrag body text/plain' },
  'sipfrag-no-crlf': { role: 'transferee', requirement: 'RFC3420-2-a', does: 'ends the sipfrag status line without CRLF' },
  'sipfrag-not-status-line': { role: 'transferee', requirement: 'RFC3515-2.4.5-a', does: 'sends a sipfrag that does not begin with a status line' },
  'no-subscription-state': { role: 'transferee', requirement: 'RFC3515-2.4.7-a', does: 'omits Subscription-State from NOTIFYs' },
  'final-notify-active': { role: 'transferee', requirement: 'RFC3515-2.4.7-b', does: 'leaves Subscription-State active in the final NOTIFY' },
  'notify-after-terminated': { role: 'transferee', requirement: 'RFC6665-4.1.3-c', does: 'sends one more NOTIFY after the terminating one' },
  // Transferee: Refer-Sub (RFC 4488 §4)
  'refer-sub-false-ignored': { role: 'transferee', requirement: 'RFC4488-4-e', does: 'grants Refer-Sub: false in the 2xx, then sends NOTIFYs anyway' },
  'notify-suppressed-silently': { role: 'transferee', requirement: 'RFC4488-4-f', does: 'sends no NOTIFY without having granted Refer-Sub: false' },
  // Transferee: the triggered request (RFC 3515 §2.4.2, RFC 3892, RFC 3891)
  'no-referred-by': { role: 'transferee', requirement: 'RFC3892-2.2-a', does: 'does not copy Referred-By into the INVITE to the target' },
  'replaces-not-converted': { role: 'transferee', requirement: 'RFC3891-4-a', does: 'drops the Replaces of the Refer-To URI instead of sending a Replaces header' },
  'replaces-in-request-uri': { role: 'transferee', requirement: 'RFC3515-2.4.3-a', does: 'leaves the Refer-To URI headers (?Replaces=) in the Request-URI' },
  'invite-wrong-target': { role: 'transferee', requirement: 'RFC3515-2.4.2-b', does: 'sends the triggered INVITE to a different user than the Refer-To names' },
  'accept-refer-without-refer-to': { role: 'transferee', requirement: 'RFC3515-2.4.2-d', does: 'accepts a REFER that has no Refer-To' },
  'accept-two-refer-to': { role: 'transferee', requirement: 'RFC3515-2.4.2-d', does: 'accepts a REFER with two Refer-To values' },
  'refer-202': { role: 'transferee', requirement: 'RFC7647-5-a', does: 'accepts REFER with the deprecated 202 instead of 200' },
  'refer-403': { role: 'transferee', requirement: 'RFC3515-2.4.2-g', does: 'declines every REFER with 403 Forbidden' },
  'drop-call-on-failure': { role: 'transferee', requirement: 'RFC5589-4-r2', does: 'hangs up the original call when the transfer fails' },
  // Any role (RFC 3261 §8.2.2.3)
  'unknown-require-accepted': { role: 'transferee', requirement: 'RFC3261-8.2.2.3-a', does: 'accepts requests with an unknown option tag in Require' },
  // Transferor (RFC 3515 §2.4.1, RFC 6665 §4.1.3)
  'refer-two-refer-to': { role: 'transferor', requirement: 'RFC3515-2.4.1-a', does: 'sends REFERs with two Refer-To values' },
  'notify-rejected': { role: 'transferor', requirement: 'RFC6665-4.1.3-g', does: 'answers the refer NOTIFYs with 481 instead of 200' },
  // Transfer target: Replaces (RFC 3891 §3)
  'replaces-unknown-accepted': { role: 'target', requirement: 'RFC3891-3-e', does: 'answers an INVITE whose Replaces matches no dialog' },
  'replaces-early-only-ignored': { role: 'target', requirement: 'RFC3891-3-k', does: 'lets an early-only Replaces replace a confirmed dialog' },
  'replaces-keeps-old-call': { role: 'target', requirement: 'RFC3891-3-l', does: 'accepts a replacing INVITE but does not end the replaced dialog' },
  // Catalogue B: RFC 3891 Replaces, RFC 3892 Referred-By, RFC 5589 flows (see features/rfc3891, rfc3892, rfc5589, ts24629)
  'replaces-outside-invite-accepted': { role: 'target', requirement: 'RFC3891-3-b', does: 'answers a non-INVITE request carrying Replaces as if it had none' },
  'replaces-two-accepted': { role: 'target', requirement: 'RFC3891-3-b', does: 'acts on the first of two Replaces headers instead of answering 400' },
  'replaces-join-accepted': { role: 'target', requirement: 'RFC3891-3-c', does: 'accepts an INVITE carrying both Replaces and Join' },
  'replaces-non-invite-dialog': { role: 'target', requirement: 'RFC3891-3-f', does: 'lets Replaces name a dialog created by a REFER' },
  'replaces-ended-481': { role: 'target', requirement: 'RFC3891-3-g', does: 'answers 481 instead of 603 to a Replaces naming a dialog that has ended' },
  'replaces-refused-ends-call': { role: 'target', requirement: 'RFC3891-3-j', does: 'refuses a replacing INVITE with 488 but ends the matched call anyway' },
  'replaces-early-not-cancelled': { role: 'target', requirement: 'RFC3891-3-m', does: 'does not find the early dialog of its own pending INVITE (481, no CANCEL)' },
  'no-supported-replaces': { role: 'target', requirement: 'RFC3891-6.2-a', does: 'leaves replaces out of Supported' },
  'referred-by-invite-rejected': { role: 'target', requirement: 'RFC3892-3-d', does: 'answers 403 to an INVITE because it carries Referred-By' },
  'transferee-keeps-replaced-call': { role: 'transferee', requirement: 'RFC5589-7.2-a', does: 'accepts an INVITE replacing its call with the transferor but sends no BYE on that call' },
  'allow-without-refer': { role: 'transferee', requirement: 'RFC5589-6-a', does: 'leaves REFER and NOTIFY out of Allow' },
  'triggered-invite-held-sdp': { role: 'transferee', requirement: 'RFC5589-5-b', does: 'offers the held state (a=sendonly) in the INVITE to the target' },
  'referred-by-params-dropped': { role: 'transferee', requirement: 'RFC3892-2.2-a', does: 'copies only the URI of Referred-By, dropping display name and parameters' },
  'triggered-invite-other-identity': { role: 'transferee', requirement: 'RFC3892-2.2-d', does: 'calls the target under another identity (From) than the one it shows the transferor' },
  'refer-outside-dialog-rejected': { role: 'transferee', requirement: 'RFC5589-5-e', does: 'answers 403 to a REFER sent outside a dialog' },
  'refer-rejected-as-caller': { role: 'transferee', requirement: 'RFC5589-4-r1', does: 'answers 403 to a REFER in a call it placed itself' },
  'referred-by-required': { role: 'transferee', requirement: 'RFC3892-2.1-d', does: 'answers 400 to a REFER without Referred-By' },
  'uri-require-dropped': { role: 'transferee', requirement: 'RFC5589-7.3-b', does: 'drops the Require=replaces of the Refer-To URI from the INVITE to the target' },
  'pai-copied-from-refer': { role: 'transferee', requirement: 'RFC3325-8-a', does: 'carries the P-Asserted-Identity of an untrusted REFER into the INVITE to the target' },
  'ppi-sent-to-peer': { role: 'transferee', requirement: 'RFC3325-6-a', does: 'puts P-Preferred-Identity in the INVITE it sends straight to the target' },
  'failure-sipfrag-generic': { role: 'transferee', requirement: 'RFC3892-5-a', does: 'reports every failed INVITE as SIP/2.0 500 in the final NOTIFY' },
  'refer-two-referred-by': { role: 'transferor', requirement: 'RFC3892-2.1-a', does: 'sends REFERs with two Referred-By values' },
  'referred-by-cid-without-token': { role: 'transferor', requirement: 'RFC3892-2.1-b', does: 'puts a cid parameter in Referred-By without the token body part it names' },
  'refer-without-referred-by': { role: 'transferor', requirement: 'RFC5589-4-r6', does: 'sends REFERs without Referred-By' },
  'refer-to-not-contact': { role: 'transferor', requirement: 'RFC5589-7.3-a', does: 'names an unroutable AOR in Refer-To instead of the target Contact' },
  'replaces-param-no-from-tag': { role: 'transferor', requirement: 'RFC3891-6.1-a', does: 'leaves from-tag out of the Replaces it embeds in Refer-To' },
  'no-retrieve-after-failure': { role: 'transferor', requirement: 'RFC5589-6.3-a', does: 'leaves the transferee on hold after the transfer failed' },
  'no-refer-fallback': { role: 'transferor', requirement: 'RFC5589-7.4-a', does: 'gives up when the transferee answers REFER with 501 instead of referring the target' },
  'no-supported-tdialog': { role: 'transferor', requirement: 'RFC5589-6-b', does: 'leaves tdialog out of Supported' },
  'refer-outside-dialog-unasked': { role: 'transferor', requirement: 'RFC5589-5-d', does: 'sends the REFER outside the call although the transferee never advertised tdialog' },
} as const satisfies Record<string, { role: 'transferee' | 'transferor' | 'target'; requirement: string; does: string }>;

export type FaultName = keyof typeof FAULTS;

export function isFault(name: string): name is FaultName {
  return Object.prototype.hasOwnProperty.call(FAULTS, name);
}
