import { knownResultsTests } from './known-results';

// The catalogue against sipjs in every role suts/sipjs.known.json lists (known-results.ts).
knownResultsTests('sipjs');
