import { Given, Then, When } from '@cucumber/cucumber';
import { answersInviteWith, callReplacingReferDialog, cancels, hungUp, refusesRaw, ringing } from '../src/world/replaces';
import { keepsCall } from '../src/world/calls';
import { sip } from './support/step';

Given('{party} is calling {party}, who does not answer yet', sip((w, x: string, y: string) => ringing(w, x, y)));
Given('{party} has hung up on {party}', sip((w, x: string, y: string) => hungUp(w, x, y)));
When('{party} calls {party} replacing the REFER dialog', sip((w, x: string, z: string) => callReplacingReferDialog(w, x, z)));
Then('{party} refuses it as {requirement} requires', sip((w, y: string, req: string) => refusesRaw(w, y, req)));
Then('{party} cancels its call to {party}', sip((w, x: string, y: string) => cancels(w, x, y)));
Then('{party} answers {party}\'s INVITE with {status} as {requirement} requires', sip((w, z: string, x: string, status: number, req: string) => answersInviteWith(w, z, x, status, req)));
Then('{party} keeps the call with {party} as {requirement} requires', sip((w, x: string, y: string, req: string) => keepsCall(w, x, y, req)));
