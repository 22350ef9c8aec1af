import { headerValue, parseCSeq, parseMessage, type SipMessage } from '../../../src/sip/message';
import { ReferSubscriber, type ReferSubscription } from '../../../src/sip/subscription';
import { serializeMessage } from '../../../src/sip/message';
import { FaultyTransport, type TlsMaterial, type TraceRecord, type Transport, type TransportKind } from '../../../src/sip/transport';
import type { TimerConfig } from '../../../src/sip/transaction';
import { audioSdp, UserAgent } from '../../../src/sip/useragent';
import { answerCalls, referenceTransferee, sequencedTransferee } from './parties';
import { Condition } from './wait';

export interface TransferOptions {
  transport: TransportKind;
  host: string;
  timers: TimerConfig;
  deadlineMs: number;
  tls?: TlsMaterial;
  /** Probability of losing each message each UA sends (every link, both ways), with a seed. */
  loss?: { probability: number; seed: number };
  transferee?: 'reference' | 'sequenced';
}

export interface TransferResult {
  ms: number;
  /** Messages each party sent again byte for byte (transaction and 2xx retransmissions), lost ones included. */
  retransmissions: number;
  sent: number;
  dropped: number;
  progress: number[];
  trace: Array<TraceRecord & { party: string }>;
}

interface Parties {
  uas: UserAgent[];
  faults: FaultyTransport[];
  /** Every message each UA handed its transport, before any loss. */
  attempts: string[];
}

async function startParties(o: TransferOptions): Promise<Parties> {
  const faults: FaultyTransport[] = [];
  const attempts: string[] = [];
  const make = (user: string, seed: number): Promise<UserAgent> => UserAgent.create({
    user, host: o.host, transport: o.transport, tls: o.tls, timers: o.timers,
    wrapTransport: (t) => {
      if (!o.loss) return counting(t, user, attempts);
      const f = new FaultyTransport(t, { seed: o.loss.seed + seed, drop: o.loss.probability });
      faults.push(f);
      return counting(f, user, attempts);
    },
  });
  return { uas: await Promise.all([make('alice', 1), make('bob', 2), make('carol', 3)]), faults, attempts };
}

interface TransferorState {
  got2xx: boolean;
  sub?: ReferSubscription;
  progress: number[];
}

/** Alice: calls Bob, refers him to Carol once the call is up, and answers NOTIFYs as her subscriber says. */
function transferor(alice: UserAgent, bob: UserAgent, carol: UserAgent, state: TransferorState, poke: () => void): void {
  const subscriber = new ReferSubscriber();
  alice.onRequest((incoming) => {
    if (incoming.request.method !== 'NOTIFY') return void alice.respond(incoming, 501);
    const v = subscriber.receiveNotify(incoming.request);
    if (v.subscription) state.progress = [...v.subscription.progress];
    alice.respond(incoming, v.status, { reason: v.reason });
    poke();
  });
  const invite = alice.newRequest('INVITE', bob.uri, { headers: [{ name: 'content-type', value: 'application/sdp' }], body: audioSdp(alice.address.host, 4000, 1) });
  alice.send(invite, {
    onResponse: (res) => {
      if (res.status < 200 || res.status >= 300 || state.sub) return;
      const refer = alice.newInDialog(alice.adoptDialog(invite, res), 'REFER', {
        headers: [{ name: 'refer-to', value: `<${carol.uri}>` }, { name: 'referred-by', value: `<${alice.uri}>` }],
      });
      const sub = subscriber.referSent(refer);
      state.sub = sub;
      alice.send(refer, { onResponse: (r) => { if (r.status >= 200) { state.got2xx = r.status < 300; subscriber.referAnswered(sub, r); poke(); } } });
    },
  });
}

/**
 * The blind transfer exchange (RFC 5589 §6.1) between three UserAgents: Alice calls Bob
 * (INVITE/200/ACK), refers him to Carol (REFER/2xx), Bob reports through NOTIFY/200 ×2 and calls
 * Carol (INVITE/200/ACK). Resolves when every party has seen its part; stops every UA either way.
 */
export async function runTransfer(o: TransferOptions): Promise<TransferResult> {
  const trace: TransferResult['trace'] = [];
  const { uas, faults, attempts } = await startParties(o);
  const [alice, bob, carol] = uas;
  const state: TransferorState = { got2xx: false, progress: [] };
  const done = new Condition(() => complete(trace, state));
  uas.forEach((ua) => ua.onTrace((r) => { trace.push({ ...r, party: ua.user }); done.poke(); }));
  (o.transferee === 'sequenced' ? sequencedTransferee : referenceTransferee)(bob);
  answerCalls(carol);
  const started = performance.now();
  transferor(alice, bob, carol, state, () => done.poke());
  try {
    await done.wait(o.deadlineMs, `transfer over ${o.transport} ${o.host}`);
  } catch (err) {
    const ladder = trace.map((r) => `  ${r.party} ${r.direction} ${r.bytes.toString().split('\r\n')[0]}`).join('\n');
    throw new Error(`${(err as Error).message}; what the parties saw:\n${ladder}`);
  } finally {
    await Promise.all(uas.map((ua) => ua.close()));
  }
  const dropped = faults.reduce((n, f) => n + f.stats.dropped, 0);
  return { ms: performance.now() - started, sent: attempts.length, retransmissions: attempts.length - new Set(attempts).size, dropped, progress: state.progress, trace };
}

function parsed(r: TraceRecord): SipMessage {
  return parseMessage(r.bytes);
}

/** Every party has seen its part of the exchange (incoming messages, as their own traces show). */
function complete(trace: TransferResult['trace'], s: TransferorState): boolean {
  const seen = (party: string, pred: (m: SipMessage) => boolean): SipMessage[] =>
    trace.filter((r) => r.party === party && r.direction === 'in').map(parsed).filter(pred);
  const method = (m: SipMessage): string => parseCSeq(headerValue(m, 'cseq') ?? '0 X').method;
  const notifyOks = new Set(seen('bob', (m) => m.type === 'response' && m.status === 200 && method(m) === 'NOTIFY').map((m) => headerValue(m, 'cseq')));
  return s.got2xx
    && s.progress.includes(200)
    && notifyOks.size === 2
    && seen('bob', (m) => m.type === 'request' && m.method === 'ACK').length > 0
    && seen('carol', (m) => m.type === 'request' && m.method === 'ACK').length > 0;
}

/** Records every message a UA hands its transport (before any loss), to count retransmissions. */
function counting(inner: Transport, party: string, attempts: string[]): Transport {
  return {
    get name() { return inner.name; },
    get reliable() { return inner.reliable; },
    get local() { return inner.local; },
    send: (m, dst) => {
      attempts.push(`${party}|${(Buffer.isBuffer(m) ? m : serializeMessage(m)).toString('latin1')}`);
      inner.send(m, dst);
    },
    onMessage: (h) => inner.onMessage(h),
    onMalformed: (h) => inner.onMalformed(h),
    onTrace: (h) => inner.onTrace(h),
    close: () => inner.close(),
  };
}
