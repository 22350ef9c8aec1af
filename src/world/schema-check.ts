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

/** "Then the REFER conforms to schema "refer-request"": the JSON view of the message the SUT sent, against the schema. */
export function conformsTo(world: SipWorld, ref: MessageRef, schema: string): void {
  const reg = schemas(world.config.schemaDirs);
  const found = selectMessage(world, ref);
  if (!found) {
    world.verdict([{ expected: `a ${describeRef(ref)} in the trace to check against "${schema}"`, seen: `none among ${world.trace.length} messages` }]);
    return;
  }
  // Only what the SUT sent is judged: a scripted party's message is the framework's own, shaped by
  // what the SUT gave it (no Referred-By to copy when the SUT's REFER had none).
  const src = world.trace[found.traceIndex]?.src;
  const sut = world.parties.get(world.sutParty);
  if (!src || !sut || src.host !== sut.address.host || src.port !== sut.address.port) return;
  const where = { traceIndex: found.traceIndex, summary: `${describeRef(ref)} (#${found.traceIndex})` };
  world.verdict(reg.validate(schema, found.view, where));
}
