/**
 * The reference SUT's named fault modes. Each makes it deviate from one requirement, so the
 * catalogue can prove every scenario is able to fail (issue 8, "fault modes").
 */
export const FAULTS = {
  'no-notify': { requirement: 'RFC3515-2.4.2-h', does: 'accepts the REFER but sends no NOTIFY at all' },
  'no-final-notify': { requirement: 'RFC3515-2.4.7-b', does: 'sends the initial NOTIFY but never the final one' },
  'final-notify-active': { requirement: 'RFC3515-2.4.7-b', does: 'leaves Subscription-State active in the final NOTIFY' },
  'notify-without-event': { requirement: 'RFC3515-2.4.4-c', does: 'sends NOTIFYs without an Event header' },
  'notify-wrong-content-type': { requirement: 'RFC3515-2.4.4-d', does: 'labels the sipfrag body text/plain' },
  'no-referred-by': { requirement: 'RFC3892-2.2-a', does: 'does not copy Referred-By into the INVITE to the target' },
  'refer-403': { requirement: 'RFC3515-2.4.2-g', does: 'declines every REFER with 403 Forbidden' },
} as const satisfies Record<string, { requirement: string; does: string }>;

export type FaultName = keyof typeof FAULTS;

export function isFault(name: string): name is FaultName {
  return Object.prototype.hasOwnProperty.call(FAULTS, name);
}
