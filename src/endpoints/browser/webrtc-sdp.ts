/**
 * Chromium accepts a remote description only in WebRTC form (research/real-suts.md): DTLS-SRTP
 * profile, ICE credentials, a fingerprint, a=setup, a=mid and a=rtcp-mux. The scripted agents write
 * plain RTP/AVP SDP (src/sip/useragent/sdp.ts); the relay, as a WebRTC gateway would, dresses it in
 * that form on its way to the browser. Codecs, ports, addresses and directions are left as they are.
 */
import { randomBytes } from 'node:crypto';

export interface WebRtcFormOptions {
  /** An offer gets a=setup:actpass (RFC 5763 §5); an answer a=setup:active. */
  role: 'offer' | 'answer';
  /** a=mid of the m-line: in an answer, the mid of the browser's offer (RFC 8843 §7.3). */
  mid: string;
}

/** ice-char (RFC 8839 §5.4): ALPHA / DIGIT / "+" / "/". */
const ICE_CHARS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

function iceString(length: number): string {
  return [...randomBytes(length)].map((b) => ICE_CHARS[b % ICE_CHARS.length]).join('');
}

/** RFC 8122 §5: a=fingerprint; random bytes do: no DTLS handshake happens without ICE candidates. */
function fingerprint(): string {
  return [...randomBytes(32)].map((b) => b.toString(16).padStart(2, '0').toUpperCase()).join(':');
}

/** True when the SDP is already in WebRTC form (another WebRTC endpoint, or converted before). */
export function isWebRtcForm(sdp: string): boolean {
  return /^m=\S+ \d+ UDP\/TLS\/RTP\/SAVPF /m.test(sdp) && /^a=ice-ufrag:/m.test(sdp);
}

/** The mid of the first m-line (what an answer must repeat), if the SDP has one. */
export function firstMid(sdp: string): string | undefined {
  return /^a=mid:(\S+)/m.exec(sdp)?.[1];
}

/**
 * Converts a plain audio SDP (RTP/AVP) to the WebRTC form Chromium accepts. Each m-line gets the
 * SAVPF profile and ICE/DTLS attributes; attributes the agent wrote (rtpmap, direction) stay.
 */
export function toWebRtcForm(sdp: string, opts: WebRtcFormOptions): string {
  if (isWebRtcForm(sdp)) return sdp;
  const lines = sdp.split(/\r?\n/).filter((l) => l.length > 0);
  const ufrag = iceString(8);
  const pwd = iceString(24);
  const print = fingerprint();
  const out: string[] = [];
  let media = 0;
  for (const line of lines) {
    const m = /^m=(\S+) (\d+) RTP\/AVP (.*)$/.exec(line);
    if (!m) {
      out.push(line);
      continue;
    }
    const mid = media === 0 ? opts.mid : String(media);
    media++;
    out.push(`m=${m[1]} ${m[2]} UDP/TLS/RTP/SAVPF ${m[3]}`);
    out.push(`a=ice-ufrag:${ufrag}`, `a=ice-pwd:${pwd}`, `a=fingerprint:sha-256 ${print}`);
    out.push(`a=setup:${opts.role === 'offer' ? 'actpass' : 'active'}`, `a=mid:${mid}`, 'a=rtcp-mux');
  }
  return `${out.join('\r\n')}\r\n`;
}
