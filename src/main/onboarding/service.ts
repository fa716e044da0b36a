import { AppError } from '@shared/contract/errors'
import type { ChannelOutput, ChannelParsedInput } from '@shared/contract/channels'
import { registerSecret } from '@shared/redact'
import { pinAccount } from '../secrets/secret-store'
import { beginSignup } from './begin-signup'
import { clientSubject, nowIso, type OnboardingDeps } from './deps'
import { checkClientHealth, lookForPhone, type HealthResult } from './health'
import { offboardClient } from './offboarding'
import { createPipeline, type Pipeline } from './pipeline'
import { acceptRelaySignupResults } from './relay-signup'
import { submitSignup } from './submit-signup'
import { clientDetail, clientRow, requireClient, sessionView } from './views'

/** What the onboarding handlers call (and Electron main, with the signup window's result). */
export interface OnboardingService {
  beginSignup(
    input: ChannelParsedInput<'onboarding:begin-signup'>,
    actor: string,
  ): Promise<ChannelOutput<'onboarding:begin-signup'>>
  submitSignup(
    input: ChannelParsedInput<'onboarding:submit-signup'>,
    actor: string,
  ): Promise<ChannelOutput<'onboarding:submit-signup'>>
  sessions(limit?: number): Promise<ChannelOutput<'onboarding:sessions'>>
  retry(clientId: string, actor: string): Promise<ChannelOutput<'onboarding:retry'>>
  setPin(clientId: string, pin: string, actor: string): Promise<ChannelOutput<'onboarding:set-pin'>>
  list(filter: ChannelParsedInput<'clients:list'>): Promise<ChannelOutput<'clients:list'>>
  detail(clientId: string): Promise<ChannelOutput<'clients:get'>>
  offboard(clientId: string, actor: string): Promise<ChannelOutput<'clients:offboard'>>
  checkHealth(
    clientId: string | undefined,
    actor: string,
  ): Promise<ChannelOutput<'clients:check-health'>>
}

export interface OnboardingRuntime extends OnboardingService {
  pipeline: Pipeline
  /** Resumes unfinished pipelines and starts the periodic health checks. */
  start(): void
  stop(): Promise<void>
}

/** The onboarding domain wired together: signup, pipeline, health checks and offboarding. */
export function createOnboarding(deps: OnboardingDeps): OnboardingRuntime {
  let healthTimer: NodeJS.Timeout | null = null
  let phoneTimer: NodeJS.Timeout | null = null
  let stopRelayResults: (() => void) | null = null
  /** Submits under way, by session: a copy of a result (the relay's and the window's) shares the first. */
  const submitting = new Map<string, ReturnType<OnboardingService['submitSignup']>>()
  const resumeIfUnblocked = (clientId: string) => {
    // A re-authorized token or a number that appeared unblocks the steps that waited for it.
    for (const step of deps.clients.steps(clientId)) {
      const waitFor = step.data.waitFor
      if (step.status === 'waiting' && (waitFor === 'reauth' || waitFor === 'phone')) {
        deps.clients.updateStep(clientId, step.step, { status: 'pending', nextAttemptAt: null })
      }
    }
    pipeline.kick(clientId)
  }
  const health = async (clientId: string): Promise<HealthResult> => {
    const result = await checkClientHealth(deps, requireClient(deps, clientId), resumeIfUnblocked)
    const client = requireClient(deps, clientId)
    if (!result.paused && client.state !== 'onboarded') resumeIfUnblocked(clientId)
    deps.events.emit('clients:changed', { clientId, reason: 'health' })
    return result
  }
  const pipeline = createPipeline(deps, {
    onCompleted: (client) =>
      void health(client.id).catch((error: unknown) =>
        deps.log.warn('clients.health-failed', { clientId: client.id, error }),
      ),
  })
  const active = () => deps.clients.list({ limit: 10_000 }).filter((c) => c.state !== 'offboarded')
  /** Between health checks, clients waiting for a number look for one more often. */
  const lookForPhones = async () => {
    for (const client of deps.clients.inStates(['waiting_for_phone'])) {
      await lookForPhone(deps, client, resumeIfUnblocked).catch((error: unknown) =>
        deps.log.warn('onboarding.phone-lookup-failed', { clientId: client.id, error }),
      )
    }
  }

  const service: OnboardingRuntime = {
    pipeline,
    async beginSignup(input, actor) {
      return beginSignup(deps, input, actor)
    },
    submitSignup(input, actor) {
      const running = submitting.get(input.sessionId)
      if (running) return running
      const submitted = submitSignup({ deps, pipeline, detail: service.detail }, input, actor)
      submitting.set(input.sessionId, submitted)
      const forget = () => submitting.delete(input.sessionId)
      submitted.then(forget, forget)
      return submitted
    },
    async sessions(limit = 50) {
      return deps.signups.recent(limit).map((signup) => sessionView(deps, signup.id))
    },
    async retry(clientId, actor) {
      const client = requireClient(deps, clientId)
      if (client.state === 'offboarded' || client.state === 'offboarding') {
        throw new AppError(
          'CONFLICT',
          'This client is being offboarded; offboard again to resume that.',
        )
      }
      for (const step of deps.clients.steps(clientId)) {
        if (step.status === 'waiting' || step.status === 'failed' || step.status === 'pending') {
          deps.clients.updateStep(clientId, step.step, { status: 'pending', nextAttemptAt: null })
        }
      }
      deps.audit.append({ actor, action: 'onboarding.retry', subject: clientSubject(clientId) })
      pipeline.kick(clientId)
      return service.detail(clientId)
    },
    async setPin(clientId, pin, actor) {
      const client = requireClient(deps, clientId)
      const register = deps.clients.steps(clientId).find((s) => s.step === 'register_phone')
      if (!client.phoneNumberId || !register || register.status === 'skipped') {
        throw new AppError('CONFLICT', 'This client has no number to register with a PIN.')
      }
      if (register.status === 'done') {
        throw new AppError('CONFLICT', 'The number is already registered.', {
          fix: 'Change its two-step verification PIN in WhatsApp Manager.',
        })
      }
      registerSecret(pin)
      await deps.platform.secrets.set(pinAccount(client.phoneNumberId), pin)
      deps.clients.update(clientId, { pinSource: 'staff', lastActivityAt: nowIso(deps) })
      deps.audit.append({ actor, action: 'onboarding.pin-set', subject: clientSubject(clientId) })
      if (register.status !== 'running') {
        deps.clients.updateStep(clientId, 'register_phone', {
          status: 'pending',
          nextAttemptAt: null,
        })
      }
      pipeline.kick(clientId)
      return service.detail(clientId)
    },
    async list(filter) {
      return deps.clients
        .list(filter)
        .map((client) => clientRow(client, deps.clients.steps(client.id)))
    },
    detail: (clientId) => clientDetail(deps, clientId),
    async offboard(clientId, actor) {
      const client = requireClient(deps, clientId)
      if (client.state === 'offboarded') return service.detail(clientId)
      deps.audit.append({ actor, action: 'clients.offboard', subject: clientSubject(clientId) })
      deps.clients.update(clientId, { state: 'offboarding' })
      await pipeline.idle()
      await offboardClient(deps, requireClient(deps, clientId), actor)
      deps.events.emit('clients:changed', { clientId, reason: 'offboarded' })
      return service.detail(clientId)
    },
    async checkHealth(clientId, actor) {
      const ids = clientId ? [requireClient(deps, clientId).id] : active().map((c) => c.id)
      deps.audit.append({
        actor,
        action: 'clients.check-health',
        subject: clientId ? clientSubject(clientId) : null,
      })
      const results: HealthResult[] = []
      for (const id of ids) results.push(await health(id))
      return results
    },
    start() {
      pipeline.resumeAll()
      stopRelayResults = acceptRelaySignupResults(deps, (input, actor) =>
        service.submitSignup(input, actor),
      )
      healthTimer = setInterval(() => {
        void (async () => {
          for (const client of active()) {
            await health(client.id).catch((error: unknown) =>
              deps.log.warn('clients.health-failed', { clientId: client.id, error }),
            )
          }
        })().catch((error: unknown) => deps.log.error('clients.health-round-failed', { error }))
      }, deps.timings.healthIntervalMs)
      healthTimer.unref()
      phoneTimer = setInterval(
        () =>
          void lookForPhones().catch((error: unknown) =>
            deps.log.error('onboarding.phone-round-failed', { error }),
          ),
        deps.timings.phoneRecheckMs,
      )
      phoneTimer.unref()
    },
    async stop() {
      stopRelayResults?.()
      if (healthTimer) clearInterval(healthTimer)
      if (phoneTimer) clearInterval(phoneTimer)
      pipeline.stop()
      await pipeline.idle()
    },
  }
  return service
}
