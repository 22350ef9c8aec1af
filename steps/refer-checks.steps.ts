import { Then } from '@cucumber/cucumber';
import { answersRetransmission, declinesRefer, goesToReferContact, notifiesFailure, referInCall } from '../src/world/refer-checks';
import { referSubAsAllowed } from '../src/world/refer-sub-sender';
import { sip } from './support/step';

// REFER answers and outcomes beyond the plain blind transfer (RFC 3515 §2, §2.4.2, §2.4.5; RFC 4538 §3; RFC 7647 §4).
Then('{party} declines the REFER as {requirement} requires', sip((w, y: string, req: string) => declinesRefer(w, y, req)));
Then('{party} notifies {party} that the transfer failed with {status}', sip((w, y: string, x: string, status: number) => notifiesFailure(w, y, x, status)));
Then('the REFER from {party} stays in the call with {party}', sip((w, x: string, y: string) => referInCall(w, x, y)));
Then('the REFER from {party} to {party} asks for no subscription only as RFC 4488 allows', sip((w, x: string, y: string) => referSubAsAllowed(w, x, y)));
Then('{party} answers a retransmission of the REFER with the same response', sip((w, y: string) => answersRetransmission(w, y)));
Then('{party}\'s {method} to {party} goes to the Contact of the REFER', sip((w, y: string, method: string, x: string) => goesToReferContact(w, y, method, x)));
