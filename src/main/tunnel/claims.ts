import type { ClaimOfferFrame, DesktopFrame, RelayFrame } from '@shared/relay/protocol'
import type { Logger } from '../logger'

/**
 * This desktop's side of the relay's claims (protocol in src/shared/relay/protocol.ts): work that
 * exactly one desktop may do, such as the AI's automatic reply to one inbound message.
 *
 * `claim(key)` asks the relay for the key and resolves when the answer is known:
 * - `won`: the relay offered this desktop the claim. Call `complete()` BEFORE the side effect and
 *   do the work only when it resolves `completed`: the relay records one completion per key, so a
 *   desktop that loses its connection in between does the work nowhere (at most once, never twice).
 * - `taken`: the claim was completed already (by another desktop, or earlier by this one).
 * - `unavailable`: no relay connection, or no offer within `timeoutMs` (another desktop holds the
 *   lease and is doing the work, or the relay is unreachable). The caller leaves the work to a
 *   person.
 *
 * The relay offers a claim to one claims-taking desktop, not necessarily the one that asked. An
 * offer nobody here waits for is held for `graceMs` (this desktop's own pipeline may ask for it a
 * moment later) and then released, so the relay offers it to another desktop — the relay prefers
 * a desktop other than the last holder. Keys this desktop stopped waiting for are not released but
 * left to expire, so an abandoned claim is offered about once per lease instead of back and forth.
 */

export type ClaimOutcome =
  { kind: 'won'; lease: ClaimLease } | { kind: 'taken' } | { kind: 'unavailable'; reason: string }

export interface ClaimLease {
  readonly key: string
  readonly claimId: string
  readonly token: number
  /** Still held: not settled stale, the connection it came on is up, the lease has not run out. */
  valid(): boolean
  /**
   * Records the completion at the relay: `completed` (recorded for this token: do the work),
   * `stale` (another desktop holds or completed it: do not), `unknown` (no answer: the connection
   * dropped or the relay did not confirm in time — the completion may or may not be recorded).
   */
  complete(): Promise<CompleteOutcome>
  /** Gives the claim back (the relay offers it again). */
  release(): void
}

export type CompleteOutcome = 'completed' | 'stale' | 'unknown'

export interface ClaimOptions {
  /** How long to wait for an offer (default 10 s). */
  timeoutMs?: number
  /** The relay event the work is about (echoed in the offer). */
  cursor?: string
}

export interface Claims {
  claim(key: string, options?: ClaimOptions): Promise<ClaimOutcome>
}

export interface ClaimDesk extends Claims {
  /** A connection was welcomed: frames go out through `send`; waiting claims are asked again. */
  connected(send: (frame: DesktopFrame) => void): void
  /** The connection is gone: its leases are void (the relay gives them back). */
  disconnected(): void
  /** A claim frame from the relay. */
  onFrame(frame: Extract<RelayFrame, { type: 'claim-offer' | 'claim-settled' }>): void
  close(): void
}

export interface ClaimDeskOptions {
  log: Logger
  /** How long an offer nobody here asked for is kept before it is released (default 2 s). */
  graceMs?: number
  /** How often a waiting claim is asked again (default 1 s): a completed one answers `stale`. */
  retryMs?: number
  /** How long a completion may take to be confirmed (default 5 s). */
  completeTimeoutMs?: number
  now?: () => number
}

interface Waiter {
  key: string
  cursor: string | undefined
  resolve(outcome: ClaimOutcome): void
  retry: NodeJS.Timeout
  timeout: NodeJS.Timeout
}

interface Held {
  offer: ClaimOfferFrame
  /** The connection generation the offer came on. */
  generation: number
  stale: boolean
  /** Completion asked: resolves with the relay's answer. */
  completing: ((outcome: CompleteOutcome) => void) | null
  releaseTimer: NodeJS.Timeout | null
}

const GIVEN_UP_LIMIT = 1000

export function createClaimDesk(options: ClaimDeskOptions): ClaimDesk {
  const { log } = options
  const graceMs = options.graceMs ?? 2000
  const retryMs = options.retryMs ?? 1000
  const completeTimeoutMs = options.completeTimeoutMs ?? 5000
  const now = options.now ?? Date.now
  let send: ((frame: DesktopFrame) => void) | null = null
  let generation = 0
  const waiters = new Map<string, Waiter[]>()
  /** Offers held, by claim id. */
  const held = new Map<string, Held>()
  /** Keys whose waiters timed out (insertion-ordered, bounded). */
  const givenUp = new Set<string>()

  const request = (waiter: Pick<Waiter, 'key' | 'cursor'>) =>
    send?.({
      type: 'claim-request',
      key: waiter.key,
      ...(waiter.cursor ? { cursor: waiter.cursor } : {}),
    })

  const settleWaiters = (key: string, outcome: (waiter: Waiter) => ClaimOutcome) => {
    const list = waiters.get(key)
    if (!list) return
    waiters.delete(key)
    for (const waiter of list) {
      clearInterval(waiter.retry)
      clearTimeout(waiter.timeout)
      waiter.resolve(outcome(waiter))
    }
  }

  const dropHeld = (claimId: string) => {
    const entry = held.get(claimId)
    if (!entry) return
    held.delete(claimId)
    if (entry.releaseTimer) clearTimeout(entry.releaseTimer)
    entry.completing?.(entry.stale ? 'stale' : 'unknown')
    entry.completing = null
  }

  const releaseOffer = (entry: Held) => {
    dropHeld(entry.offer.claimId)
    if (entry.generation === generation && !entry.stale)
      send?.({
        type: 'claim-result',
        claimId: entry.offer.claimId,
        token: entry.offer.token,
        outcome: 'released',
      })
  }

  const leaseOf = (entry: Held): ClaimLease => ({
    key: entry.offer.key,
    claimId: entry.offer.claimId,
    token: entry.offer.token,
    valid: () =>
      held.get(entry.offer.claimId) === entry &&
      !entry.stale &&
      entry.generation === generation &&
      send !== null &&
      now() < entry.offer.expiresAt,
    complete: () =>
      new Promise<CompleteOutcome>((resolve) => {
        if (entry.stale) {
          resolve('stale')
          return
        }
        // Released, or lost with its connection: this desktop never completed it.
        if (
          held.get(entry.offer.claimId) !== entry ||
          send === null ||
          entry.generation !== generation
        ) {
          resolve('unknown')
          return
        }
        const timer = setTimeout(() => finish('unknown'), completeTimeoutMs)
        function finish(outcome: CompleteOutcome) {
          clearTimeout(timer)
          resolve(outcome)
        }
        entry.completing = finish
        send({
          type: 'claim-result',
          claimId: entry.offer.claimId,
          token: entry.offer.token,
          outcome: 'completed',
        })
      }),
    release: () => releaseOffer(entry),
  })

  /** Hands a held offer to the first waiter for its key; true when one took it. */
  const handOver = (entry: Held): boolean => {
    const list = waiters.get(entry.offer.key)
    if (!list?.length) return false
    if (entry.releaseTimer) clearTimeout(entry.releaseTimer)
    entry.releaseTimer = null
    const lease = leaseOf(entry)
    // One desktop does the work: every waiter here for this key shares the one lease's outcome,
    // the first gets it, the others are told it is taken.
    let first = true
    settleWaiters(entry.offer.key, () => {
      if (!first) return { kind: 'taken' }
      first = false
      return { kind: 'won', lease }
    })
    return true
  }

  const onOffer = (offer: ClaimOfferFrame) => {
    dropHeld(offer.claimId)
    const entry: Held = { offer, generation, stale: false, completing: null, releaseTimer: null }
    held.set(offer.claimId, entry)
    if (handOver(entry)) return
    // Nobody here asked (yet): keep it a moment for this desktop's own pipeline, then give it back
    // — unless this desktop stopped waiting for it, in which case the lease is left to run out.
    if (givenUp.has(offer.key)) return
    entry.releaseTimer = setTimeout(() => releaseOffer(entry), graceMs)
    entry.releaseTimer.unref()
  }

  return {
    claim(key, claimOptions = {}) {
      return new Promise<ClaimOutcome>((resolve) => {
        if (send === null) {
          resolve({ kind: 'unavailable', reason: 'not connected to the relay' })
          return
        }
        givenUp.delete(key)
        const timeoutMs = claimOptions.timeoutMs ?? 10_000
        const waiter: Waiter = {
          key,
          cursor: claimOptions.cursor,
          resolve,
          retry: setInterval(() => request(waiter), retryMs),
          timeout: setTimeout(() => {
            const list = waiters.get(key)?.filter((w) => w !== waiter) ?? []
            if (list.length > 0) waiters.set(key, list)
            else waiters.delete(key)
            clearInterval(waiter.retry)
            givenUp.add(key)
            if (givenUp.size > GIVEN_UP_LIMIT) givenUp.delete(givenUp.values().next().value!)
            resolve({
              kind: 'unavailable',
              reason: `no offer from the relay within ${timeoutMs} ms`,
            })
          }, timeoutMs),
        }
        waiters.set(key, [...(waiters.get(key) ?? []), waiter])
        // An offer that came before anyone here asked.
        const early = [...held.values()].find(
          (entry) => entry.offer.key === key && !entry.stale && entry.generation === generation,
        )
        if (early && handOver(early)) return
        request(waiter)
      })
    },

    connected(sender) {
      send = sender
      generation++
      for (const list of waiters.values()) if (list[0]) request(list[0])
    },

    disconnected() {
      send = null
      generation++
      for (const claimId of [...held.keys()]) dropHeld(claimId)
    },

    onFrame(frame) {
      if (frame.type === 'claim-offer') return onOffer(frame)
      const entry = held.get(frame.claimId)
      if (frame.outcome === 'stale') {
        if (entry) {
          entry.stale = true
          dropHeld(frame.claimId)
        }
        // Asked for work that is completed already (here or elsewhere).
        settleWaiters(frame.key, () => ({ kind: 'taken' }))
        return
      }
      if (frame.outcome === 'completed' && entry) {
        const done = entry.completing
        entry.completing = null
        held.delete(frame.claimId)
        done?.('completed')
        log.debug('tunnel.claim-completed', { key: frame.key })
        return
      }
      if (frame.outcome === 'released' && entry) dropHeld(frame.claimId)
    },

    close() {
      send = null
      for (const claimId of [...held.keys()]) dropHeld(claimId)
      for (const key of [...waiters.keys()])
        settleWaiters(key, () => ({ kind: 'unavailable', reason: 'the desktop is shutting down' }))
    },
  }
}
