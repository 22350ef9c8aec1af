import { execFile, execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { headerValue, headerValues, parseNameAddr, type Header, type SipRequest } from '../sip/message';
import type { Dialog } from '../sip/dialog';
import type { UserAgent } from '../sip/useragent';

/**
 * Referred-By tokens (RFC 3892 §4): an Authenticated Identity Body (RFC 3893) — a message/sipfrag
 * signed with S/MIME as multipart/signed, named by a Content-ID, carried in a multipart/mixed body
 * beside the request's own body (RFC 3892 §7.1). node:crypto cannot build CMS, so the openssl CLI
 * signs and verifies (about 15 ms and 35 ms a call); the signing key is a throwaway, made once per
 * process in a temporary directory that goes with the process.
 */

/** One MIME body part: its headers and its content. */
export interface MimePart {
  headers: Header[];
  body: Buffer;
}

let signerDir: string | undefined;

function signer(): string {
  if (signerDir) return signerDir;
  const dir = mkdtempSync(join(tmpdir(), 'sipwright-aib-'));
  process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
  execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '1',
    '-subj', '/CN=sipwright referrer', '-keyout', 'key.pem', '-out', 'cert.pem'], { cwd: dir, stdio: 'ignore' });
  signerDir = dir;
  return dir;
}

function openssl(args: string[], cwd: string): Promise<{ ok: boolean; stdout: Buffer }> {
  return new Promise((resolve) => {
    execFile('openssl', args, { cwd, encoding: 'buffer', maxBuffer: 1 << 20 }, (err, stdout) => resolve({ ok: !err, stdout }));
  });
}

const CRLF = '\r\n';

function renderPart(p: MimePart): Buffer {
  return Buffer.concat([Buffer.from(p.headers.map((h) => `${h.name}: ${h.value}${CRLF}`).join('') + CRLF), p.body]);
}

/** A multipart body (RFC 2046 §5.1) and the Content-Type that names its boundary. */
export function multipart(subtype: string, parts: MimePart[], params = ''): { contentType: string; body: Buffer } {
  const boundary = `sw-${randomBytes(6).toString('hex')}`;
  const chunks = parts.flatMap((p) => [Buffer.from(`--${boundary}${CRLF}`), renderPart(p), Buffer.from(CRLF)]);
  return { contentType: `multipart/${subtype}; boundary=${boundary}${params}`, body: Buffer.concat([...chunks, Buffer.from(`--${boundary}--${CRLF}`)]) };
}

/** The parts of a multipart body; [] when the Content-Type is not multipart or names no boundary. */
export function splitMultipart(contentType: string, body: Buffer): MimePart[] {
  const boundary = /^\s*multipart\/[^;]+;(?:.*;)?\s*boundary="?([^";\s]+)"?/i.exec(contentType)?.[1];
  if (!boundary) return [];
  const text = body.toString('latin1');
  const delimiter = `--${boundary}`;
  const pieces = text.split(new RegExp(`(?:^|\\r?\\n)${delimiter.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
  // pieces[0] is the preamble; the piece after the close delimiter starts with "--".
  return pieces.slice(1).filter((p) => !p.startsWith('--')).map((p) => {
    const raw = p.replace(/^[ \t]*\r?\n/, '');
    const split = /\r?\n\r?\n/.exec(raw);
    const head = split ? raw.slice(0, split.index) : raw;
    const content = split ? raw.slice(split.index + split[0].length) : '';
    const headers = head.replace(/\r?\n[ \t]+/g, ' ').split(/\r?\n/).filter(Boolean).map((l) => {
      const i = l.indexOf(':');
      return { name: l.slice(0, i).trim().toLowerCase(), value: l.slice(i + 1).trim() };
    });
    return { headers, body: Buffer.from(content, 'latin1') };
  });
}

export function partHeader(p: MimePart, name: string): string | undefined {
  return p.headers.find((h) => h.name.toLowerCase() === name)?.value;
}

/** The token a request carries: the body part whose Content-ID its one Referred-By's cid names (RFC 3892 §2.1, §3). */
export function tokenOf(request: SipRequest): MimePart | undefined {
  const referredBy = headerValues(request, 'referred-by');
  const cid = referredBy.length === 1 ? parseNameAddr(referredBy[0]).params.cid : undefined;
  if (typeof cid !== 'string') return undefined;
  return splitMultipart(headerValue(request, 'content-type') ?? '', request.body).find((p) => partHeader(p, 'content-id') === contentIdOf(cid));
}

/** An SDP offer beside a Referred-By token: the multipart/mixed body of a referenced INVITE (RFC 3892 §7.1 F2). */
export function offerWithToken(sdp: Buffer, token: MimePart): { contentType: string; body: Buffer } {
  return multipart('mixed', [{ headers: [{ name: 'Content-Type', value: 'application/sdp' }], body: sdp }, token]);
}

/** The Content-ID a Referred-By cid names (RFC 3892 §3: the quotes become angle brackets). */
export function contentIdOf(cid: string): string {
  return `<${cid.replace(/^"|"$/g, '')}>`;
}

/**
 * A Referred-By token: the sipfrag `fields` (RFC 3892 §4: Refer-To, Referred-By and Date of the
 * REFER) signed as multipart/signed, with Content-ID `<cid>`.
 */
export async function signToken(fields: Header[], cid: string, opts: { withoutContentId?: boolean } = {}): Promise<MimePart> {
  const dir = signer();
  const signed: MimePart = {
    headers: [{ name: 'Content-Type', value: 'message/sipfrag' }, { name: 'Content-Disposition', value: 'aib; handling=optional' }],
    body: Buffer.from(fields.map((h) => `${h.name}: ${h.value}${CRLF}`).join('')),
  };
  const content = join(dir, `c-${randomBytes(6).toString('hex')}`);
  writeFileSync(content, renderPart(signed));
  const sig = await openssl(['cms', '-sign', '-binary', '-md', 'sha256', '-in', content, '-signer', 'cert.pem', '-inkey', 'key.pem', '-outform', 'DER'], dir);
  rmSync(content, { force: true });
  if (!sig.ok) throw new Error('openssl cms -sign failed: a Referred-By token could not be signed');
  const signature: MimePart = {
    headers: [{ name: 'Content-Type', value: 'application/pkcs7-signature; name=smime.p7s' }, { name: 'Content-Transfer-Encoding', value: 'base64' },
      { name: 'Content-Disposition', value: 'attachment; filename=smime.p7s; handling=required' }],
    body: Buffer.from(sig.stdout.toString('base64').replace(/.{76}/g, `$&${CRLF}`)),
  };
  const inner = multipart('signed', [signed, signature], '; protocol="application/pkcs7-signature"; micalg=sha-256');
  const headers = [{ name: 'Content-Type', value: inner.contentType }, ...(opts.withoutContentId ? [] : [{ name: 'Content-ID', value: `<${cid}>` }])];
  return { headers, body: inner.body };
}

/** The signed sipfrag part of a token (RFC 3893 §3), or undefined when it is not multipart/signed. */
export function tokenSipfrag(token: MimePart): MimePart | undefined {
  const [signed] = splitMultipart(partHeader(token, 'content-type') ?? '', token.body);
  return signed;
}

/** RFC 3892 §4.1: true when the token's S/MIME signature verifies over its sipfrag (the chain is not judged). */
export async function verifyToken(token: MimePart): Promise<boolean> {
  const type = partHeader(token, 'content-type') ?? '';
  const boundary = /boundary="?([^";\s]+)"?/i.exec(type)?.[1];
  const parts = splitMultipart(type, token.body);
  if (!boundary || parts.length !== 2) return false;
  // The signature covers the first part exactly as it stands between the delimiters (RFC 1847 §2.1).
  const text = token.body.toString('latin1');
  const start = text.indexOf(`--${boundary}`) + boundary.length + 2;
  const end = text.indexOf(`${CRLF}--${boundary}`, start);
  const signedBytes = Buffer.from(text.slice(text.indexOf(CRLF, start) + 2, end), 'latin1');
  const dir = signer();
  const name = randomBytes(6).toString('hex');
  writeFileSync(join(dir, `c-${name}`), signedBytes);
  writeFileSync(join(dir, `s-${name}`), Buffer.from(parts[1].body.toString('latin1').replace(/\s+/g, ''), 'base64'));
  const res = await openssl(['cms', '-verify', '-binary', '-inform', 'DER', '-in', `s-${name}`, '-content', `c-${name}`, '-noverify', '-out', '/dev/null'], dir);
  rmSync(join(dir, `c-${name}`), { force: true });
  rmSync(join(dir, `s-${name}`), { force: true });
  return res.ok;
}

/** A copy of the token with a bad signature: the last byte of the CMS structure (the signature value) flipped. */
export function breakSignature(token: MimePart): MimePart {
  const type = partHeader(token, 'content-type') ?? '';
  const [signed, signature] = splitMultipart(type, token.body);
  const der = Buffer.from(signature.body.toString('latin1').replace(/\s+/g, ''), 'base64');
  der[der.length - 1] ^= 0x01;
  const inner = multipart('signed', [signed, { headers: signature.headers, body: Buffer.from(der.toString('base64').replace(/.{76}/g, `$&${CRLF}`)) }], '; protocol="application/pkcs7-signature"; micalg=sha-256');
  return { headers: token.headers.map((h) => (h.name.toLowerCase() === 'content-type' ? { name: h.name, value: inner.contentType } : h)), body: inner.body };
}

/** RFC 7231 §7.1.1.1 IMF-fixdate, the form SIP's Date uses (RFC 3261 §20.17). */
export function sipDate(at: Date = new Date()): string {
  return at.toUTCString();
}

/** Ways to get a token wrong, for the reference SUT's fault modes (RFC 3892 §4). */
export interface TokenFlaws { withoutContentId?: boolean; withoutDate?: boolean; withCallIdAndFrom?: boolean }

/**
 * A REFER in `dialog` with a Referred-By token (RFC 3892 §2.1): a Referred-By whose cid names the
 * token's Content-ID (§3), a Date, and the token — a signed sipfrag copying Refer-To, Referred-By
 * and Date, without Call-ID, From or To (§4) — as the one part of a multipart/mixed body (§7.1).
 */
export async function referWithToken(ua: UserAgent, dialog: Dialog, referTo: string, flaws: TokenFlaws = {}): Promise<SipRequest> {
  const cid = `${randomBytes(8).toString('hex')}@${ua.address.host}`;
  const fields: Header[] = [
    { name: 'refer-to', value: referTo },
    { name: 'referred-by', value: `<${ua.uri}>;cid="${cid}"` },
    { name: 'date', value: sipDate() },
  ];
  const request = ua.newInDialog(dialog, 'REFER', { headers: fields });
  const signed: Header[] = [
    { name: 'Refer-To', value: referTo },
    { name: 'Referred-By', value: fields[1].value },
    ...(flaws.withoutDate ? [] : [{ name: 'Date', value: fields[2].value }]),
    ...(flaws.withCallIdAndFrom ? [{ name: 'Call-ID', value: headerValue(request, 'call-id')! }, { name: 'From', value: headerValue(request, 'from')! }] : []),
  ];
  const body = multipart('mixed', [await signToken(signed, cid, { withoutContentId: flaws.withoutContentId })]);
  return { ...request, headers: [...request.headers, { name: 'content-type', value: body.contentType }], body: body.body };
}
