import type { Logger } from '@server-kit/log/logger'
import type { RelayFrame } from '@shared/relay/protocol'
import type { ClaimStore } from '../log/types'
import type { RelayMetrics } from '../metrics'

/** A connected desktop as the claims see it. */
export interface ClaimTaker {
  /** Unique per connection and instance; recorded as the lease holder. */
  readonly holderId: string
  readonly desktopId: string
  send(frame: RelayFrame): void
  /** Claims this connection holds: claim id → token. */
  readonly held: Map<string, number>
}

export interface ClaimOptions {
  store: ClaimStore
  leaseMs: number
  metrics: RelayMetrics
  logger: Logger
  now: () => number
}

const DUE_BATCH = 100

/**
 * Offers claims to this instance's claim-taking desktops. The store decides (atomically, across
 * instances for Redis) who holds what; this only picks a desktop, sends offers and answers results.
 * Due claims are looked for when something changes here and on a sweep (leases that ran out, claims
 * requested through other instances).
 */
export class ClaimCoordinator {
  private readonly takers = new Set<ClaimTaker>()
  private sweep: NodeJS.Timeout | undefined
  private running: Promise<void> | null = null
  private pending = false
  private turn = 0

  constructor(private readonly options: ClaimOptions) {}

  addTaker(taker: ClaimTaker): void {
    this.takers.add(taker)
    if (!this.sweep) {
      const every = Math.max(20, Math.min(1000, Math.floor(this.options.leaseMs / 4)))
      this.sweep = setInterval(() => void this.dispatch(), every)
      this.sweep.unref()
    }
    void this.dispatch()
  }

  /** A connection ended: its leases go back at once, to be offered to another desktop. */
  async removeTaker(taker: ClaimTaker): Promise<void> {
    this.takers.delete(taker)
    if (this.takers.size === 0) this.stop()
    const held = [...taker.held]
    taker.held.clear()
    for (const [id, token] of held) await this.options.store.release(id, token)
    if (held.length > 0) void this.dispatch()
  }

  async request(from: ClaimTaker | null, key: string, cursor: string | null): Promise<void> {
    const claim = await this.options.store.request(key, cursor, this.options.now())
    if (claim.completed) from?.send(settled(claim.id, key, 'stale'))
    else void this.dispatch()
  }

  async extend(taker: ClaimTaker, id: string, token: number): Promise<void> {
    const { store, leaseMs, now } = this.options
    const claim = await store.get(id)
    const expiresAt = claim ? await store.extend(id, token, now(), leaseMs) : null
    if (expiresAt === null) {
      taker.held.delete(id)
      taker.send(settled(id, claim?.key ?? '?', 'stale'))
    } else taker.send(settled(id, claim!.key, 'extended', expiresAt))
  }

  async result(
    taker: ClaimTaker,
    id: string,
    token: number,
    outcome: 'completed' | 'released',
  ): Promise<void> {
    const { store, now, metrics, logger } = this.options
    const claim = await store.get(id)
    const key = claim?.key ?? '?'
    taker.held.delete(id)
    const ok =
      claim !== null &&
      (outcome === 'completed'
        ? await store.complete(id, token, now())
        : await store.release(id, token))
    if (ok && outcome === 'completed') {
      metrics.claimsCompleted++
      logger.info('relay.claim.completed', { key, desktop: taker.desktopId, token })
    }
    taker.send(settled(id, key, ok ? outcome : 'stale'))
    if (ok && outcome === 'released') void this.dispatch()
  }

  /** Offers every due claim; runs one at a time, and again if asked while running. */
  dispatch(): Promise<void> {
    if (this.running) {
      this.pending = true
      return this.running
    }
    this.running = this.offerDue()
      .catch((error: unknown) =>
        this.options.logger.error('relay.claim.dispatch-failed', { error }),
      )
      .finally(() => {
        this.running = null
        if (this.pending) {
          this.pending = false
          void this.dispatch()
        }
      })
    return this.running
  }

  stop(): void {
    clearInterval(this.sweep)
    this.sweep = undefined
  }

  private async offerDue(): Promise<void> {
    const { store, leaseMs, now, metrics } = this.options
    if (this.takers.size === 0) return
    for (const claim of await store.due(now(), DUE_BATCH)) {
      const taker = this.pick(claim.holder)
      if (!taker) return
      const taken = await store.take(claim.id, taker.holderId, now(), leaseMs)
      if (!taken) continue
      // A lease that ran out here: its former holder must not finish the work.
      for (const other of this.takers) {
        if (other !== taker && other.held.delete(claim.id))
          other.send(settled(claim.id, claim.key, 'stale'))
      }
      taker.held.set(claim.id, taken.token)
      metrics.claimsOffered++
      taker.send({
        type: 'claim-offer',
        claimId: taken.id,
        key: taken.key,
        cursor: taken.cursor,
        token: taken.token,
        expiresAt: taken.expiresAt,
        attempt: taken.attempt,
      })
    }
  }

  /** The least busy desktop, other than the one whose lease just ran out when there is a choice. */
  private pick(previousHolder: string): ClaimTaker | undefined {
    const all = [...this.takers]
    const others = all.filter((taker) => taker.holderId !== previousHolder)
    const candidates = others.length > 0 ? others : all
    if (candidates.length === 0) return undefined
    const fewest = Math.min(...candidates.map((taker) => taker.held.size))
    const least = candidates.filter((taker) => taker.held.size === fewest)
    return least[this.turn++ % least.length]
  }
}

function settled(
  claimId: string,
  key: string,
  outcome: 'completed' | 'released' | 'extended' | 'stale',
  expiresAt?: number,
): RelayFrame {
  return {
    type: 'claim-settled',
    claimId,
    key,
    outcome,
    ...(expiresAt === undefined ? {} : { expiresAt }),
  }
}
