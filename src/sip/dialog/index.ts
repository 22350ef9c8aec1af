export { Dialog, dialogKey } from './dialog';
export type { DialogId, DialogState } from './dialog';
export { routeRequest } from './route';
export type { Routing } from './route';
export { newTag, newCallId, newBranch } from './ids';
