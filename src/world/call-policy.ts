/**
 * What the SUT's user decides about incoming calls before they ring. A scripted callee answers or
 * rejects when its step runs; a SUT answers calls as they arrive (auto-answer), so "When Carol
 * rejects the call with 486" for a SUT Carol is asked of her adapter before the scenario starts —
 * as a tester sets a phone to busy — and the step then checks that she did.
 */
import type { SipWorld } from './world';

/** The step text of "{party} rejects the call with {status}" and "… {status} {string}". */
const REJECT_STEP = /^([A-Z][A-Za-z0-9-]*) rejects the call with ([1-6]\d\d)(?: "([^"]*)")?$/;
/** The step that names the call it rejects: "Carol receives an INVITE from Bob …". */
const INVITE_STEP = /^([A-Z][A-Za-z0-9-]*) receives an INVITE from ([A-Z][A-Za-z0-9-]*)\b/;

const prepared = new WeakMap<SipWorld, Set<string>>();

/** Asks the SUT for every refusal the scenario's steps will expect of it, in order; adapters that cannot are left alone. */
export async function prepareCallPolicy(world: SipWorld, stepTexts: readonly string[]): Promise<void> {
  for (const [i, text] of stepTexts.entries()) {
    const m = REJECT_STEP.exec(text);
    if (!m || !world.isSut(m[1])) continue;
    // The call is the one the step before announces; without it, which call is meant is unknown.
    const call = INVITE_STEP.exec(stepTexts[i - 1] ?? '');
    if (!call || call[1] !== m[1]) continue; // the step will skip the scenario with the reason
    const p = await world.party(m[1]);
    if (p.kind !== 'sut' || !p.sut.can.has('reject')) continue;
    const caller = await world.party(call[2]);
    await p.sut.act('reject', { peer: caller.uri, status: Number(m[2]), reason: m[3] });
    if (!prepared.has(world)) prepared.set(world, new Set());
    prepared.get(world)!.add(m[1]);
  }
}

/** True when the SUT playing `name` was asked to refuse a call before the scenario started. */
export function refusalPrepared(world: SipWorld, name: string): boolean {
  return prepared.get(world)?.has(name) ?? false;
}
