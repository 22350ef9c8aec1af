import { setWorldConstructor, setDefaultTimeout } from '@cucumber/cucumber';
import { SipWorld } from '../../src/world/world';

setWorldConstructor(SipWorld);
// Each wait inside a step has its own, shorter deadline; this only bounds a step that hangs.
setDefaultTimeout(15_000);
