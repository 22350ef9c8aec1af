import { Then, When } from '@cucumber/cucumber';
import { callWithToken, copiesToken, referAgainWithToken, referReplacingWithToken, tokenCopiesRefer, tokenHasContentId } from '../src/world/referred-by-token';
import { answersInviteWithOneOf } from '../src/world/replaces';
import { sip } from './support/step';

When('{party} refers {party} to {party} again, with a Referred-By token', sip((w, x: string, y: string, z: string) => referAgainWithToken(w, x, y, z)));
Then('the Referred-By token in the REFER to {party} is a body part with the Content-ID its cid names', sip(async (w, y: string) => tokenHasContentId(w, y)));
Then('the Referred-By token in the REFER to {party} copies its Refer-To, Referred-By and Date, and no Call-ID, From or To', sip(async (w, y: string) => tokenCopiesRefer(w, y)));
When('{party} calls {party} referred by {party} with a Referred-By token whose signature is broken', sip((w, x: string, y: string, r: string) => callWithToken(w, x, y, r, 'broken')));
When('{party} calls {party} referred by {party} with a Referred-By token dated a day ago', sip((w, x: string, y: string, r: string) => callWithToken(w, x, y, r, 'stale')));
Then('{party} accepts {party}\'s INVITE or refuses it with 429, not 428, as {requirement} requires', sip((w, y: string, x: string, req: string) =>
  answersInviteWithOneOf(w, y, x, (s) => (s >= 200 && s < 300) || s === 429, '2xx or 429 Provide Referrer Identity', req)));
When('{party} refers {party} to {party} replacing the call with {party}, with a Referred-By token', sip((w, x: string, y: string, z: string, replaced: string) => {
  if (replaced !== z) throw new Error(`the replaced call must be ${x}'s call with the target (${z})`);
  return referReplacingWithToken(w, x, y, z);
}));
Then('{party} copies the Referred-By token unchanged into its INVITE', sip(async (w, y: string) => copiesToken(w, y)));
