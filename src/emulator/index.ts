// The emulator's public surface: the server, the event sender, the pure wire helpers and the types.
export { LarkEmulator } from './lark-emulator';
export { LarkEventSender, LARK_RETRY_DELAYS_MS } from './lark-event-sender';
export type { DeliverOptions, DeliveryResult, AttemptRecord, LarkEventSenderOptions } from './lark-event-sender';
export { encryptForLark, decryptFromLark, signLarkRequest } from './lark-wire';
export type { SayResult, ClickResult } from './user-actions';
export type * from './types';
