import { defineParameterType } from '@cucumber/cucumber';
import { MESSAGE_REF, toMessageRef } from '../../src/world/select';

/** A party of the scenario: any capitalised name (Alice, Bob, Carol, Transferor…). */
defineParameterType({ name: 'party', regexp: /[A-Z][A-Za-z0-9-]*/, transformer: (s: string) => s });

/** A message of the trace: "REFER", "final NOTIFY", "response to the REFER", "INVITE to Carol". */
defineParameterType({ name: 'message', regexp: MESSAGE_REF, transformer: toMessageRef });
