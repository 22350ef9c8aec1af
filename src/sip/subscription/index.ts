export { ReferNotifier, subscriptionStateValue } from './refer-notifier';
export type { ReferNotifyContent, SubscriptionState } from './refer-notifier';
