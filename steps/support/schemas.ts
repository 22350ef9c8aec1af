import { BeforeAll } from '@cucumber/cucumber';
import { loadConfig } from '../../src/config';
import { schemas } from '../../src/world/schema-check';

// Every schema (ours and the user's folders) compiles before the first scenario: a broken one
// stops the run at once, naming its file, instead of failing some step later.
BeforeAll(function () {
  schemas(loadConfig({}).schemaDirs);
});
