import { join } from 'node:path'
import { startEmbeddedSandbox, type SandboxSeed } from '../embedded/start-sandbox'
import { createGraphApi } from '../graph'
import type { RetryPolicy } from '../graph/retry'
import { createLogger } from '../logger'
import { createKeytarSecretStore } from '../secrets/keytar-secret-store'
import { businessTokenAccount } from '../secrets/secret-store'
import { requireKeychain } from './keychain'
import { sandboxControl } from './sandbox-control'
import { tempDir } from './temp-dir'

/** Quick retries so tests exercise the retry path without waiting seconds. */
export const FAST_RETRY: RetryPolicy = {
  maxAttempts: 4,
  baseDelayMs: 5,
  maxDelayMs: 20,
  budgetMs: 5_000,
}

export interface HarnessOptions {
  seed?: SandboxSeed
  retry?: RetryPolicy
  timeoutMs?: number
  /** Runs between attempts instead of a real sleep (lets a test change the sandbox mid-call). */
  sleep?: (ms: number) => Promise<void>
}

/**
 * A real sandbox on port 0 and a Graph client pointed at it, with the partner's credentials in the
 * real OS keychain (unique service name), exactly as the core wires them.
 */
export async function startGraphHarness(options: HarnessOptions = {}) {
  await requireKeychain()
  const dir = tempDir('wapc-graph-')
  const logFile = join(dir.path, 'graph.log')
  const log = createLogger({ level: 'debug', console: false, file: logFile })
  const sandbox = await startEmbeddedSandbox(undefined, log, { time_scale: 0.001, ...options.seed })
  const secrets = createKeytarSecretStore({
    service: `wapc-graph-test-${process.pid}-${Math.random().toString(36).slice(2)}`,
  })
  await secrets.set('app-secret', sandbox.credentials.appSecret)
  await secrets.set('system-user-token', sandbox.credentials.systemUserToken)
  const makeClient = (retry: RetryPolicy) =>
    createGraphApi({
      baseUrl: () => sandbox.url,
      apiVersion: () => 'v25.0',
      appId: () => sandbox.credentials.appId,
      secrets,
      log,
      retry,
      ...(options.timeoutMs ? { timeoutMs: options.timeoutMs } : {}),
      ...(options.sleep ? { sleep: options.sleep } : {}),
    })
  const graph = makeClient(options.retry ?? FAST_RETRY)
  const extraClients: ReturnType<typeof makeClient>[] = []

  const control = sandboxControl(sandbox)

  /** A finished Embedded Signup: code exchanged, business token in the keychain under the WABA. */
  async function onboard(input: Record<string, unknown> = {}) {
    const signup = await control<{
      code: string
      waba_id: string
      phone_number_id: string
      business_id: string
    }>('POST', 'signups', input)
    const { accessToken } = await graph.onboarding.exchangeCode(signup.code)
    await secrets.set(businessTokenAccount(signup.waba_id), accessToken)
    return {
      wabaId: signup.waba_id,
      phoneId: signup.phone_number_id,
      businessId: signup.business_id,
      token: accessToken,
    }
  }

  /** Onboarded, registered and with a customer who just wrote (the 24 h window is open). */
  async function readyToMessage(customer = '15551230001') {
    const client = await onboard()
    await graph.phoneNumbers.register(client.wabaId, client.phoneId, '123456')
    await control('POST', 'customers/messages', {
      phone_number_id: client.phoneId,
      from: customer,
      type: 'text',
      text: { body: 'Hi!' },
    })
    return { ...client, customer }
  }

  return {
    sandbox,
    graph,
    secrets,
    control,
    onboard,
    readyToMessage,
    logFile,
    /** Another client on the same sandbox and keychain, with its own retry policy. */
    client(retry: RetryPolicy) {
      const extra = makeClient(retry)
      extraClients.push(extra)
      return extra
    },
    async stop() {
      await graph.close()
      for (const extra of extraClients) await extra.close()
      await sandbox.close()
      const keytar = (await import('keytar')).default
      for (const credential of await keytar.findCredentials(secrets.service))
        await keytar.deletePassword(secrets.service, credential.account)
      dir.cleanup()
    },
  }
}

export type GraphHarness = Awaited<ReturnType<typeof startGraphHarness>>
