import { Then, When } from '@cucumber/cucumber';
import {
  acceptsSubscribe, answersCancel, cancelSubscribe, distinctEventUris, finalStateNotify, noNotifyForRefer, notifiesAfterRefresh, refersEventsAt,
  rejectsSubscribe, requiresOnlyForRefer, resubscribe, subscribeExplicitly, subscribeWithoutRefer,
} from '../src/world/subscribe';
import { sip } from './support/step';

// SUBSCRIBE to event refer: refresh and unsubscribe (RFC 3515 §2.4.4, §3.4), explicit subscriptions (RFC 7614).
When('{party} refreshes the subscription to the REFER at {party}', sip((w, x: string, y: string) => resubscribe(w, x, y, 60)));
When('{party} ends the subscription to the REFER at {party}', sip((w, x: string, y: string) => resubscribe(w, x, y, 0)));
When('{party} subscribes to refer events in the call with {party}', sip((w, x: string, y: string) => subscribeWithoutRefer(w, x, y)));
When('{party} subscribes to the REFER\'s progress at the URI {party} gave', sip((w, x: string, y: string) => subscribeExplicitly(w, x, y)));
Then('{party} accepts the SUBSCRIBE', sip((w, y: string) => acceptsSubscribe(w, y)));
Then('{party} accepts the SUBSCRIBE as {requirement} requires', sip((w, y: string, req: string) => acceptsSubscribe(w, y, req)));
Then('{party} rejects the SUBSCRIBE with {status} as {requirement} requires', sip((w, y: string, status: number, req: string) => rejectsSubscribe(w, y, status, req)));
Then('{party} notifies {party} again for the refresh', sip((w, y: string, x: string) => notifiesAfterRefresh(w, y, x)));
Then('{party} notifies {party} of the final state {string} in the new subscription', sip((w, y: string, x: string, s: string) => finalStateNotify(w, y, x, s)));
Then('{party}\'s answer to the REFER gives a URI for its progress', sip(async (w, y: string) => refersEventsAt(w, y)));
Then('the REFERs to {party} got different Refer-Events-At URIs', sip(async (w, y: string) => distinctEventUris(w, y)));
Then('{party} sends {party} no NOTIFY for the REFER', sip((w, y: string, x: string) => noNotifyForRefer(w, y, x)));
Then('{party} requires explicitsub or nosub only in answers to REFER', sip(async (w, y: string) => requiresOnlyForRefer(w, y)));
When('{party} cancels its SUBSCRIBE to {party}', sip((w, x: string, y: string) => cancelSubscribe(w, x, y)));
Then('{party} answers the CANCEL with 200', sip((w, y: string) => answersCancel(w, y)));
