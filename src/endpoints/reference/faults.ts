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
} as const satisfies Record<string, { role: 'transferee' | 'transferor' | 'target'; requirement: string; does: string }>;

export type FaultName = keyof typeof FAULTS;

export function isFault(name: string): name is FaultName {
  return Object.prototype.hasOwnProperty.call(FAULTS, name);
}
