import { Given, Then, When } from '@cucumber/cucumber';
import { advertisesInCalls, answersCapabilities, askCapabilities, askCapabilitiesInCall, reachableAtContact, supportsOption } from '../src/world/capabilities';
import { sip } from './support/step';

Then('{party} advertises REFER, NOTIFY, replaces and tdialog in its calls', sip((w, x: string) => advertisesInCalls(w, x)));
When('{party} asks {party} what it supports', sip((w, x: string, y: string) => askCapabilities(w, x, y)));
When('{party} asks {party} in their call what it supports', sip(async (w, x: string, y: string) => void (await askCapabilitiesInCall(w, x, y))));
Then('{party} lists REFER, NOTIFY, replaces and tdialog in its answer', sip((w, y: string) => answersCapabilities(w, y)));
Then('{party} reaches {party} at the Contact of its calls', sip((w, x: string, y: string) => reachableAtContact(w, x, y)));
Given('{party} supports Replaces', sip((w, x: string) => supportsOption(w, x, 'replaces', 'RFC 3891 §6.2: a UA that supports Replaces lists it in Supported; §3 binds only such a UA')));
