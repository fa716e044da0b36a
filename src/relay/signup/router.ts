import type { Logger } from '@server-kit/log/logger'
import type { RelayFrame } from '@shared/relay/protocol'
import type { SignupResult, SignupStore } from './store'

/** A signup attempt lasts at most this long (Embedded Signup takes minutes, not hours). */
export const SIGNUP_TTL_MS = 30 * 60 * 1000

/**
 * Routes the launcher page's result to the desktop that registered the attempt's `state`, and to
 * no other. The state nonce is the capability: whoever knows it may deliver one result, once. A
 * result waits (until the attempt expires) for that desktop's tunnel, on whichever instance it is.
 */
export class SignupRouter {
  private readonly unsubscribe: () => void

  constructor(
    private readonly store: SignupStore,
    /** Sends to the desktop's open tunnel; false when it has none on this instance. */
    private readonly sendTo: (desktopId: string, frame: RelayFrame) => boolean,
    private readonly isHere: (desktopId: string) => boolean,
    private readonly logger: Logger,
    private readonly ttlMs = SIGNUP_TTL_MS,
  ) {
    this.unsubscribe = store.onFiled((desktopId) => {
      if (isHere(desktopId)) void this.flush(desktopId)
    })
  }

  register(state: string, desktopId: string): Promise<boolean> {
    return this.store.register(state, desktopId, this.ttlMs)
  }

  /** 'delivered' (the desktop's tunnel is on this instance), 'queued', or 'unknown' (no such state, or used). */
  async submit(result: SignupResult): Promise<'delivered' | 'queued' | 'unknown'> {
    const desktopId = await this.store.submit(result, this.ttlMs)
    if (desktopId === null) return 'unknown'
    if (!this.isHere(desktopId)) return 'queued'
    // Filing it woke this instance's listener too; whichever flush takes it sends it, once.
    await this.flush(desktopId)
    return 'delivered'
  }

  /** Sends the results waiting for this desktop (its tunnel just opened, or one was filed); how many. */
  async flush(desktopId: string): Promise<number> {
    const results = await this.store.take(desktopId)
    const unsent: SignupResult[] = []
    for (const result of results) {
      const sent = this.sendTo(desktopId, {
        type: 'signup-result',
        state: result.state,
        code: result.code,
        events: result.events,
      })
      if (!sent) unsent.push(result)
    }
    if (unsent.length > 0) await this.store.restore(desktopId, unsent, this.ttlMs)
    if (results.length > unsent.length)
      this.logger.info('relay.signup.delivered', {
        desktop: desktopId,
        count: results.length - unsent.length,
      })
    return results.length - unsent.length
  }

  close(): void {
    this.unsubscribe()
  }
}
