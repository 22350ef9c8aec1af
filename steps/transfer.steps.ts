import { Given, Then, When } from '@cucumber/cucumber';
import { hangsUp, rejectsCall } from '../src/world/calls';
import { answersAtLast, callRequiringReplaces, completeAttended, givesUp, referReplacingAfterAnswer, referToWithoutReplaces, refersInstead, transferWhileRinging } from '../src/world/flows';
import { freshOffer, referToGruu, referInsideCall, referRequiringReplaces, inviteReplacesWellFormed, referToReplacesWellFormed, requiresReplaces, takesOffHold, toContact } from '../src/world/transfer-checks';
import { lacksTransferPrimitives, refersBasicAfterProbe, transferAskingFirst } from '../src/world/probe';
import { sip } from './support/step';

When('{party} refers {party} to {party} replacing the call with {party}, requiring replaces', sip((w, x: string, y: string, z: string, replaced: string) => {
  if (replaced !== z) throw new Error(`the replaced call must be ${x}'s call with the target (${z})`);
  return referRequiringReplaces(w, x, y, z);
}));
When('{party} rejects the call with {status} {string}', sip((w, z: string, status: number, reason: string) => rejectsCall(w, z, status, reason)));
When('{party} answers {party} at last', sip((w, z: string, x: string) => answersAtLast(w, z, x)));
When('{party} answers {party} just as {party} gives up calling', sip((w, z: string, x: string, x2: string) => {
  if (x2 !== x) throw new Error(`the one giving up must be the caller (${x})`);
  return answersAtLast(w, z, x, true);
}));
Then('{party} refers {party} to {party} instead, replacing the call with {party}', sip((w, x: string, z: string, y: string, replaced: string) => {
  if (replaced !== y) throw new Error(`the replaced call must be ${x}'s call with ${y}`);
  return refersInstead(w, x, z, y);
}));
Then('{party} ends the call with {party} as {requirement} requires', sip((w, x: string, y: string, req: string) => hangsUp(w, x, y, false, req)));
Then('{party} takes {party} off hold', sip((w, x: string, y: string) => takesOffHold(w, x, y)));
Then('{party} sends the REFER inside its call with {party}', sip(async (w, x: string, y: string) => referInsideCall(w, x, y)));
Then('{party}\'s INVITE to the target offers media afresh', sip(async (w, y: string) => freshOffer(w, y)));
Then('{party}\'s INVITE to {party} goes to its Contact', sip((w, y: string, z: string) => toContact(w, y, z)));
Then('{party}\'s INVITE to the target requires replaces', sip(async (w, y: string) => requiresReplaces(w, y)));
Then('the Refer-To of {party}\'s REFER to {party} carries one to-tag and one from-tag in its Replaces', sip(async (w, x: string, y: string) => referToReplacesWellFormed(w, x, y)));
Then('{party}\'s INVITE to the target carries one Replaces with one to-tag and one from-tag', sip(async (w, y: string) => inviteReplacesWellFormed(w, y)));
When('{party} calls {party} requiring replaces', sip((w, x: string, z: string) => callRequiringReplaces(w, x, z)));
When('{party} gives up calling {party}', sip((w, x: string, z: string) => givesUp(w, x, z)));
Then('the REFER from {party} goes to the GRUU of {party}', sip(async (w, x: string, y: string) => referToGruu(w, x, y)));
When('{party} completes the attended transfer of {party} to {party}', sip((w, x: string, y: string, z: string) => completeAttended(w, x, y, z)));
Then('the Refer-To of {party}\'s REFER to {party} carries no Replaces, as {requirement} requires', sip(async (w, x: string, y: string, req: string) => referToWithoutReplaces(w, x, y, req)));
When('{party} transfers {party} to {party} while the call to {party} still rings', sip((w, x: string, y: string, z: string, ringing: string) => {
  if (ringing !== z) throw new Error(`the ringing call must be ${x}'s call to the target (${z})`);
  return transferWhileRinging(w, x, y, z);
}));
Then('{party}\'s REFER reaches {party}, replacing the call with {party}', sip((w, x: string, y: string, z: string) => referReplacingAfterAnswer(w, x, y, z)));
Given('{party} supports neither REFER nor Replaces', sip((w, z: string) => lacksTransferPrimitives(w, z)));
When('{party} transfers {party} to {party}, asking {party} first what it supports', sip((w, x: string, y: string, z: string, asked: string) => {
  if (asked !== z) throw new Error(`the party asked must be the target (${z})`);
  return transferAskingFirst(w, x, y, z);
}));
Then('{party} refers {party} to {party} without Replaces, as {requirement} requires', sip((w, x: string, y: string, z: string, req: string) => refersBasicAfterProbe(w, x, y, z, req)));
