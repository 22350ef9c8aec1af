import { Then } from '@cucumber/cucumber';
import { acceptsOrNegotiates } from '../src/world/extensions';
import { sip } from './support/step';

// Option tags of the REFER extensions: taken up, or negotiated with 420 / 421 (RFC 3261 §8.2.2.3, RFC 4488 §4, RFC 7614 §6).
Then('{party} accepts the REFER or answers 420 with norefersub unsupported', sip((w, y: string) => acceptsOrNegotiates(w, y, 420, 'unsupported', ['norefersub'], 'RFC4488-4-i')));
Then('{party} accepts the REFER or answers 421 requiring explicitsub or nosub', sip((w, y: string) => acceptsOrNegotiates(w, y, 421, 'require', ['explicitsub', 'nosub'], 'RFC7614-6-d')));
