import { Then, When } from '@cucumber/cucumber';
import { becomesFocus, sentToConference } from '../src/world/focus';
import { sip } from './support/step';

When('{party} acts as the focus of a conference', sip((w, x: string) => becomesFocus(w, x)));
Then('{party} sent its requests in the call with {party} to the conference URI', sip(async (w, x: string, y: string) => sentToConference(w, x, y)));
