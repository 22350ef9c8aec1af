import { Then, When } from '@cucumber/cucumber';
import { advertisesInCalls, answersCapabilities, askCapabilities, reachableAtContact } from '../src/world/capabilities';
import { sip } from './support/step';

Then('{party} advertises REFER, NOTIFY, replaces and tdialog in its calls', sip((w, x: string) => advertisesInCalls(w, x)));
When('{party} asks {party} what it supports', sip((w, x: string, y: string) => askCapabilities(w, x, y)));
Then('{party} lists REFER, NOTIFY, replaces and tdialog in its answer', sip((w, y: string) => answersCapabilities(w, y)));
Then('{party} reaches {party} at the Contact of its calls', sip((w, x: string, y: string) => reachableAtContact(w, x, y)));
