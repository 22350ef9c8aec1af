import { defineParameterType } from '@cucumber/cucumber';

/** A party of the scenario: any capitalised name (Alice, Bob, Carol, Transferor…). */
defineParameterType({ name: 'party', regexp: /[A-Z][A-Za-z0-9-]*/, transformer: (s: string) => s });
