import { knownResultsTests } from './known-results';

// The catalogue against baresip in every role suts/baresip.known.json lists (known-results.ts).
knownResultsTests('baresip');
