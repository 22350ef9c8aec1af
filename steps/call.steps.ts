import { Given, Then, When } from '@cucumber/cucumber';
import { answers, establishCall, hangsUp, keepsCall, rejectsCall, reoffer } from '../src/world/calls';
import { sip } from './support/step';

Given('{party} is in a call with {party}', sip((w, caller: string, callee: string) => establishCall(w, caller, callee)));
When('{party} calls {party}', sip((w, caller: string, callee: string) => establishCall(w, caller, callee)));
When('{party} answers', sip((w, callee: string) => answers(w, callee)));
When('{party} puts {party} on hold', sip((w, x: string, y: string) => reoffer(w, x, y, 'sendonly')));
When('{party} resumes the call with {party}', sip((w, x: string, y: string) => reoffer(w, x, y, 'sendrecv')));
When('{party} hangs up on {party}', sip((w, x: string, y: string) => hangsUp(w, x, y, true)));
Then('{party} ends the call with {party}', sip((w, x: string, y: string) => hangsUp(w, x, y, false)));
Then('{party} ends the replaced call with {party}', sip((w, x: string, y: string) => hangsUp(w, x, y, false, 'RFC3891-3-l')));
Then('{party} keeps the call with {party}', sip((w, x: string, y: string) => keepsCall(w, x, y)));
When('{party} rejects the call with {status}', sip((w, callee: string, status: number) => rejectsCall(w, callee, status)));
