import { BUILTIN_SCHEMA_DIR, SchemaRegistry } from '../expect/schemas';
import { describeRef, selectMessage, type MessageRef } from './select';
import type { SipWorld } from './world';

let registry: SchemaRegistry | undefined;
let registryDirs = '';

/** Loads and compiles every schema once per process; a broken schema fails fast naming its file. */
export function schemas(extraDirs: string[] = []): SchemaRegistry {
  const key = extraDirs.join('\0');
  if (!registry || key !== registryDirs) {
    registry = SchemaRegistry.loadSync([BUILTIN_SCHEMA_DIR, ...extraDirs]);
    registryDirs = key;
  }
  return registry;
}

/** "Then the REFER conforms to schema "refer-request"": the message's JSON view against the schema. */
export function conformsTo(world: SipWorld, ref: MessageRef, schema: string): void {
  const reg = schemas(world.config.schemaDirs);
  const found = selectMessage(world, ref);
  if (!found) {
    world.verdict([{ expected: `a ${describeRef(ref)} in the trace to check against "${schema}"`, seen: `none among ${world.trace.length} messages` }]);
    return;
  }
  const where = { traceIndex: found.traceIndex, summary: `${describeRef(ref)} (#${found.traceIndex})` };
  world.verdict(reg.validate(schema, found.view, where));
}
