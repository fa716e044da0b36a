import type { ClientState, StepError } from '@shared/contract/onboarding'
import { backoffDelay } from '../graph/retry'
import type { ClientRecord, StepRecord } from '../store/clients-repo'
import { classifyStepError, type Applied } from './classify'
import { clientSubject, nowIso, type OnboardingDeps } from './deps'
import { stepRunners, type StepContext } from './steps'

export interface Pipeline {
  /** Runs the client's pipeline from its first unfinished step (no-op while it is running). */
  kick(clientId: string): void
  /** Core start: every client with an unfinished pipeline picks up where it stopped. */
  resumeAll(): void
  /** Resolves when no pipeline is running (tests and shutdown). */
  idle(): Promise<void>
  stop(): void
}

const finished = (step: StepRecord) => step.status === 'done' || step.status === 'skipped'

/** The client's state as its steps describe it (offboarding states are not the pipeline's). */
export function deriveState(client: ClientRecord, steps: readonly StepRecord[]): ClientState {
  if (client.state === 'offboarding' || client.state === 'offboarded') return client.state
  const next = steps.find((step) => !finished(step))
  if (!next) return 'onboarded'
  if (next.status === 'waiting') {
    return next.step === 'register_phone' && next.data.waitFor === 'phone'
      ? 'waiting_for_phone'
      : 'waiting'
  }
  if (next.status === 'failed') return 'failed'
  return 'onboarding'
}

/**
 * The persisted per-client state machine: one step at a time, each idempotent and verified (see
 * steps.ts), every transition written to SQLite before the next call, so a crash or restart
 * resumes at the first unfinished step and never repeats a finished one. Retryable failures come
 * back by themselves with backoff; waiting steps come back when their time comes (a setting
 * re-check, Meta's 72-hour limit) or when staff press Retry.
 */
export function createPipeline(
  deps: OnboardingDeps,
  hooks: { onCompleted?: (client: ClientRecord) => void } = {},
): Pipeline {
  const running = new Map<string, Promise<void>>()
  const again = new Set<string>()
  let timer: NodeJS.Timeout | null = null
  let stopped = false
  const now = () => nowIso(deps)

  const emitProgress = (client: ClientRecord, step: StepRecord) => {
    deps.events.emit('onboarding:progress', {
      clientId: client.id,
      step: step.step,
      status: step.status,
      attempts: step.attempts,
      message: step.message,
      error: step.error,
      state: client.state,
      at: step.updatedAt,
    })
  }

  const complete = (client: ClientRecord): ClientRecord => {
    if (client.state === 'onboarded') return client
    const at = now()
    const done = deps.clients.update(client.id, {
      state: 'onboarded',
      onboardedAt: at,
      lastActivityAt: at,
    })
    deps.log.info('Onboarding completed', {
      clientId: done.id,
      wabaId: done.wabaId,
      phoneNumberId: done.phoneNumberId,
      businessId: done.businessId,
    })
    deps.audit.append({
      actor: 'system:onboarding',
      action: 'onboarding.completed',
      subject: clientSubject(done.id),
      details: { wabaId: done.wabaId, phoneNumberId: done.phoneNumberId },
    })
    deps.events.emit('clients:changed', { clientId: done.id, reason: 'updated' })
    hooks.onCompleted?.(done)
    return done
  }

  /** Writes the state the steps describe; reaching `onboarded` goes through `complete`. */
  function syncState(client: ClientRecord): ClientRecord {
    const state = deriveState(client, deps.clients.steps(client.id))
    if (state === client.state) return client
    if (state === 'onboarded') return complete(client)
    return deps.clients.update(client.id, { state, lastActivityAt: now() })
  }

  async function execute(client: ClientRecord, step: StepRecord): Promise<void> {
    const attempts = step.attempts + 1
    let current = deps.clients.updateStep(
      client.id,
      step.step,
      { status: 'running', attempts, nextAttemptAt: null },
      now(),
    )
    emitProgress(client, current)
    const ctx: StepContext = {
      deps,
      client,
      step: current,
      saveData: (patch) => {
        current = deps.clients.updateStep(client.id, step.step, {
          data: { ...current.data, ...patch },
        })
      },
      saveClient: (patch) => (ctx.client = deps.clients.update(client.id, patch)),
    }
    let applied: Applied
    try {
      applied = await stepRunners[step.step](ctx)
    } catch (error) {
      applied = await classifyStepError(deps, ctx.client, current, error, attempts)
    }
    const error: StepError | null = 'error' in applied && applied.error ? applied.error : null
    const nextAttemptAt =
      applied.status === 'pending'
        ? new Date(
            Date.parse(now()) + backoffDelay(attempts - 1, deps.timings.stepRetry),
          ).toISOString()
        : applied.status === 'waiting'
          ? applied.nextAttemptAt
          : null
    let updatedClient = applied.client ? deps.clients.update(client.id, applied.client) : ctx.client
    current = deps.clients.updateStep(client.id, step.step, {
      status: applied.status,
      message: applied.message,
      nextAttemptAt,
      error: applied.status === 'done' || applied.status === 'skipped' ? null : error,
      data: {
        ...current.data,
        waitFor: applied.status === 'waiting' ? applied.waitFor : null,
      },
    })
    updatedClient = syncState(updatedClient)
    deps.clients.update(client.id, { lastActivityAt: now() })
    deps.audit.append({
      actor: 'system:onboarding',
      action: `onboarding.${step.step}`,
      subject: clientSubject(client.id),
      details: {
        status: applied.status,
        attempts,
        ...(error ? { errorCode: error.code, graphCode: error.graphCode } : {}),
      },
    })
    deps.log[applied.status === 'failed' ? 'warn' : 'info']('onboarding.step', {
      clientId: client.id,
      wabaId: client.wabaId,
      step: step.step,
      status: applied.status,
      attempts,
      ...(error ? { errorCode: error.code, graphCode: error.graphCode } : {}),
    })
    emitProgress(updatedClient, current)
  }

  async function runClient(clientId: string): Promise<void> {
    for (;;) {
      const client = deps.clients.get(clientId)
      if (!client || client.state === 'offboarding' || client.state === 'offboarded') return
      const steps = deps.clients.steps(clientId)
      const next = steps.find((step) => !finished(step))
      if (!next) {
        complete(client)
        return
      }
      const due = next.nextAttemptAt === null || next.nextAttemptAt <= now()
      const blocked =
        next.status === 'failed' ||
        (next.status === 'waiting' && (next.nextAttemptAt === null || !due)) ||
        (next.status === 'pending' && !due)
      if (blocked || stopped) {
        const synced = syncState(client)
        if (synced.state !== client.state)
          deps.events.emit('clients:changed', { clientId, reason: 'updated' })
        return
      }
      await execute(client, next)
    }
  }

  const schedule = () => {
    if (timer) clearTimeout(timer)
    timer = null
    if (stopped) return
    const dueAt = deps.clients.nextDueAt()
    if (!dueAt) return
    const wait = Math.min(Math.max(0, Date.parse(dueAt) - Date.parse(now())), 2 ** 31 - 1)
    timer = setTimeout(() => {
      timer = null
      for (const step of deps.clients.dueSteps(now())) pipeline.kick(step.clientId)
      schedule()
    }, wait)
    timer.unref()
  }

  const pipeline: Pipeline = {
    kick(clientId) {
      if (stopped) return
      if (running.has(clientId)) {
        again.add(clientId)
        return
      }
      const run = runClient(clientId)
        .catch((error: unknown) =>
          deps.log.error('onboarding.pipeline-crashed', { clientId, error }),
        )
        .finally(() => {
          running.delete(clientId)
          if (again.delete(clientId)) pipeline.kick(clientId)
          else schedule()
        })
      running.set(clientId, run)
    },
    resumeAll() {
      for (const client of deps.clients.inStates(['onboarding', 'waiting', 'waiting_for_phone']))
        pipeline.kick(client.id)
      schedule()
    },
    async idle() {
      while (running.size > 0) await Promise.all([...running.values()])
    },
    stop() {
      stopped = true
      if (timer) clearTimeout(timer)
      timer = null
    },
  }
  return pipeline
}
