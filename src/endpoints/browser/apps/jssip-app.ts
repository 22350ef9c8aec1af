/**
 * The JsSIP 3.13 page app (bundled by esbuild into an IIFE; see ../bundle.ts). Its policy, part of
 * the SUT definition (docs/suts.md, "Browser SUTs"):
 * - answers every incoming call at once, including an INVITE with Replaces (the replaced call is
 *   ended by JsSIP when the new one is confirmed);
 * - accepts every REFER and calls the Refer-To target (JsSIP sends the 202 and the NOTIFYs);
 * - never hangs up a call by itself: after a transfer, the original call ends when the other side
 *   sends BYE or when the adapter is asked to hang up.
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

const api: PageApi = {
  ready: false,
  product: `JsSIP ${JsSIP.version}`,
  async answer(peer) {
    await calls.answered(peer, config.waitMs); // answered on arrival; wait for the 2xx
  },
  async call(target) {
    const session = ua.call(target, MEDIA);
    const known = calls.entries.find((e) => e.session === session);
    if (!known) track(session, 'outgoing', target);
  },
  async refer(peer, target) {
    (await live(peer)).refer(target);
  },
  async attended(peer, replacing) {
    const other = await live(replacing);
    (await live(peer)).refer(other.remote_identity.uri.toString(), { replaces: other });
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
