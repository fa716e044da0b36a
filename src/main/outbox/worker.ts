import type { Backoff } from '@shared/backoff'
import type { OutboxError } from '@shared/contract/outbox'
import { isWindowOpen } from '@shared/whatsapp/windows'
import type { OutboundMessage, SendResult } from '../graph'
import type { SendLimiter } from '../graph/rate-limiters'
import { turnSafely } from '../background-turn'
import type { Logger } from '../logger'
import { prep } from '../messaging/sql'
import type { Db } from '../store/database'
import { classifySendFailure } from './outcomes'
import { reconcile } from './reconcile'
import {
  emptyRecorded,
  recordFailed,
  recordRetry,
  recordSent,
  recordUnconfirmed,
  type Recorded,
} from './record'
import { dueRows, nextDueAfter, queuedNumbers, setState, type OutboxRecord } from './repo'
import { senderById } from './sender'

export interface WorkerOptions {
  /** Sends waiting for Meta's answer at once (the Graph client's pool has 32 connections). */
  maxInFlight: number
  /** The reconciliation window (reconcile.ts). */
  reconcileWindowMs: number
  reconcileEveryMs: number
  /** Attempts before a retryable failure becomes terminal. */
  maxAttempts: number
  /** Between retries of transient failures (131056 uses Meta's 4^X s). */
  backoff: Backoff
  /** Between retries after 130429 (throughput reached). */
  throughputBackoff: Backoff
  /** How often a paused client's queue is looked at again, and a send refused for its token retried. */
  blockedRecheckMs: number
  /** The longest the worker sleeps (it also wakes on every send and completion). */
  idleMs: number
}

export const DEFAULT_WORKER_OPTIONS: WorkerOptions = {
  maxInFlight: 64,
  reconcileWindowMs: 10 * 60_000,
  reconcileEveryMs: 1_000,
  maxAttempts: 10,
  backoff: { baseMs: 1_000, capMs: 5 * 60_000, jitter: 'equal' },
  throughputBackoff: { baseMs: 250, capMs: 30_000, jitter: 'equal' },
  blockedRecheckMs: 30_000,
  idleMs: 1_000,
}

export interface WorkerDeps {
  db: Db
  /** Meta's send (the outbox's own Graph client: the outbox owns the retries). */
  send: (wabaId: string, phoneNumberId: string, message: OutboundMessage) => Promise<SendResult>
  limiter: SendLimiter
  log: Logger
  now: () => number
  caughtUp: () => boolean
  /** Pushes what a recording transaction changed (after it committed). */
  publish: (recorded: Recorded) => void
  options: WorkerOptions
}

type Result =
  { row: OutboxRecord; ok: true; wamid: string } | { row: OutboxRecord; ok: false; error: unknown }

const windowClosed: OutboxError = {
  code: 131047,
  title: 'Re-engagement message',
  message:
    'The 24-hour customer service window closed before this message could be sent; it was not sent to Meta.',
  fix: 'Send an approved template instead.',
  retryable: false,
}

/**
 * The outbox worker: takes due rows oldest first, keeps each number under its throughput and each
 * customer under the pair rate (the Graph client's limiters, on Meta's rate model), marks a row
 * `sending` in the database before handing it to Meta, and records every answer. Never sends a
 * row twice on its own: a row whose answer was lost stays `sending` for reconcile.ts.
 */
export function startOutboxWorker(deps: WorkerDeps) {
  const { db, limiter, options } = deps
  const startedAt = deps.now()
  const inFlight = new Map<string, Promise<void>>()
  const results: Result[] = []
  let timer: NodeJS.Timeout | null = null
  let immediate: NodeJS.Immediate | null = null
  let flushing: NodeJS.Immediate | null = null
  let retryFlush: NodeJS.Timeout | null = null
  let lastReconcile = -Infinity
  let stopped = false
  let turn = 0
  /** Numbers at their throughput, and until when (the limiter's answer). */
  const throttledUntil = new Map<string, number>()

  const lastInbound = (conversationId: number) =>
    prep<[number], { last_inbound_at: number | null }>(
      db,
      'SELECT last_inbound_at FROM conversations WHERE id = ?',
    ).get(conversationId)?.last_inbound_at ?? null

  const blockedOf = (row: OutboxRecord): OutboxError | null => {
    if (!row.client_id) return null
    try {
      const s = senderById(db, row.client_id)
      return s.blocked
        ? { code: null, title: 'Paused', message: s.blocked, fix: s.fix, retryable: true }
        : null
    } catch (error) {
      return {
        code: null,
        title: 'No client',
        message: error instanceof Error ? error.message : String(error),
        fix: null,
        retryable: true,
      }
    }
  }

  function tick() {
    timer = null
    immediate = null
    if (stopped) return
    // A failed turn (the database cannot be written) is tried again after idleMs.
    if (!turnSafely(deps.log, 'outbox.turn-failed', turnOnce)) schedule(options.idleMs)
  }

  function turnOnce() {
    const now = deps.now()
    const out = emptyRecorded()
    if (now - lastReconcile >= options.reconcileEveryMs) {
      lastReconcile = now
      reconcile(
        db,
        new Set(inFlight.keys()),
        now,
        { windowMs: options.reconcileWindowMs, startedAt, caughtUp: deps.caughtUp },
        out,
      )
    }
    let room = options.maxInFlight - inFlight.size
    let wake = Infinity
    // Each number's queue on its own, starting one number further each tick (round robin): a
    // number at its throughput is passed over without reading its backlog, so one client's
    // broadcast never holds another client's messages.
    const numbers = queuedNumbers(db)
    turn = numbers.length > 0 ? (turn + 1) % numbers.length : 0
    for (const phone of [...numbers.slice(turn), ...numbers.slice(0, turn)]) {
      if (room <= 0) break
      const until = throttledUntil.get(phone) ?? 0
      if (until > now) {
        wake = Math.min(wake, until)
        continue
      }
      // Every row read is claimed, parked, failed, or ends the number's turn: each read moves on.
      for (;;) {
        const limit = Math.max(room * 2, 50)
        const rows = dueRows(db, phone, now, limit)
        const batch = sort(rows, room, now)
        applyBatch(batch, now, out)
        room -= batch.claim.length
        if (batch.throttledFor !== null) {
          throttledUntil.set(phone, now + batch.throttledFor)
          wake = Math.min(wake, now + batch.throttledFor)
          break
        }
        if (rows.length < limit || room <= 0) break
      }
    }
    deps.publish(out)
    // Full: each answer recorded kicks the next tick. Otherwise sleep until a number's next
    // token or the next row's time.
    if (inFlight.size >= options.maxInFlight) return schedule(options.idleMs)
    schedule(Math.min(wake, nextDueAfter(db, now) ?? Infinity) - now)
  }

  /** Applies a batch's decisions in one transaction, then hands the claimed rows to Meta. */
  function applyBatch(batch: ReturnType<typeof sort>, now: number, out: Recorded) {
    db.transaction(() => {
      for (const d of batch.defer)
        if (d.error) recordRetry(db, d.row, d.at, d.error, now, out)
        else setState(db, d.row.id, ['queued'], { state: 'queued', next_attempt_at: d.at }, now)
      for (const row of batch.fail) recordFailed(db, row, windowClosed, ['queued'], now, out)
      for (const row of batch.claim)
        setState(
          db,
          row.id,
          ['queued'],
          { state: 'sending', attempts: row.attempts + 1, sending_since: now, unconfirmed: 0 },
          now,
        )
    }).immediate()
    for (const row of batch.claim) launch({ ...row, attempts: row.attempts + 1 })
  }

  /** What to do with each due row of one number: claim, park or fail it, until its throughput is spent. */
  function sort(rows: OutboxRecord[], room: number, now: number) {
    const claim: OutboxRecord[] = []
    const defer: { row: OutboxRecord; at: number; error: OutboxError | null }[] = []
    const fail: OutboxRecord[] = []
    let throttledFor: number | null = null
    for (const row of rows) {
      if (claim.length >= room) break
      const blocked = blockedOf(row)
      if (blocked) {
        defer.push({ row, at: now + options.blockedRecheckMs, error: blocked })
        continue
      }
      if (row.free_form === 1 && !isWindowOpen(lastInbound(row.conversation_id), now)) {
        fail.push(row)
        continue
      }
      const slot = limiter.reserve(row.phone_number_id, row.recipient)
      if (slot.ok) claim.push(row)
      else if (slot.reason === 'throughput') {
        throttledFor = slot.waitMs
        break
      } else {
        // This customer's pair budget is spent: park the row until their next token.
        defer.push({ row, at: now + slot.waitMs, error: null })
      }
    }
    return { claim, defer, fail, throttledFor }
  }

  function launch(row: OutboxRecord) {
    const message = {
      ...(JSON.parse(row.payload) as object),
      to: row.recipient,
      biz_opaque_callback_data: row.id,
    } as OutboundMessage
    const done = deps.send(row.waba_id, row.phone_number_id, message).then(
      (result) => complete({ row, ok: true, wamid: result.messages[0]!.id }),
      (error: unknown) => complete({ row, ok: false, error }),
    )
    inFlight.set(row.id, done)
  }

  function complete(result: Result) {
    results.push(result)
    flushing ??= setImmediate(flush)
  }

  /**
   * Records every answer that arrived since the last flush in one transaction. If it cannot be
   * written, the answers are kept and recorded with the next ones (Meta's wamids are not lost).
   */
  function flush() {
    flushing = null
    const batch = results.splice(0)
    if (batch.length === 0) return
    const now = deps.now()
    const out = emptyRecorded()
    const recorded = turnSafely(deps.log, 'outbox.record-failed', () =>
      db
        .transaction(() => {
          for (const result of batch) record(result, now, out)
        })
        .immediate(),
    )
    if (!recorded) {
      results.unshift(...batch)
      if (!stopped)
        retryFlush ??= setTimeout(() => {
          retryFlush = null
          flush()
        }, options.idleMs)
      return
    }
    for (const { row } of batch) inFlight.delete(row.id)
    deps.publish(out)
    kick()
  }

  function record(result: Result, now: number, out: Recorded) {
    const { row } = result
    if (result.ok) {
      limiter.pairSucceeded(row.phone_number_id, row.recipient)
      return recordSent(db, row, result.wamid, ['sending'], now, out)
    }
    const outcome = classifySendFailure(
      result.error,
      row.attempts,
      { ...options, authRetryMs: options.blockedRecheckMs },
      () => limiter.pairLimitHit(row.phone_number_id, row.recipient),
    )
    deps.log.warn('outbox.send-failed', {
      outboxId: row.id,
      attempts: row.attempts,
      outcome: outcome.kind,
      code: outcome.error.code,
    })
    if (outcome.kind === 'retry') {
      if (outcome.limit === 'throughput') limiter.throughputHit(row.phone_number_id)
      recordRetry(db, row, now + outcome.waitMs, outcome.error, now, out)
    } else if (outcome.kind === 'unconfirmed') recordUnconfirmed(db, row, outcome.error, now, out)
    else recordFailed(db, row, outcome.error, ['sending'], now, out)
  }

  function schedule(delayMs: number) {
    if (stopped || immediate) return
    const ms = Math.max(0, Math.min(options.idleMs, delayMs))
    if (ms === 0) return kick()
    if (timer) clearTimeout(timer)
    timer = setTimeout(tick, ms)
  }

  /** Look at the queue now (a send was queued, an answer recorded, a setting changed). */
  function kick() {
    if (stopped || immediate) return
    if (timer) clearTimeout(timer)
    timer = null
    immediate = setImmediate(tick)
  }

  kick()
  return {
    kick,
    /** Rows handed to Meta and not answered yet. */
    inFlight: () => inFlight.size,
    /** Stops taking rows; waits for the answers in flight and records them. */
    async stop() {
      stopped = true
      if (timer) clearTimeout(timer)
      if (immediate) clearImmediate(immediate)
      await Promise.allSettled([...inFlight.values()])
      if (flushing) clearImmediate(flushing)
      if (retryFlush) clearTimeout(retryFlush)
      // One last try; what cannot be written stays `sending` and is reconciled at the next start.
      flush()
    },
  }
}

export type OutboxWorker = ReturnType<typeof startOutboxWorker>
