import { parseCSeq, parseMessage, headerValue, type SipMessage } from '../sip/message';
import type { Finding } from '../expect/finding';
import type { SipWorld } from './world';

/** One row of an expected message sequence, as a data table gives it. */
export interface SequenceRow {
  from: string;
  to: string;
  /** "REFER", "NOTIFY", "200 to REFER", "2xx to INVITE", alternatives joined by " or ". */
  message: string;
  /** "any": this row may come before the rows just above it that are also in its group. */
  order?: string;
  /** Milliseconds allowed since the previous group's message. */
  within?: string;
}

interface Entry { index: number; time: number; from?: string; to?: string; message?: SipMessage }

function matchesLabel(m: SipMessage, label: string): boolean {
  return label.split(/\s+or\s+/).some((alt) => {
    const resp = /^(\d)(xx|\d\d) to ([A-Z]+)$/.exec(alt.trim());
    if (!resp) return m.type === 'request' && m.method === alt.trim();
    if (m.type !== 'response') return false;
    const cseq = headerValue(m, 'cseq');
    const code = String(m.status);
    const codeOk = resp[2] === 'xx' ? code[0] === resp[1] : code === `${resp[1]}${resp[2]}`;
    return codeOk && !!cseq && parseCSeq(cseq).method === resp[3];
  });
}

function entries(world: SipWorld): Entry[] {
  return world.trace.map((r, index) => {
    let message: SipMessage | undefined;
    try {
      message = parseMessage(r.bytes, { lenient: true });
    } catch {
      message = undefined;
    }
    return { index, time: r.time, from: world.partyAt(r.src), to: world.partyAt(r.dst), message };
  });
}

/** Rows grouped: a row with order "any" joins the group above it (RFC allows either order within a group). */
function groups(rows: SequenceRow[]): SequenceRow[][] {
  const out: SequenceRow[][] = [];
  for (const row of rows) {
    if (row.order?.trim().toLowerCase() === 'any' && out.length) out[out.length - 1].push(row);
    else out.push([row]);
  }
  return out;
}

/**
 * "Then the messages were, in order:": each row must match a later message of the trace than the
 * group before it; other messages in between (retransmissions, OPTIONS keepalives) are tolerated.
 */
export function checkSequence(world: SipWorld, rows: SequenceRow[]): void {
  const trace = entries(world);
  let pos = 0;
  let prevTime: number | undefined;
  for (const group of groups(rows)) {
    const used = new Set<number>();
    let end = pos;
    let groupTime = prevTime;
    for (const row of group) {
      const hit = trace.slice(pos).find((e) => !used.has(e.index) && e.from === row.from && e.to === row.to && e.message && matchesLabel(e.message, row.message));
      if (!hit) return world.verdict([missing(row, trace, pos)]);
      used.add(hit.index);
      end = Math.max(end, hit.index + 1);
      const within = row.within ? Number(row.within) : undefined;
      if (within !== undefined && prevTime !== undefined && hit.time - prevTime > within) {
        return world.verdict([{ expected: `${row.from} → ${row.to} ${row.message} within ${within} ms`, seen: `after ${(hit.time - prevTime).toFixed(1)} ms`, where: { traceIndex: hit.index } }]);
      }
      groupTime = Math.max(groupTime ?? 0, hit.time);
    }
    pos = end;
    prevTime = groupTime;
  }
}

function missing(row: SequenceRow, trace: Entry[], pos: number): Finding {
  const after = trace.slice(pos).map((e) => `#${e.index} ${e.from ?? '?'}→${e.to ?? '?'} ${label(e.message)}`);
  return {
    expected: `${row.from} → ${row.to} ${row.message}${pos ? ` after message #${pos - 1}` : ''}`,
    seen: after.length ? after.join(', ') : 'no further messages',
  };
}

function label(m?: SipMessage): string {
  if (!m) return '(unparseable)';
  return m.type === 'request' ? m.method : `${m.status} to ${parseCSeq(headerValue(m, 'cseq') ?? '0 ?').method}`;
}
