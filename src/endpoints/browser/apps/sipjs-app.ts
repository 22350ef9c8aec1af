/**
 * The SIP.js 0.21 page app (bundled by esbuild into an IIFE; see ../bundle.ts). Its policy, part of
 * the SUT definition (docs/suts.md, "Browser SUTs"):
 * - registers with the relay, answers every incoming call at once; an INVITE with Replaces is
 *   answered too, and SIP.js ends the replaced call with BYE (sipExtensionReplaces: Supported);
 * - accepts every REFER and calls the Refer-To target (referral.accept(), then makeInviter().invite();
 *   SIP.js sends the 202 and the NOTIFYs);
 * - as transferee, never hangs up a call by itself after a transfer;
 * - as transferor, acts as a phone's transfer key does (RFC 5589 §6, Figures 1-4): once a NOTIFY
 *   reports a final success (2xx sipfrag) it hangs up the call with the transferee; once one reports
 *   a failure it takes that call off hold if the app had held it, and keeps it. (Passing onNotify
 *   makes the app answer the NOTIFYs: 200, as SIP.js does without it.)
 */
import {
  Invitation, Inviter, Registerer, RegistererState, Session, SessionState, SIPExtension, UserAgent, version,
  type Notification, type Referral, type Web,
} from 'sip.js';
import { CallList, log, pageConfig, UNSUPPORTED, type CallEntry, type PageApi } from './page';

const config = pageConfig();
const calls = new CallList<Session>();
const SDH = { constraints: { audio: true, video: false } };

function track(session: Session, direction: 'incoming' | 'outgoing', peer: string): CallEntry<Session> {
  const entry = calls.add({ session, peer, direction, state: 'new' });
  session.stateChange.addListener((s: SessionState) => calls.set(entry, s.toLowerCase()));
  session.delegate = {
    onRefer(referral: Referral) {
      const target = referral.referTo.uri.toString();
      log(`REFER received in call with ${peer}: accepting, calling ${target}`);
      void referral.accept().then(() => {
        const inviter = referral.makeInviter({ sessionDescriptionHandlerOptions: SDH });
        track(inviter, 'outgoing', target);
        return inviter.invite();
      }).catch((e: Error) => log(`following the REFER failed: ${e.message}`));
    },
  };
  return entry;
}

const ua = new UserAgent({
  uri: UserAgent.makeURI(config.uri),
  transportOptions: { server: config.ws },
  // research/real-suts.md: the default ICE server is a public STUN server; loopback needs none.
  sessionDescriptionHandlerFactoryOptions: { peerConnectionConfiguration: { iceServers: [] }, iceGatheringTimeout: 500 },
  sipExtensionReplaces: SIPExtension.Supported,
  userAgentString: `SIP.js/${version}`,
  logBuiltinEnabled: true,
  logLevel: 'log',
  delegate: {
    onInvite(invitation: Invitation) {
      const entry = track(invitation, 'incoming', invitation.remoteIdentity.uri.toString());
      log(`incoming call from ${entry.peer}${invitation.request.hasHeader('replaces') ? ' (with Replaces)' : ''}: answering`);
      invitation.accept({ sessionDescriptionHandlerOptions: SDH }).catch((e: Error) => log(`answer failed: ${e.message}`));
    },
  },
});

async function live(peer: string): Promise<Session> {
  return (await calls.need(peer, config.waitMs)).session;
}

/** Sessions the app put on hold (SIP.js keeps no such state of its own). */
const held = new WeakSet<Session>();

/**
 * Each session's re-INVITE still in progress: SIP.js refuses another ("Reinvite in progress") until
 * the 2xx or failure of the last is handled, which can come after the NOTIFY that asks the app to
 * take the call off hold (seen in CI: the resume was lost). Settled from the request's delegate.
 */
const inflight = new WeakMap<Session, Promise<void>>();

async function reinvite(session: Session, hold: boolean): Promise<void> {
  const before = inflight.get(session);
  if (before) {
    log('waiting for the re-INVITE in progress to complete');
    await before;
  }
  // SIP.js's web handler reads `hold` (a=sendonly in the offer); the API's option type does not list it.
  const sessionDescriptionHandlerOptions: Web.SessionDescriptionHandlerOptions = { ...SDH, hold };
  let settle = (): void => {};
  const done = new Promise<void>((resolve) => { settle = resolve; });
  inflight.set(session, done);
  const finish = (): void => { if (inflight.get(session) === done) inflight.delete(session); settle(); };
  try {
    await session.invite({ sessionDescriptionHandlerOptions, requestDelegate: { onAccept: finish, onReject: finish } });
  } catch (e) {
    finish();
    throw e;
  }
  if (hold) held.add(session);
  else held.delete(session);
}

/** The transferor's policy for each NOTIFY of its REFER (see the header). */
function followTransfer(session: Session, peer: string): (n: Notification) => void {
  return (n) => {
    void n.accept();
    const code = Number(/^SIP\/2\.0 (\d{3})/.exec(n.request.body ?? '')?.[1] ?? 0);
    if (code >= 200 && code < 300) {
      log(`transfer of ${peer} succeeded: hanging up`);
      if (session.state === SessionState.Established) void session.bye().catch((e: Error) => log(`BYE failed: ${e.message}`));
    } else if (code >= 300) {
      log(`transfer of ${peer} failed: keeping the call${held.has(session) ? ', taking it off hold' : ''}`);
      if (held.has(session)) void reinvite(session, false).catch((e: Error) => log(`resume failed: ${e.message}`));
    }
  };
}

const api: PageApi = {
  ready: false,
  product: `SIP.js/${version}`,
  async answer(peer) {
    await calls.answered(peer, config.waitMs); // answered on arrival; wait for the 2xx
  },
  async call(target) {
    const uri = UserAgent.makeURI(target);
    if (!uri) throw new Error(`not a SIP URI: ${target}`);
    const inviter = new Inviter(ua, uri, { sessionDescriptionHandlerOptions: SDH });
    track(inviter, 'outgoing', target);
    await inviter.invite();
  },
  async refer(peer, target) {
    const uri = UserAgent.makeURI(target);
    if (!uri) throw new Error(`not a SIP URI: ${target}`);
    const session = await live(peer);
    await session.refer(uri, { onNotify: followTransfer(session, peer) });
  },
  async attended(peer, replacing) {
    const other = await live(replacing);
    // SIP.js refers only to an established call ("'semi-attended' transfer? … this is not supported",
    // Session.refer): the adapter reports it as an action the SUT cannot do, not as a failure.
    if (other.state !== SessionState.Established) throw new Error(`${UNSUPPORTED} SIP.js cannot refer to a call that is not established (the call with ${replacing} is ${other.state.toLowerCase()})`);
    const session = await live(peer);
    await session.refer(other, { onNotify: followTransfer(session, peer) });
  },
  hold: async (peer) => reinvite(await live(peer), true),
  resume: async (peer) => reinvite(await live(peer), false),
  async hangup(peer) {
    const s = await live(peer);
    if (s.state === SessionState.Established) await s.bye();
    else if (s instanceof Inviter) await s.cancel();
    else if (s instanceof Invitation) await s.reject();
  },
  calls: () => calls.describe(),
};
window.sipwright = api;

async function main(): Promise<void> {
  await ua.start();
  log(`connected to ${config.ws} as ${config.uri}`);
  const registerer = new Registerer(ua);
  registerer.stateChange.addListener((s) => {
    log(`registration: ${s}`);
    if (s === RegistererState.Registered) api.ready = true;
  });
  await registerer.register({ requestDelegate: { onReject: (r) => { api.error = `registration failed: ${r.message.statusCode}`; } } });
}

main().catch((e: Error) => {
  api.error = e.message;
});
