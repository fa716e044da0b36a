import type { EmbeddedSandbox } from './embedded/start-sandbox'

/**
 * The platform's time, against which the core compares Meta's timestamps (a customer's message
 * time for the 24-hour customer service window, a token's `expires_at`, a template review's time).
 *
 * Live: the machine's clock. Sandbox mode: the embedded sandbox's virtual clock — real time plus
 * the offset `POST /_sandbox/clock` moved it by — since the sandbox writes that clock into every
 * webhook and decides by it (131047 outside the window). One clock, so the core refuses exactly
 * what the platform would.
 * https://developers.facebook.com/documentation/business-messaging/whatsapp/messages/send-messages#customer-service-windows
 */
export interface PlatformClock {
  /** Epoch ms on the platform's clock. */
  now(): number
  /** How far the platform's clock runs ahead of this machine's (ms; 0 in live mode). */
  offsetMs(): number
  /** Calls `listener` with the new offset whenever it changes. */
  onChange(listener: (offsetMs: number) => void): () => void
}

export const LIVE_CLOCK: PlatformClock = {
  now: () => Date.now(),
  offsetMs: () => 0,
  onChange: () => () => {},
}

/** The embedded sandbox's virtual clock. */
export function sandboxClock(
  sandbox: Pick<EmbeddedSandbox, 'clockOffset' | 'onClockAdvance'>,
): PlatformClock {
  return {
    now: () => Date.now() + sandbox.clockOffset(),
    offsetMs: () => sandbox.clockOffset(),
    onChange: (listener) => sandbox.onClockAdvance(listener),
  }
}
