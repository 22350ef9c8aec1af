import { Given, When } from '@cucumber/cucumber';
import { answerInvite, establishCall } from '../src/world/calls';
import type { SipWorld } from '../src/world/world';

Given('{party} is in a call with {party}', async function (this: SipWorld, caller: string, callee: string) {
  await establishCall(this, caller, callee);
});

When('{party} answers', async function (this: SipWorld, callee: string) {
  await answerInvite(this, await this.agent(callee));
});
