/**
 * Just enough of a SIP message to label evidence: the start line, a few headers, the body.
 * Deliberately independent of src/sip/message (evidence must render even malformed bytes).
 */
export interface SipHead {
  startLine: string;
  kind: 'request' | 'response' | 'unknown';
  method?: string;
  status?: number;
  reason?: string;
  /** First value of a header (case-insensitive, compact forms accepted), unfolded. */
  header(name: string): string | undefined;
  body: string;
}

// RFC 3261 §7.3.3 compact forms, plus RFC 3515 (r = Refer-To, b = Referred-By).
const COMPACT: Record<string, string> = {
  i: 'call-id', m: 'contact', e: 'content-encoding', l: 'content-length', c: 'content-type',
  f: 'from', s: 'subject', k: 'supported', t: 'to', v: 'via', o: 'event', r: 'refer-to',
  b: 'referred-by', u: 'allow-events', x: 'session-expires',
};

function splitHeadBody(text: string): [string, string] {
  const m = /\r?\n\r?\n/.exec(text);
  return m ? [text.slice(0, m.index), text.slice(m.index + m[0].length)] : [text, ''];
}

function headerMap(lines: string[]): Map<string, string> {
  const map = new Map<string, string>();
  let last: string | undefined;
  for (const line of lines) {
    if (/^[ \t]/.test(line) && last !== undefined) {
      map.set(last, `${map.get(last)} ${line.trim()}`); // RFC 3261 §7.3.1 line folding
      continue;
    }
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const raw = line.slice(0, colon).trim().toLowerCase();
    const name = COMPACT[raw] ?? raw;
    last = map.has(name) ? undefined : name;
    if (last) map.set(name, line.slice(colon + 1).trim());
  }
  return map;
}

export function sipHead(bytes: Buffer): SipHead {
  const [head, body] = splitHeadBody(bytes.toString('utf8'));
  const lines = head.split(/\r?\n/);
  const startLine = (lines[0] ?? '').trim();
  const headers = headerMap(lines.slice(1));
  const header = (name: string): string | undefined => {
    const n = name.toLowerCase();
    return headers.get(COMPACT[n] ?? n);
  };
  const resp = /^SIP\/2\.0\s+(\d{3})\s*(.*)$/i.exec(startLine);
  if (resp) return { startLine, kind: 'response', status: Number(resp[1]), reason: resp[2], header, body };
  const req = /^([A-Za-z]+)\s+\S+\s+SIP\/2\.0$/i.exec(startLine);
  if (req) return { startLine, kind: 'request', method: req[1]!.toUpperCase(), header, body };
  return { startLine, kind: 'unknown', header, body };
}

/** One-line summary: "REFER (CSeq 2 REFER)" or "202 Accepted (CSeq 2 REFER)". */
export function summarize(bytes: Buffer): string {
  const h = sipHead(bytes);
  const cseq = h.header('cseq');
  const what = h.kind === 'request' ? h.method! : h.kind === 'response' ? `${h.status} ${h.reason}`.trim() : (h.startLine.slice(0, 40) || '(empty)');
  return cseq ? `${what} (CSeq ${cseq})` : what;
}
