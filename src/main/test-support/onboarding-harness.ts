import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { ChannelName, EventName, EventPayload } from '@shared/contract'
import type { ClientDetail } from '@shared/contract/onboarding'
import { createCore, type Core, type CoreOptions } from '../core'
import {
  startEmbeddedSandbox,
  type EmbeddedSandbox,
  type SandboxSeed,
} from '../embedded/start-sandbox'
import { createLogger } from '../logger'
import type { OnboardingTimings } from '../onboarding/deps'
import { sandboxKeychainService } from '../platform'
import { DATABASE_FILE } from '../store/database'
import { FAST_RETRY } from './graph-harness'
import { requireKeychain } from './keychain'
import { sandboxControl } from './sandbox-control'
import { tempDir } from './temp-dir'

export const FAST_TIMINGS: Partial<OnboardingTimings> = {
  stepRetry: { maxAttempts: 6, baseDelayMs: 20, maxDelayMs: 200, budgetMs: Infinity },
  configRecheckMs: 300,
}

export interface SandboxSignup {
  code: string | null
  waba_id: string | null
  phone_number_id: string | null
  business_id: string | null
  events: Record<string, unknown>[]
}

/**
 * A real core in sandbox mode on a temp data directory and the real keychain, against one
 * embedded sandbox that outlives core restarts (so a test can stop the core mid-pipeline and
 * start it again on the same data and the same platform).
 */
export async function startOnboardingHarness(
  options: {
    seed?: SandboxSeed
    timings?: Partial<OnboardingTimings>
    env?: NodeJS.ProcessEnv
    /** Other core options (the outbox's timings, its clock…). */
    core?: Pick<CoreOptions, 'sending' | 'aiTuning'>
  } = {},
) {
  await requireKeychain()
  const dir = tempDir('wapc-onboarding-')
  const logFile = join(dir.path, 'logs', 'wapc.log')
  const log = createLogger({ level: 'debug', console: false, file: logFile })
  const sandbox: EmbeddedSandbox = await startEmbeddedSandbox(undefined, log.child({ c: 'sb' }), {
    time_scale: 0.001,
    ...options.seed,
  })
  const service = `wapc-onb-${process.pid}-${Math.random().toString(36).slice(2)}`
  const boot = () =>
    createCore({
      runtime: 'node',
      defaultDataDir: dir.path,
      cwd: dir.path,
      log,
      env: {
        WAPC_DATA_DIR: dir.path,
        WAPC_KEYCHAIN_SERVICE: service,
        WAPC_MODE: 'sandbox',
        ...options.env,
      },
      startSandbox: async () => ({ ...sandbox, close: async () => {} }),
      onboardingTimings: { ...FAST_TIMINGS, ...options.timings },
      graphOptions: { timeoutMs: 1_000, retry: FAST_RETRY },
      ...options.core,
    })
  let core: Core = await boot()

  async function call(channel: ChannelName, input?: unknown) {
    return core.router.dispatch(channel, input, { transport: 'web' })
  }
  async function ok<T = unknown>(channel: ChannelName, input?: unknown): Promise<T> {
    const result = await call(channel, input)
    if (!result.ok) throw new Error(`${channel} failed: ${JSON.stringify(result.error)}`)
    return result.value as T
  }

  const control = sandboxControl(sandbox)

  /** What the launcher would deliver: a finished (or cancelled…) signup, without a browser. */
  const signup = (input: Record<string, unknown> = {}) =>
    control<SandboxSignup>('POST', 'signups', input)

  /** begin-signup, then submit-signup with this result (events as Meta posts them: JSON strings). */
  async function submit(result: SandboxSignup, extra: { clientId?: string } = {}) {
    const launch = await ok<{ sessionId: string }>('onboarding:begin-signup', extra)
    return call('onboarding:submit-signup', {
      sessionId: launch.sessionId,
      code: result.code,
      events: result.events.map((event) => JSON.stringify(event)),
    })
  }

  /** Resolves with the client's detail once `until` holds, re-checking on every push event. */
  async function waitFor(
    clientId: string,
    until: (client: ClientDetail) => boolean,
    timeoutMs = 15_000,
  ): Promise<ClientDetail> {
    let last: ClientDetail | null = null
    return new Promise<ClientDetail>((resolve, reject) => {
      let settled = false
      const check = async () => {
        if (settled) return
        const result = await call('clients:get', { clientId })
        if (!result.ok) return
        last = result.value as ClientDetail
        if (until(last) && !settled) {
          settled = true
          off()
          clearTimeout(timer)
          resolve(last)
        }
      }
      const off = core.events.subscribe(() => void check())
      const timer = setTimeout(() => {
        settled = true
        off()
        reject(new Error(`timed out; last: ${JSON.stringify(last, null, 1)}`))
      }, timeoutMs)
      void check()
    })
  }

  const events: { event: EventName; payload: unknown }[] = []
  const record = () => core.events.subscribe((event, payload) => events.push({ event, payload }))
  let unrecord = record()

  return {
    sandbox,
    dataDir: dir.path,
    logFile,
    get core() {
      return core
    },
    call,
    ok,
    control,
    signup,
    submit,
    waitFor,
    events: <E extends EventName>(name: E) =>
      events.filter((e) => e.event === name).map((e) => e.payload as EventPayload<E>),
    /** The keychain namespace sandbox mode keeps client secrets in. */
    keychainService: sandboxKeychainService(service),
    /** WAPC_KEYCHAIN_SERVICE of this core (a second core on the same keychain uses it too). */
    keychainBase: service,
    async secret(account: string) {
      const keytar = (await import('keytar')).default
      return keytar.getPassword(sandboxKeychainService(service), account)
    },
    /** Everything on disk that must never hold a secret: the database files and the log. */
    diskText() {
      const files = [DATABASE_FILE, `${DATABASE_FILE}-wal`].map((f) => join(dir.path, f))
      return [...files, logFile]
        .map((file) => {
          try {
            return readFileSync(file).toString('latin1')
          } catch {
            return ''
          }
        })
        .join('\n')
    },
    /** Stops the core (its pipelines stop where they are); the data and the sandbox stay. */
    async stopCore() {
      unrecord()
      await core.close()
    },
    /** Starts a new core on the same data, after `stopCore`. */
    async startCore() {
      core = await boot()
      unrecord = record()
    },
    /** Stops the core (as a crash or quit would) and starts a new one on the same data. */
    async restart() {
      unrecord()
      await core.close()
      core = await boot()
      unrecord = record()
    },
    async stop() {
      unrecord()
      await core.close()
      await sandbox.close()
      const keytar = (await import('keytar')).default
      for (const name of [service, sandboxKeychainService(service)]) {
        for (const credential of await keytar.findCredentials(name))
          await keytar.deletePassword(name, credential.account)
      }
      dir.cleanup()
    },
  }
}

export type OnboardingHarness = Awaited<ReturnType<typeof startOnboardingHarness>>

/** The client id of a submit-signup that started a pipeline (fails the test otherwise). */
export function startedId(result: { ok: boolean; value?: unknown; error?: unknown }): string {
  const value = result.value as { outcome?: string; client?: { id: string } } | undefined
  if (!result.ok || value?.outcome !== 'started' || !value.client) {
    throw new Error(`expected a started signup, got ${JSON.stringify(result)}`)
  }
  return value.client.id
}
