import type { Header } from '../../sip/message';
import type { FaultName } from './faults';

/** Methods the reference SUT implements: REFER and NOTIFY among them (RFC 5589 §6). */
const ALLOW = ['INVITE', 'ACK', 'CANCEL', 'OPTIONS', 'BYE', 'REFER', 'NOTIFY'];
/** Option tags it implements: replaces (RFC 3891 §6.2), tdialog (RFC 5589 §6), norefersub (RFC 4488). */
const SUPPORTED = ['replaces', 'norefersub', 'tdialog'];

/**
 * Allow and Supported for INVITEs, their 2xx and OPTIONS responses: RFC 5589 §6 (SHOULD list REFER,
 * NOTIFY and tdialog), RFC 3891 §6.2 (a UA supporting Replaces MUST list it in Supported).
 */
export function capabilityHeaders(faults: ReadonlySet<FaultName>): Header[] {
  const allow = faults.has('allow-without-refer') ? ALLOW.filter((m) => m !== 'REFER' && m !== 'NOTIFY') : ALLOW;
  const supported = SUPPORTED.filter((t) => !(t === 'replaces' && faults.has('no-supported-replaces')) && !(t === 'tdialog' && faults.has('no-supported-tdialog')));
  return [{ name: 'allow', value: allow.join(', ') }, { name: 'supported', value: supported.join(', ') }];
}
