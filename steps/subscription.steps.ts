import { Given, Then, When } from '@cucumber/cucumber';
import { notifies } from '../src/world/notify';
import { answerFirstNotify, auditAnswers, auditStates, endsSubscription, firstNotify, holdNotifies, noFurtherNotify, referSubGrammar } from '../src/world/subscription';
import { acceptsWith202, noResubscribe, notifyOutsideSubscription, notifyRetryAfter, notifyWithHeaders, notifyWithId, notifyWithStrayEventsAt, refusesNotify } from '../src/world/subscriber';
import { sip } from './support/step';

// The implicit refer subscription seen from both ends (RFC 3515 §2.4.4–§2.4.7, RFC 6665 §4.1.3, §4.2.2).
Then('{party}\'s first NOTIFY to {party} comes at once, in the REFER\'s dialog', sip((w, y: string, x: string) => firstNotify(w, y, x)));
Then('{party} ends the subscription of {party} with reason {word}', sip((w, y: string, x: string, reason: string) => endsSubscription(w, y, x, reason)));
Then('the Subscription-State of every NOTIFY from {party} to {party} is well formed', sip(async (w, y: string, x: string) => auditStates(w, y, x)));
Then('{party} answered every NOTIFY from {party} with 200', sip(async (w, x: string, y: string) => auditAnswers(w, x, y)));
Given('{party} answers each NOTIFY from {party} as the scenario says', sip((w, x: string, _y: string) => holdNotifies(w, x)));
Then('{party} answers the first NOTIFY from {party} with {status}', sip((w, x: string, y: string, status: number) => answerFirstNotify(w, x, y, status)));
Then('every Refer-Sub from {party} is true or false', sip(async (w, y: string) => referSubGrammar(w, y)));
Then('{party} sends {party} no further NOTIFY', sip((w, y: string, x: string) => noFurtherNotify(w, y, x)));

// A SUT subscriber (the transferor) facing what a notifier may send (RFC 6665 §4.1.3, RFC 3515 §2.4.5, §2.4.6, RFC 7647 §5).
When('{party} sends {party} a NOTIFY for event {string} in their call', sip((w, y: string, x: string, event: string) => notifyOutsideSubscription(w, y, x, event)));
Then('{party} refuses the NOTIFY as {requirement} requires', sip((w, x: string, req: string) => refusesNotify(w, x, req)));
Then('{party} notifies {party} with sipfrag {string} as {requirement} requires', sip((w, y: string, x: string, s: string, req: string) => notifies(w, y, x, s, false, req)));
Then('{party} notifies {party} with sipfrag {string} and the Event id of the REFER', sip((w, y: string, x: string, s: string) => notifyWithId(w, y, x, s)));
Then('{party} notifies {party} with sipfrag {string} and response headers, ending the subscription', sip((w, y: string, x: string, s: string) => notifyWithHeaders(w, y, x, s)));
Then('{party} notifies {party} with sipfrag {string}, ending the subscription with retry-after', sip((w, y: string, x: string, s: string) => notifyRetryAfter(w, y, x, s)));
Then('{party} does not subscribe to {party} again', sip((w, x: string, y: string) => noResubscribe(w, x, y)));
Then('{party} notifies {party} with sipfrag {string} and a stray Refer-Events-At', sip((w, y: string, x: string, s: string) => notifyWithStrayEventsAt(w, y, x, s)));
Then('{party} accepts the REFER with 202 Accepted', sip((w, y: string) => acceptsWith202(w, y)));
