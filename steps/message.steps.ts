import { Given, Then, When, type DataTable } from '@cucumber/cucumber';
import { respondsToRaw, sendRaw } from '../src/world/raw';
import { cancelsNoSubscription, ignores, sendsNo } from '../src/world/forbidden';
import { conformsTo } from '../src/world/schema-check';
import { checkSequence, type SequenceRow } from '../src/world/sequence';
import type { MessageRef } from '../src/world/select';
import { sip } from './support/step';

Then('the {message} conforms to schema {string}', sip(async (w, ref: MessageRef, schema: string) => conformsTo(w, ref, schema)));
Then('the messages were, in order:', sip(async (w, table: DataTable) => checkSequence(w, table.hashes() as unknown as SequenceRow[])));
When('{party} sends to {party}:', sip((w, x: string, y: string, raw: string) => sendRaw(w, x, y, raw)));
Then('{party} responds to it with {status}', sip((w, y: string, status: number) => respondsToRaw(w, y, status)));
Then('{party} responds to it with {status} as {requirement} requires', sip((w, y: string, status: number, req: string) => respondsToRaw(w, y, status, req)));
Then('{party} sends no {method} to {party}', sip((w, x: string, method: string, y: string) => sendsNo(w, x, method, y)));
Then('{party} sends no {method} to {party} as {requirement} requires', sip((w, x: string, method: string, y: string, req: string) => sendsNo(w, x, method, y, req)));
Given('{party} ignores {method} requests', sip((w, x: string, method: string) => ignores(w, x, method)));
Then('{party} cancels no SUBSCRIBE or NOTIFY', sip((w, x: string) => cancelsNoSubscription(w, x)));
