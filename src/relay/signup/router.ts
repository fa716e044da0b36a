import type { RelayFrame } from '@shared/relay/protocol'

export interface SignupResult {
  state: string
  code: string | null
  events: unknown[]
}

interface Registration {
  desktopId: string
  expiresAt: number
  result: SignupResult | null
}

/** A signup attempt lasts at most this long (Embedded Signup takes minutes, not hours). */
export const SIGNUP_TTL_MS = 30 * 60 * 1000

/**
 * Routes the launcher page's result to the desktop that registered the attempt's `state`, and to
 * no other. The state nonce is the capability: whoever knows it may deliver one result, once. A
 * result that arrives while that desktop is reconnecting waits (until the attempt expires) and is
 * sent when it is back. Registrations live in this relay instance's memory.
 */
export class SignupRouter {
  private readonly registrations = new Map<string, Registration>()

  constructor(
    /** Sends to the desktop's open tunnel; false when it has none on this instance. */
    private readonly sendTo: (desktopId: string, frame: RelayFrame) => boolean,
    private readonly now: () => number,
    private readonly ttlMs = SIGNUP_TTL_MS,
  ) {}

  /** Registers (or refreshes) a state for a desktop; false when another desktop holds it. */
  register(state: string, desktopId: string): boolean {
    this.prune()
    const existing = this.registrations.get(state)
    if (existing && existing.desktopId !== desktopId) return false
    this.registrations.set(state, {
      desktopId,
      expiresAt: this.now() + this.ttlMs,
      result: existing?.result ?? null,
    })
    if (existing?.result) this.flush(desktopId)
    return true
  }

  /** 'delivered' / 'queued' (desktop away), 'unknown' (no such state, or already used). */
  submit(result: SignupResult): 'delivered' | 'queued' | 'unknown' {
    this.prune()
    const registration = this.registrations.get(result.state)
    if (!registration || registration.result) return 'unknown'
    registration.result = result
    return this.deliver(result.state, registration) ? 'delivered' : 'queued'
  }

  /** Sends results that waited for this desktop (call when its tunnel opens). */
  flush(desktopId: string): void {
    for (const [state, registration] of this.registrations) {
      if (registration.desktopId === desktopId && registration.result)
        this.deliver(state, registration)
    }
  }

  private deliver(state: string, registration: Registration): boolean {
    const result = registration.result!
    const sent = this.sendTo(registration.desktopId, {
      type: 'signup-result',
      state: result.state,
      code: result.code,
      events: result.events,
    })
    if (sent) this.registrations.delete(state)
    return sent
  }

  private prune(): void {
    const now = this.now()
    for (const [state, registration] of this.registrations)
      if (registration.expiresAt <= now) this.registrations.delete(state)
  }
}
