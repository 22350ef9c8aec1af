export { ReferNotifier, subscriptionStateValue } from './refer-notifier';
export type { ReferNotifyContent, SubscriptionState, TerminationReason } from './refer-notifier';
export { ReferSubscriber } from './refer-subscriber';
export type { ReferSubscription, NotifyVerdict } from './refer-subscriber';
export { NotifyQueue } from './notify-queue';
export type { NotifySend } from './notify-queue';
export { declinesSubscription, referSubResponseHeaders } from './refer-sub';
export { ReferEventServer, referEventsAt, requiresExplicitSub } from './explicit';
export type { ReferEventState, SubscribeVerdict } from './explicit';
