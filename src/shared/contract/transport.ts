/**
 * Transport-level names (not contract channels). Dependency-free: the sandboxed preload imports
 * this module and must not pull in zod.
 */
/** WebSocket path of the loopback transport (browser mode). */
export const WS_PATH = '/api'
/** Electron IPC channels carrying the envelopes. */
export const IPC_INVOKE = 'wapc:invoke'
export const IPC_EVENT = 'wapc:event'
/** The signup window's preload → main: the Embedded Signup launcher's result (Electron only). */
export const IPC_SIGNUP_RESULT = 'wapc:signup-result'
