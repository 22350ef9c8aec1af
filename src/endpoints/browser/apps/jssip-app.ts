/**
 * The JsSIP 3.13 page app (bundled by esbuild into an IIFE; see ../bundle.ts). Its policy, part of
 * the SUT definition (docs/suts.md, "Browser SUTs"):
 * - answers every incoming call at once, including an INVITE with Replaces (the replaced call is
 *   ended by JsSIP when the new one is confirmed);
 * - accepts every REFER and calls the Refer-To target (JsSIP sends the 202 and the NOTIFYs);
 * - as transferee, never hangs up by itself: after a transfer, the original call ends when the
 *   transferor sends BYE or when the adapter is asked to hang up;
 * - as transferor, acts as a phone's transfer key does (RFC 5589 §6, Figures 1-4): once the final
 *   NOTIFY reports success (2xx sipfrag) it hangs up the call with the transferee; once it reports
 *   a failure it takes that call off hold if it was on hold, and keeps it.
 */
import JsSIP from 'jssip';
import type { RTCSession } from 'jssip/lib/RTCSession';
import type { RTCSessionEvent } from 'jssip/lib/UA';
import { CallList, log, pageConfig, type CallEntry, type PageApi } from './page';

const config = pageConfig();
const calls = new CallList<RTCSession>();
const MEDIA = { mediaConstraints: { audio: true, video: false }, pcConfig: { iceServers: [] } };

JsSIP.debug.enable('JsSIP:*'); // all of it, parser errors included: the page console is the SUT's log

function track(session: RTCSession, direction: 'incoming' | 'outgoing', peer: string): CallEntry<RTCSession> {
  const entry = calls.add({ session, peer, direction, state: 'new' });
  for (const state of ['progress', 'accepted', 'confirmed', 'hold', 'unhold']) session.on(state as 'progress', () => calls.set(entry, state));
  session.on('ended', (e) => calls.set(entry, `ended (${e.cause})`));
  session.on('failed', (e) => calls.set(entry, `failed (${e.cause})`));
  session.on('refer', (e) => {
    // JsSIP's parsed Refer-To (not in its typings): the target the new call goes to.
    const target = String((e.request as unknown as { refer_to: { uri: unknown } }).refer_to.uri);
    log(`REFER received in call with ${peer}: accepting, calling ${target}`);
    e.accept((next: RTCSession) => void track(next, 'outgoing', target), MEDIA);
  });
  // Send the SDP with the first ICE candidate instead of waiting for gathering to complete (which
  // JsSIP does without a time limit; SIP.js's page app caps it at 500 ms): loopback needs no more.
  session.on('icecandidate', (e) => e.ready());
    session.on('replaces', (e) => {
    log(`INVITE with Replaces for the call with ${peer}: accepting`);
    e.accept();
  });
  return entry;
}

const ua = new JsSIP.UA({
  sockets: [new JsSIP.WebSocketInterface(config.ws)],
  uri: config.uri,
  register: true, // the relay is its registrar: the binding tells it the WebSocket connection
  session_timers: false,
});

ua.on('newRTCSession', (e: RTCSessionEvent) => {
  if (e.originator !== 'remote') return;
  const { session, request } = e;
  const entry = track(session, 'incoming', request.from.uri.toString());
  log(`incoming call from ${entry.peer}: answering`);
  session.answer(MEDIA);
});

async function live(peer: string): Promise<RTCSession> {
  return (await calls.need(peer, config.waitMs)).session;
}

/** The transferor's policy once the transferee's final NOTIFY came (see the header): JsSIP's ReferSubscriber events. */
function followTransfer(session: RTCSession, peer: string): { accepted: () => void; failed: () => void } {
  return {
    accepted: () => {
      log(`transfer of ${peer} succeeded: hanging up`);
      if (!session.isEnded()) session.terminate();
    },
    failed: () => {
      const held = session.isOnHold().local;
      log(`transfer of ${peer} failed: keeping the call${held ? ', taking it off hold' : ''}`);
      if (held) session.unhold();
    },
  };
}

const api: PageApi = {
  ready: false,
  product: `JsSIP ${JsSIP.version}`,
  async answer(peer) {
    await calls.answered(peer, config.waitMs); // answered on arrival; wait for the 2xx
  },
  async call(target) {
    // Resolves once the INVITE is sent: JsSIP sends it only after getUserMedia and ICE gathering,
    // which the peer's deadline for it must not include.
    let sent!: () => void;
    let failed!: (e: Error) => void;
    const sending = new Promise<void>((resolve, reject) => { sent = resolve; failed = reject; });
    const session = ua.call(target, { ...MEDIA, eventHandlers: { sending: () => sent(), failed: (e: { cause: string }) => failed(new Error(`call to ${target} failed before its INVITE: ${e.cause}`)) } });
    const known = calls.entries.find((e) => e.session === session);
    if (!known) track(session, 'outgoing', target);
    let timer: ReturnType<typeof setTimeout> | undefined;
    const late = new Promise<never>((_, reject) => { timer = setTimeout(() => reject(new Error(`no INVITE to ${target} sent within ${config.waitMs} ms`)), config.waitMs); });
    await Promise.race([sending, late]).finally(() => clearTimeout(timer));
  },
  async refer(peer, target) {
    const session = await live(peer);
    session.refer(target, { eventHandlers: followTransfer(session, peer) });
  },
  async attended(peer, replacing) {
    const other = await live(replacing);
    const session = await live(peer);
    session.refer(other.remote_identity.uri.toString(), { replaces: other, eventHandlers: followTransfer(session, peer) });
  },
  async hold(peer) {
    (await live(peer)).hold();
  },
  async resume(peer) {
    (await live(peer)).unhold();
  },
  async hangup(peer) {
    (await live(peer)).terminate();
  },
  calls: () => calls.describe(),
};
window.sipwright = api;

ua.on('connected', () => log(`connected to ${config.ws} as ${config.uri}`));
ua.on('registered', () => {
  log('registered');
  api.ready = true;
});
ua.on('registrationFailed', (e) => {
  api.error = `registration failed: ${e.cause}`;
});
ua.on('disconnected', () => log('WebSocket disconnected'));
try {
  ua.start();
} catch (err) {
  api.error = (err as Error).message;
}
