import { defineParameterType } from '@cucumber/cucumber';
import { loadRequirements } from '../../src/catalogue/requirements';
import { canonicalName } from '../../src/sip/message';
import { MESSAGE_REF, toMessageRef } from '../../src/world/select';

/** A party of the scenario: any capitalised name (Alice, Bob, Carol, Transferor…). */
defineParameterType({ name: 'party', regexp: /[A-Z][A-Za-z0-9-]*/, transformer: (s: string) => s });

/** A message of the trace: "REFER", "final NOTIFY", "response to the REFER", "INVITE to Carol". */
defineParameterType({ name: 'message', regexp: MESSAGE_REF, transformer: toMessageRef });

/** A SIP status code (RFC 3261 §7.2: three digits). */
defineParameterType({ name: 'status', regexp: /[1-6]\d\d/, transformer: (s: string) => Number(s) });

/** A SIP method, as spelled on the wire (REFER, NOTIFY, INVITE…). */
defineParameterType({ name: 'method', regexp: /[A-Z]+/, transformer: (s: string) => s });

/** A header name in any case or compact form, normalised to the JSON view's lowercase long name. */
defineParameterType({ name: 'header', regexp: /[A-Za-z][A-Za-z0-9-]*/, transformer: (s: string) => canonicalName(s) });

/** A requirement id of requirements/catalogue.tsv; a typo is an error naming the step, not a silent pass. */
let known: Set<string> | undefined;
defineParameterType({
  name: 'requirement',
  regexp: /(?:RFC|TS)\d[0-9A-Za-z.-]*/,
  transformer: (id: string) => {
    known ??= new Set(loadRequirements().map((r) => r.id));
    if (!known.has(id)) throw new Error(`unknown requirement id "${id}": it is not in requirements/catalogue.tsv`);
    return id;
  },
});
