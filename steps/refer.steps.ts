import { Then, When, type DataTable } from '@cucumber/cucumber';
import { canonicalName } from '../src/sip/message';
import { acceptsRefer, refer, rejectsRefer, type ReferOptions } from '../src/world/refer';
import type { SipWorld } from '../src/world/world';
import { sip } from './support/step';

/** A data table of | header | value | rows; "<Party>" in a value becomes that party's URI ("<Party;p=v>": with URI parameters). */
async function headerRows(w: SipWorld, table: DataTable): Promise<ReferOptions['headers']> {
  const rows = table.raw().filter((r) => r[0].toLowerCase() !== 'header');
  const out = [];
  for (const [name, value] of rows) {
    let v = value;
    for (const m of value.matchAll(/<([A-Z][A-Za-z0-9-]*)((?:;[^>]*)?)>/g)) v = v.replace(m[0], `<${(await w.party(m[1])).uri}${m[2]}>`);
    out.push({ name: canonicalName(name), value: v });
  }
  return out;
}

When('{party} refers {party} to {party}', sip((w, x: string, y: string, z: string) => refer(w, x, y, z)));
When('{party} refers {party} to {party} outside the dialog', sip((w, x: string, y: string, z: string) => refer(w, x, y, z, { outOfDialog: true })));
When('{party} refers {party} to {party} with a compact Refer-To', sip((w, x: string, y: string, z: string) => refer(w, x, y, z, { compactReferTo: true })));
When('{party} refers {party} to {party} with a note in the body', sip((w, x: string, y: string, z: string) => refer(w, x, y, z, { note: `Transfer requested by ${x}` })));
When('{party} refers {party} to {party} without a subscription, from a new Contact', sip((w, x: string, y: string, z: string) => refer(w, x, y, z, { noSubscription: true, newContact: true })));
When('{party} refers {party} to {party} without a subscription', sip((w, x: string, y: string, z: string) => refer(w, x, y, z, { noSubscription: true })));
When('{party} refers {party} to {party} replacing the call with {party}', sip((w, x: string, y: string, z: string, replaced: string) => {
  if (replaced !== z) throw new Error(`the replaced call must be the transferor's call with the target (${z}), not with ${replaced}`);
  return refer(w, x, y, z, { replaces: true });
}));
When('{party} refers {party} to {party} with headers:', sip(async (w, x: string, y: string, z: string, table: DataTable) => refer(w, x, y, z, { headers: await headerRows(w, table) })));

Then('{party} accepts the REFER', sip((w, y: string) => acceptsRefer(w, y)));
Then('{party} accepts the REFER with 200 OK', sip((w, y: string) => acceptsRefer(w, y, true)));
Then('{party} rejects the REFER with {status}', sip((w, y: string, status: number) => rejectsRefer(w, y, status)));
Then('{party} rejects the REFER with {status} as {requirement} requires', sip((w, y: string, status: number, req: string) => rejectsRefer(w, y, status, req)));
