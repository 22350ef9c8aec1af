import { Then } from '@cucumber/cucumber';
import { honoursReferSub, noNotifyAfterFinal, notifies } from '../src/world/notify';
import { receivesTriggeredInvite } from '../src/world/triggered';
import { sip } from './support/step';

Then('{party} notifies {party} with sipfrag {string}', sip((w, y: string, x: string, s: string) => notifies(w, y, x, s, false)));
Then('{party} notifies {party} with sipfrag {string} and ends the subscription', sip((w, y: string, x: string, s: string) => notifies(w, y, x, s, true)));
Then('{party} sends no NOTIFY to {party} after the final one', sip((w, y: string, x: string) => noNotifyAfterFinal(w, y, x)));
Then('{party} honours the Refer-Sub of its answer to {party}', sip((w, y: string, x: string) => honoursReferSub(w, y, x)));
Then('{party} receives an INVITE from {party} referred by {party}', sip((w, z: string, y: string, x: string) => receivesTriggeredInvite(w, z, y, x)));
Then('{party} receives an INVITE from {party} replacing the call with {party}', sip((w, z: string, y: string, x: string) => receivesTriggeredInvite(w, z, y, x, true)));
