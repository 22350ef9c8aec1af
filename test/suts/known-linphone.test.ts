import { knownResultsTests } from './known-results';

// The catalogue against linphone in every role suts/linphone.known.json lists (known-results.ts).
knownResultsTests('linphone');
