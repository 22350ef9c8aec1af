import { Given, Then } from '@cucumber/cucumber';
import { callWithGruu, referLeavesCall } from '../src/world/gruu';
import { sip } from './support/step';

// A transferee whose Contact is a GRUU: the REFER must leave the call (RFC 7647 §4, RFC 4538 §3).
Given('{party} is in a call with {party}, whose Contact is a GRUU', sip((w, x: string, y: string) => callWithGruu(w, x, y)));
Then('the REFER from {party} leaves the call with {party}, naming it in Target-Dialog', sip((w, x: string, y: string) => referLeavesCall(w, x, y)));
