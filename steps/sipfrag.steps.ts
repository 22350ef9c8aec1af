import { Then } from '@cucumber/cucumber';
import { sipfragBodiesDescribed } from '../src/world/sipfrag-body';
import { sip } from './support/step';

Then('every sipfrag from {party} to {party} that carries a body describes it with Content-Type and Content-Length', sip((w, y: string, x: string) => sipfragBodiesDescribed(w, y, x)));
