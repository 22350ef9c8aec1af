import { audioSdp, sdpDirection, UserAgent, type IncomingRequest, type MediaDirection } from '../../sip/useragent';
import type { Address } from '../../sip/transport';
import { UnsupportedAction, type Action, type ActionArgs, type AdapterContext, type EndpointAdapter } from '../adapter';
import type { FaultName } from './faults';
import { Transferee } from './transferee';

const PRODUCT = 'sipwright-reference/0.1';

/** RFC 3264 §6.1: the answer's direction mirrors the offer's. */
const ANSWER_DIRECTION: Record<MediaDirection, MediaDirection> = {
  sendrecv: 'sendrecv', sendonly: 'recvonly', recvonly: 'sendonly', inactive: 'inactive',
};

/**
 * The embedded reference user agent: the default SUT, correct by the RFCs unless told to
 * misbehave through a named fault mode. It answers calls, accepts holds, and acts as transferee.
 */
export class ReferenceAdapter implements EndpointAdapter {
  readonly name = 'reference';
  readonly can: ReadonlySet<Action> = new Set<Action>(['answer']);
  readonly product = PRODUCT;
  private ua?: UserAgent;
  private sdpVersion = 1;

  constructor(private faults: ReadonlySet<FaultName> = new Set()) {}

  async start(ctx: AdapterContext): Promise<void> {
    const ua = await UserAgent.create({ user: ctx.user, host: ctx.host, timers: ctx.timers });
    const transferee = new Transferee(ua, this.faults);
    ua.onRequest((incoming) => {
      switch (incoming.request.method) {
        case 'INVITE': return this.answer(ua, incoming);
        case 'REFER': return transferee.receiveRefer(incoming);
        case 'BYE':
        case 'NOTIFY':
        case 'OPTIONS': return void ua.respond(incoming, incoming.dialog || incoming.request.method === 'OPTIONS' ? 200 : 481);
        default: return void ua.respond(incoming, 501);
      }
    });
    this.ua = ua;
  }

  get uri(): string {
    return this.started.uri;
  }

  get address(): Address {
    return this.started.address;
  }

  async act(action: Action, _args: ActionArgs): Promise<void> {
    // Calls arrive and are answered automatically; other actions come with the transferor role.
    if (action === 'answer') return;
    throw new UnsupportedAction(this.name, action);
  }

  async stop(): Promise<void> {
    await this.ua?.close();
    this.ua = undefined;
  }

  private get started(): UserAgent {
    if (!this.ua) throw new Error('reference adapter used before start()');
    return this.ua;
  }

  /** Rings, then answers with an SDP answer that mirrors the offer (holds included). */
  private answer(ua: UserAgent, incoming: IncomingRequest): void {
    const offer = incoming.request.body;
    const direction = ANSWER_DIRECTION[offer.length ? sdpDirection(offer) : 'sendrecv'];
    const headers = [{ name: 'content-type', value: 'application/sdp' }, { name: 'server', value: PRODUCT }];
    if (!incoming.dialog) ua.respond(incoming, 180, { headers: [{ name: 'server', value: PRODUCT }] });
    ua.respond(incoming, 200, { headers, body: audioSdp(ua.address.host, 4002, this.sdpVersion++, direction) });
  }
}
