import type { CoreEvents } from '../core-events'
import { createGraphApi } from '../graph'
import { createSendLimiter } from '../graph/rate-limiters'
import type { Logger } from '../logger'
import type { Platform } from '../platform'
import type { Db } from '../store/database'
import {
  DEFAULT_DOWNLOADER_OPTIONS,
  startMediaDownloader,
  type DownloaderOptions,
} from '../media/downloader'
import { createMediaService, type MediaService } from '../media/service'
import { createTemplateStatusApplier, type TemplateStatusApplier } from '../templates/applier'
import { createTemplatesService } from '../templates/service'
import { throughputs } from './repo'
import { createOutboxService, publishRecorded } from './service'
import type { OutboxServices } from './services'
import { DEFAULT_WORKER_OPTIONS, startOutboxWorker, type WorkerOptions } from './worker'

export interface SendingDeps {
  db: Db
  platform: Pick<Platform, 'graph' | 'graphBaseUrl' | 'graphApiVersion' | 'appId' | 'secrets'>
  events: CoreEvents
  log: Logger
  dataDir: string
  /** Whether webhooks are flowing (the tunnel is connected): the reconciliation rule needs it. */
  caughtUp: () => boolean
  /** The applier given to the messaging service (createTemplateStatusApplier). */
  templateApplier: TemplateStatusApplier
  now?: () => number
  worker?: Partial<WorkerOptions>
  downloader?: Partial<DownloaderOptions>
  /** The outbox's Graph timeout (tests shorten it). */
  sendTimeoutMs?: number
}

export interface Sending {
  services: OutboxServices
  /** Stored media for the web server and the app:// handler. */
  media: Pick<MediaService, 'read'>
  close(): Promise<void>
}

export { createTemplateStatusApplier }
export { applyThroughputUpgrade } from './throughput-applier'

/**
 * The sending side: the outbox (its own Graph client, with no in-call retries — the outbox owns
 * retries, so a send is never repeated behind its back), the worker, templates, media uploads and
 * the download queue of received media.
 */
export function startSending(deps: SendingDeps): Sending {
  const now = deps.now ?? Date.now
  const log = deps.log.child({ component: 'outbox' })
  const graph = createGraphApi({
    baseUrl: deps.platform.graphBaseUrl,
    apiVersion: deps.platform.graphApiVersion,
    appId: deps.platform.appId,
    secrets: deps.platform.secrets,
    log,
    retry: { maxAttempts: 1, baseDelayMs: 0, maxDelayMs: 0, budgetMs: 0 },
    connectionsPerOrigin: 64,
    ...(deps.sendTimeoutMs ? { timeoutMs: deps.sendTimeoutMs } : {}),
  })
  const limiter = createSendLimiter({ now })
  for (const t of throughputs(deps.db)) limiter.setThroughput(t.phone_number_id, t.mps)
  const worker = startOutboxWorker({
    db: deps.db,
    send: (wabaId, phoneNumberId, message) => graph.messages.send(wabaId, phoneNumberId, message),
    limiter,
    log,
    now,
    caughtUp: deps.caughtUp,
    publish: (recorded) => publishRecorded(deps.events, recorded),
    options: { ...DEFAULT_WORKER_OPTIONS, ...deps.worker },
  })
  const prune = setInterval(() => limiter.prune(), 60_000)
  prune.unref()
  // A THROUGHPUT_UPGRADE webhook raised a number's setting (throughput-applier.ts).
  const unsubscribe = deps.events.subscribe((event) => {
    if (event !== 'tunnel:events-projected') return
    for (const t of throughputs(deps.db))
      if (limiter.throughputOf(t.phone_number_id) !== t.mps) {
        limiter.setThroughput(t.phone_number_id, t.mps)
        worker.kick()
      }
  })
  const templates = createTemplatesService({
    db: deps.db,
    graph: deps.platform.graph,
    events: deps.events,
    log,
    applier: deps.templateApplier,
    now,
  })
  const media = createMediaService({
    db: deps.db,
    dataDir: deps.dataDir,
    graph: deps.platform.graph,
    log,
    now,
  })
  const downloader = startMediaDownloader({
    db: deps.db,
    dataDir: deps.dataDir,
    graph: deps.platform.graph,
    events: deps.events,
    log: deps.log.child({ component: 'media' }),
    now,
    options: { ...DEFAULT_DOWNLOADER_OPTIONS, ...deps.downloader },
  })
  const outbox = createOutboxService({
    db: deps.db,
    events: deps.events,
    graph: deps.platform.graph,
    limiter,
    worker,
    now,
  })
  return {
    services: { outbox, templates, media },
    media,
    async close() {
      clearInterval(prune)
      unsubscribe()
      templates.stop()
      await downloader.stop()
      await worker.stop()
      await graph.close()
    },
  }
}
