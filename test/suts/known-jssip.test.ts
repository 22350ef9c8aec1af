import { knownResultsTests } from './known-results';

// The catalogue against jssip in every role suts/jssip.known.json lists (known-results.ts).
knownResultsTests('jssip');
