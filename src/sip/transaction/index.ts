export { TransactionLayer } from './layer';
export type { TransactionUser, ClientTransaction, ServerTransaction } from './layer';
export { InviteClientTransaction } from './invite-client';
export { InviteServerTransaction } from './invite-server';
export { NonInviteClientTransaction } from './non-invite-client';
export type { ClientTransactionUser } from './non-invite-client';
export { NonInviteServerTransaction } from './non-invite-server';
export { RFC_TIMERS, TimerSet } from './timers';
export type { TimerConfig } from './timers';
