import { Then, When } from '@cucumber/cucumber';
import { acceptsRefer, notifies, receivesReferredInvite, refer } from '../src/world/transfer';
import type { SipWorld } from '../src/world/world';

When('{party} refers {party} to {party}', async function (this: SipWorld, from: string, to: string, target: string) {
  await refer(this, from, to, target);
});

Then('{party} accepts the REFER', async function (this: SipWorld, to: string) {
  await acceptsRefer(this, to);
});

Then('{party} notifies {party} with sipfrag {string}', async function (this: SipWorld, notifier: string, subscriber: string, status: string) {
  await notifies(this, notifier, subscriber, status, false);
});

Then('{party} notifies {party} with sipfrag {string} and ends the subscription', async function (this: SipWorld, notifier: string, subscriber: string, status: string) {
  await notifies(this, notifier, subscriber, status, true);
});

Then('{party} receives an INVITE from {party} referred by {party}', async function (this: SipWorld, target: string, from: string, referrer: string) {
  await receivesReferredInvite(this, target, from, referrer);
});
