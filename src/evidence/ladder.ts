/**
 * A ladder (sequence) diagram of a scenario's trace as a self-contained SVG: parties as columns
 * in order of first appearance, one arrow per message labelled with method or status and the
 * headers that matter for transfer (CSeq, Event, Subscription-State, Refer-To; the sipfrag status
 * line of a NOTIFY, RFC 3515 §2.4.5), time offsets at the left, the failing message in red, and
 * findings that point at no message (what never came) in red below the last arrow.
 */
import type { Address, TraceRecord } from '../sip/transport/trace';
import { clip, escapeXml } from './escape';
import { sipHead } from './sip-head';

export interface LadderOptions {
  /** The party name for an address, e.g. "Alice" or "Bob (SUT)". */
  partyOf(addr: Address): string;
  /** Index in `records` of the message a finding points at. */
  failingIndex?: number;
  /** Findings that point at no message (typically one that never came): drawn in red below the last arrow. */
  missing?: readonly string[];
  title?: string;
}

const KEY_HEADERS = ['CSeq', 'Event', 'Subscription-State', 'Refer-To'];
const CHAR_W = 7.2;
const LINE_H = 15;
const LEFT = 120;
const RED = '#c62828';
const INK = '#1f2937';

/** The text lines of one arrow's label: "#i REFER", then key headers, then the sipfrag line. */
export function messageLabel(r: TraceRecord, index: number): string[] {
  const h = sipHead(r.bytes);
  const first = h.kind === 'request' ? h.method! : h.kind === 'response' ? `${h.status} ${h.reason ?? ''}`.trim() : clip(h.startLine || '(not SIP)', 40);
  const lines = [`#${index} ${first}`];
  for (const name of KEY_HEADERS) {
    const v = h.header(name);
    if (v !== undefined) lines.push(clip(`${name}: ${v}`, 64));
  }
  const ctype = h.header('content-type') ?? '';
  if (h.method === 'NOTIFY' && (/sipfrag/i.test(ctype) || /^SIP\/2\.0 /.test(h.body))) {
    lines.push(clip(`sipfrag: ${h.body.split(/\r?\n/)[0]!.trim()}`, 64));
  }
  return lines;
}

interface Row { index: number; from: number; to: number; lines: string[]; y: number; height: number; offset: string; transport: string }

function layoutRows(records: readonly TraceRecord[], column: (a: Address) => number, top: number): Row[] {
  const t0 = records[0]?.time ?? 0;
  let y = top;
  return records.map((r, index) => {
    const lines = messageLabel(r, index);
    const height = lines.length * LINE_H + 22;
    const row = { index, from: column(r.src), to: column(r.dst), lines, y, height, offset: `+${(r.time - t0).toFixed(3)} ms`, transport: r.transport };
    y += height;
    return row;
  });
}

function text(x: number, y: number, body: string, attrs = ''): string {
  return `<text x="${x.toFixed(1)}" y="${y.toFixed(1)}"${attrs}>${escapeXml(body)}</text>`;
}

function arrow(row: Row, colX: (c: number) => number, failing: boolean): string {
  const color = failing ? RED : INK;
  const yLine = row.y + row.lines.length * LINE_H + 8;
  const x1 = colX(row.from);
  const x2 = colX(row.to);
  const parts: string[] = [];
  if (failing) parts.push(`<rect class="failing-band" x="0" y="${row.y - 4}" width="100%" height="${row.height}" fill="#fdecea"/>`);
  const shape = x1 === x2
    ? `<path d="M${x1},${yLine - 10} h40 v10 h-36" fill="none" stroke="${color}" stroke-width="1.5" marker-end="url(#${failing ? 'head-red' : 'head'})"/>`
    : `<line x1="${x1}" y1="${yLine}" x2="${x2 + (x2 > x1 ? -2 : 2)}" y2="${yLine}" stroke="${color}" stroke-width="${failing ? 2.5 : 1.5}" marker-end="url(#${failing ? 'head-red' : 'head'})"/>`;
  parts.push(shape);
  const labelX = Math.min(x1, x2) + (x1 === x2 ? 48 : 10);
  row.lines.forEach((l, i) => parts.push(text(labelX, row.y + (i + 1) * LINE_H - 3, l, i === 0 ? ` font-weight="bold" fill="${color}"` : ` fill="${color}"`)));
  parts.push(text(8, yLine - 4, row.offset, ' fill="#6b7280"'), text(8, yLine + 10, row.transport, ' fill="#6b7280"'));
  if (failing) parts.push(text(8, row.y + LINE_H - 3, '✗ failing', ` fill="${RED}" font-weight="bold"`));
  const cls = failing ? 'msg failing' : 'msg';
  return `<g class="${cls}" data-index="${row.index}"${failing ? ' data-failing="true"' : ''}><title>${escapeXml(row.lines.join('\n'))}</title>${parts.join('')}</g>`;
}

function partiesOf(records: readonly TraceRecord[], partyOf: (a: Address) => string): string[] {
  const parties: string[] = [];
  for (const r of records) for (const p of [partyOf(r.src), partyOf(r.dst)]) if (!parties.includes(p)) parties.push(p);
  return parties;
}

function defs(): string {
  const head = (id: string, color: string): string =>
    `<marker id="${id}" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="8" markerHeight="8" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="${color}"/></marker>`;
  return `<defs>${head('head', INK)}${head('head-red', RED)}</defs>`;
}

/** One red band per finding without a message ("expected a final NOTIFY … within 2000 ms; seen …"), after the last arrow. */
function missingRows(missing: readonly string[], y: number): { svg: string; height: number } {
  const parts = missing.map((m, i) => {
    const top = y + i * (LINE_H * 2 + 8);
    return `<g class="missing" data-failing="true"><rect class="failing-band" x="0" y="${top}" width="100%" height="${LINE_H * 2 + 4}" fill="#fdecea"/>`
      + `${text(8, top + LINE_H - 2, '✗ finding', ` fill="${RED}" font-weight="bold"`)}${text(LEFT, top + LINE_H - 2, clip(m, 110), ` fill="${RED}"`)}</g>`;
  });
  return { svg: parts.join(''), height: missing.length * (LINE_H * 2 + 8) };
}

/** The SVG document (UTF-8 text, no external references). */
export function ladderSvg(records: readonly TraceRecord[], opts: LadderOptions): string {
  const parties = partiesOf(records, opts.partyOf);
  const widest = Math.max(24, ...records.map((r, i) => Math.max(...messageLabel(r, i).map((l) => l.length))));
  const colW = Math.min(560, Math.max(200, widest * CHAR_W + 40));
  const colX = (c: number): number => LEFT + 60 + c * colW;
  const titleH = opts.title ? 28 : 0;
  const top = titleH + 52;
  const rows = layoutRows(records, (a) => parties.indexOf(opts.partyOf(a)), top);
  const lastY = (rows.at(-1)?.y ?? top) + (rows.at(-1)?.height ?? 0) + (records.length ? 0 : 24);
  const missing = missingRows(opts.missing ?? [], lastY + 4);
  const bottom = lastY + missing.height + 16;
  const width = colX(Math.max(parties.length - 1, 0)) + Math.max(colW / 2, 120) + 60;
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width.toFixed(0)}" height="${bottom}" viewBox="0 0 ${width.toFixed(0)} ${bottom}" font-family="DejaVu Sans Mono, Menlo, Consolas, monospace" font-size="12">`,
    defs(),
    `<rect width="100%" height="100%" fill="#ffffff"/>`,
  ];
  if (opts.title) out.push(text(8, 20, opts.title, ' font-size="15" font-weight="bold" class="title"'));
  parties.forEach((p, c) => {
    const x = colX(c);
    out.push(`<g class="party" data-party="${escapeXml(p)}">`, `<rect x="${(x - 70).toFixed(1)}" y="${titleH + 8}" width="140" height="26" rx="4" fill="#e5e7eb" stroke="${INK}"/>`,
      text(x, titleH + 26, clip(p, 18), ' text-anchor="middle" font-weight="bold"'),
      `<line x1="${x}" y1="${titleH + 34}" x2="${x}" y2="${bottom - 8}" stroke="#9ca3af" stroke-dasharray="4 4"/>`, '</g>');
  });
  for (const row of rows) out.push(arrow(row, colX, row.index === opts.failingIndex));
  if (records.length === 0) out.push(text(8, top + 16, '(no SIP messages were sent or received)'));
  if (missing.svg) out.push(missing.svg);
  out.push('</svg>');
  return out.join('\n');
}
