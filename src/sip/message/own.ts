// Header, parameter and URI-header names come off the wire, and a plain object takes the name
// "__proto__" as its prototype: assigning to it would drop the value (or swap the prototype),
// reading it (or "constructor") would find what Object.prototype has. These two keep every name
// an ordinary own property.

/** o[key] = v, as an own enumerable property for every key. */
export function setOwn<O extends Record<string, unknown>>(o: O, key: string, v: O[string]): void {
  if (key === '__proto__') Object.defineProperty(o, key, { value: v, enumerable: true, writable: true, configurable: true });
  else (o as Record<string, unknown>)[key] = v;
}

/** o[key] if o has it as its own property, else undefined. */
export function getOwn<T>(o: Record<string, T>, key: string): T | undefined {
  return Object.hasOwn(o, key) ? o[key] : undefined;
}
