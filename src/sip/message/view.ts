import * as errorsM from './errors';
import * as grammarM from './grammar';
import * as sipfragM from './sipfrag';
import type { SipMessage } from './types';
import type { Cached } from './view-cache';
import * as view_cacheM from './view-cache';
import * as ownM from './own';
// Bound once: the CommonJS build (scripts/register.js) reads imports through getters on every use.
const { ParseError } = errorsM;
const { headerElementsLoose } = grammarM;
const { parseFragment } = sipfragM;
const { cachedAll, cachedHeaders, cachedView } = view_cacheM;
const { getOwn, setOwn } = ownM;

/** The JSON view of a message, exactly as docs/json-view.md describes. */
export type JsonView = Record<string, unknown>;

/** Plain-object view for JSON Schemas: lowercase long names, every header an array of structured values. */
export function jsonView(msg: SipMessage): JsonView {
  const c = cachedAll(msg);
  const headers = cachedHeaders(c, msg) ?? viewHeaders(msg, c);
  const decoded = c !== undefined && c.body !== undefined && c.bodyOf === msg.body ? c.body : undefined;
  const body = decoded ?? (msg.body.length ? msg.body.toString('utf8') : '');
  const ct = headers['content-type'];
  const media = ct && ct.length ? (ct[0] as { mediaType?: string }).mediaType : undefined;
  // RFC 3420: a message/sipfrag body is shown as a fragment of its own.
  if (media === 'message/sipfrag') {
    const sipfrag = sipfragCached(msg, c, decoded);
    return msg.type === 'request'
      ? { type: 'request', method: msg.method, uri: msg.uri, version: msg.version, headers, body, sipfrag }
      : { type: 'response', status: msg.status, reason: msg.reason, version: msg.version, headers, body, sipfrag };
  }
  return msg.type === 'request'
    ? { type: 'request', method: msg.method, uri: msg.uri, version: msg.version, headers, body }
    : { type: 'response', status: msg.status, reason: msg.reason, version: msg.version, headers, body };
}

function viewHeaders(msg: SipMessage, c: Cached | undefined): Record<string, unknown[]> {
  const out: Record<string, unknown[]> = {};
  const hs = msg.headers;
  let owned: Set<string> | undefined; // arrays copied because a second header line of that name came
  for (let i = 0; i < hs.length; i++) {
    const h = hs[i];
    const els = cachedView(c, h, i) ?? headerElementsLoose(h.name, h.value);
    const arr = getOwn(out, h.name);
    if (arr === undefined) {
      setOwn(out, h.name, els); // shared with the cache until a second line of that name (copy on append)
    } else {
      owned ??= new Set();
      const mine = owned.has(h.name) ? arr : arr.slice();
      owned.add(h.name);
      for (let k = 0; k < els.length; k++) mine.push(els[k]);
      out[h.name] = mine;
    }
  }
  return out;
}

/** The fragment's view, kept beside the header views while the body is the same Buffer. */
function sipfragCached(msg: SipMessage, c: Cached | undefined, decoded: string | undefined): JsonView {
  if (c?.frag?.body === msg.body) return c.frag.view;
  const view = sipfragView(msg.body, decoded);
  if (c) c.frag = { body: msg.body, view };
  return view;
}

function sipfragView(body: Buffer, decoded: string | undefined): JsonView {
  try {
    return jsonView(parseFragment(body, false, decoded));
  } catch (e) {
    if (e instanceof ParseError) return { error: e.message };
    throw e;
  }
}
