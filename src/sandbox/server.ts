import { createServer, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { loopbackHosts } from '@server-kit/http/loopback'
import { redactText } from '@shared/redact'
import { createClock } from './clock'
import {
  defaultConfig,
  partnerIdsClash,
  seedOverSaved,
  type SandboxConfig,
  type WebhookOptions,
} from './config'
import { createControlRouter } from './control/control-router'
import type { GraphContext, SandboxCounters } from './graph/context'
import { createRequestEntry } from './http/entry'
import { createGraphRouter } from './http/graph-router'
import { createWebhookDispatcher } from './webhooks/dispatcher'
import type { DispatcherOptions } from './webhooks/dispatcher-types'
import { createFaults } from './wiring/faults'
import { createHandshake } from './wiring/handshake'
import { customerMessage } from './control/customers'
import { createCustomers } from './customers/personas'
import type { SignupRoutesContext } from './signup/routes'
import { openWorldStore } from './store/world-store'
import { createLifecycle, type ResettableLifecycle } from './wiring/lifecycle'
import { resumeWorld } from './wiring/resume'
import { createEmitter } from './wiring/webhook-routing'
import { createLimits } from './world/limits'
import { createWorld } from './world/world'

/**
 * The sandbox: a local WhatsApp platform (Graph endpoints, webhooks, Embedded Signup, simulated
 * customers, faults) on one node:http server. Started alone by `npm run sandbox` (main.ts) or
 * in-process by the core in demo mode:
 *
 *   const sandbox = await createSandbox({ port: 0 })
 *   sandbox.url            // http://127.0.0.1:<port> — GRAPH_BASE_URL for the Graph client
 *   sandbox.config         // the partner's credentials (app id/secret, system user token, …)
 *   await sandbox.close()
 *
 * Config given here seeds the sandbox without Meta's callback handshake (the callback may not be
 * up yet at start); `POST /_sandbox/config` performs it.
 */
export interface SandboxOptions {
  port?: number
  host?: string
  config?: Partial<Omit<SandboxConfig, 'webhooks'>> & { webhooks?: Partial<WebhookOptions> }
  log?: (line: string) => void
  /**
   * Where the world is kept: a folder (`sandbox.sqlite3` and `media/` in it; the partner's
   * credentials are created on its first start and reused afterwards, `config` seeds still win),
   * or null/absent for memory only (nothing survives `close()`).
   */
  dataDir?: string | null
  /**
   * When set, every `/_sandbox` route requires `Authorization: Bearer <controlToken>` (the embedded
   * sandbox always sets one; `npm run sandbox` when SANDBOX_CONTROL_TOKEN is set).
   */
  controlToken?: string | null
  /**
   * Called after `POST /_sandbox/clock` moved the virtual clock, with its new offset from real
   * time (ms): the embedded sandbox's host follows the platform's time with it.
   */
  onClockAdvance?: (offsetMs: number) => void
}

export interface Sandbox {
  url: string
  port: number
  /** The current config (live: reflects `POST /_sandbox/config`). */
  readonly config: SandboxConfig
  /** How far the virtual clock runs ahead of real time (ms): its `now()` is `Date.now()` plus this. */
  clockOffset(): number
  close(): Promise<void>
}

function dispatcherOptions(o: WebhookOptions): DispatcherOptions {
  return {
    batchMax: o.batch_max,
    batchWindowMs: o.batch_window_ms,
    duplicateRate: o.duplicate_rate,
    reorder: o.reorder,
    maxAttempts: o.max_attempts,
    baseBackoffMs: o.base_backoff_ms,
    maxInFlight: o.max_in_flight,
    requestTimeoutMs: o.request_timeout_ms,
  }
}

export async function createSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const host = options.host ?? '127.0.0.1'
  const log = (line: string) => options.log?.(redactText(line))
  const store = openWorldStore({ dataDir: options.dataDir ?? null, log })
  const { saved } = store
  const config = defaultConfig(seedOverSaved(saved.config, options.config))
  const clash = partnerIdsClash(config)
  if (clash) {
    store.close([])
    throw new Error(clash)
  }

  const clock = createClock(config.time_scale, {
    offset: saved.clockOffset,
    onAdvance: (offset) => {
      store.flush()
      options.onClockAdvance?.(offset)
    },
  })
  const world = createWorld(
    clock,
    config,
    saved.systemUserId ? { systemUserId: saved.systemUserId } : {},
  )
  store.attach(world)
  const limits = createLimits()
  const faults = createFaults()
  const dispatcher = createWebhookDispatcher({
    clock,
    target: () => ({ url: world.config.callback_url, appSecret: world.config.app_secret }),
    options: () => dispatcherOptions(world.config.webhooks),
    store: store.deliveries,
    log: (event) => {
      if (event.kind === 'drop')
        log(`webhook dropped ${event.count} change(s) for ${event.url}: ${event.reason}`)
    },
  })
  const emitter = createEmitter(world, (entry) => dispatcher.enqueue(entry))
  // The server's own origin, for media URLs in webhooks; known once it listens.
  let origin = `http://${host}`
  let lifecycle: ResettableLifecycle | null = null
  const customers = createCustomers({
    clock,
    sendInbound: (_phoneId, body) => customerMessage(world, emitter, body, origin).id,
    markRead: (wamid) => lifecycle?.read(wamid),
    onError: (error) =>
      log(`simulated customer failed: ${error instanceof Error ? error.message : String(error)}`),
  })
  lifecycle = createLifecycle(world, emitter, {
    onAccepted: (sent) =>
      customers.onBusinessMessage({
        wamid: sent.id,
        phoneNumberId: sent.phone_id,
        recipientWaId: sent.wa_id,
        type: sent.type,
        payload: sent.payload,
      }),
  })
  resumeWorld({ world, emitter, lifecycle, dispatcher, deliveries: saved.deliveries })
  const counters: SandboxCounters = {
    graph_requests: 0,
    messages_accepted: 0,
    messages_rejected: 0,
    faults_injected: 0,
    uploads_in_progress: 0,
  }
  const handshake = createHandshake()
  const held = new Set<ServerResponse>()
  const ctx: GraphContext = { world, limits, emitter, lifecycle, handshake, counters }
  const graph = createGraphRouter({ ctx, faults, log, held })
  const control = createControlRouter({
    world,
    emitter,
    lifecycle,
    customers,
    faults,
    handshake,
    counters,
    webhookStats: () => dispatcher.stats(),
    startedAt: Date.now(),
    reset() {
      world.reset()
      limits.clear()
      faults.clear()
      lifecycle?.reset()
      customers.close()
    },
  })

  const signup: SignupRoutesContext = {
    appId: () => world.config.app_id,
    appName: () => world.config.app_name,
    allowedOrigins: () => world.config.signup_allowed_origins,
  }
  // Host, Origin, control token and Content-Type are checked here, before any route (http/entry.ts).
  let hosts: ReadonlySet<string> = new Set()
  const server = createServer(
    createRequestEntry({
      hosts: () => hosts,
      controlToken: options.controlToken || null,
      signup,
      control,
      graph,
      log,
    }),
  )
  // Keep-alive longer than clients' pools, so they are the ones to close idle sockets.
  server.keepAliveTimeout = 65_000
  server.headersTimeout = 70_000

  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject)
      server.listen(options.port ?? 0, host, () => {
        server.off('error', reject)
        resolve()
      })
    })
  } catch (error) {
    // Port taken: stop what was resumed and keep every batch still unacknowledged.
    lifecycle.close()
    customers.close()
    const pending = dispatcher.pending()
    await dispatcher.close()
    clock.cancelAll()
    store.close(pending)
    throw error
  }
  const port = (server.address() as AddressInfo).port
  hosts = loopbackHosts(port, host)
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`
  origin = url
  log(`sandbox listening on ${url}`)

  let closing: Promise<void> | null = null
  return {
    url,
    port,
    get config() {
      return world.config
    },
    clockOffset: () => clock.offset(),
    close() {
      closing ??= (async () => {
        lifecycle?.close()
        customers.close()
        for (const template of world.templates.values()) template.cancelReview?.()
        const pending = dispatcher.pending()
        await dispatcher.close()
        clock.cancelAll()
        for (const res of held) res.destroy()
        held.clear()
        server.closeAllConnections()
        await new Promise<void>((resolve) => server.close(() => resolve()))
        // Last: no request or timer can change the world any more.
        store.close(pending)
      })()
      return closing
    },
  }
}
