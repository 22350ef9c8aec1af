export { Dialog, dialogKey } from './dialog';
export type { DialogId, DialogState } from './dialog';
export { newTag, newCallId, newBranch } from './ids';
