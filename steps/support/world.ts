import { setWorldConstructor, setDefaultTimeout } from '@cucumber/cucumber';
import { SipWorld } from '../../src/world/world';

setWorldConstructor(SipWorld);
// Each wait inside a step has its own, shorter deadline; this only bounds a step that hangs.
// Generous because a first step may start a real SUT (chromium takes 2–15 s to launch under load).
setDefaultTimeout(60_000);
