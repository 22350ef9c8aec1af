import { Given, Then } from '@cucumber/cucumber';
import { acceptsOrForbids, callWithGruu, contactIsGruu, referLeavesCall } from '../src/world/gruu';
import { sip } from './support/step';

// A transferee whose Contact is a GRUU: the REFER must leave the call (RFC 7647 §4, RFC 4538 §3).
Given('{party} is in a call with {party}, whose Contact is a GRUU', sip((w, x: string, y: string) => callWithGruu(w, x, y)));
Then('the REFER from {party} leaves the call with {party}, naming it in Target-Dialog', sip((w, x: string, y: string) => referLeavesCall(w, x, y)));

// A notifier's local target is a GRUU (RFC 6665 §4.5.1, RFC 7647 §3); a REFER inside its dialog gets 2xx or 403 (RFC 6665 §4.5.2).
Then('{party}\'s Contact is a GRUU in its calls, its answers to REFER and its NOTIFYs', sip((w, x: string) => contactIsGruu(w, x)));
Then('{party} accepts the REFER or refuses it with 403 as {requirement} allows', sip((w, y: string, req: string) => acceptsOrForbids(w, y, req)));
