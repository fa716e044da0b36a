// Webhook ingestion through the real messaging sink, on its own: `npm run bench -- ingest-micro`,
// or `npx tsx bench/ingest-micro.ts [events] [scenario]` to profile one run (node --cpu-prof --import tsx …).
import { loadavg } from 'node:os'
import { join } from 'node:path'
import { createLogger } from '../src/main/logger'
import { createMessagingService } from '../src/main/messaging/service'
import { applyThroughputUpgrade } from '../src/main/outbox/start'
import { DATABASE_FILE, openDatabase, type Db } from '../src/main/store/database'
import {
  createRelayEventsRepo,
  type IncomingRelayEvent,
  type RelayEventSink,
} from '../src/main/store/relay-events-repo'
import { createTemplateStatusApplier } from '../src/main/templates/applier'
import { projectedRepo } from '../src/main/test-support/projected-repo'
import { tempDir } from '../src/main/test-support/temp-dir'
import { inboundBody, statusBody } from '../src/main/test-support/webhook-bodies'
import { dedupeKeys } from '../src/main/tunnel/dedupe-keys'

/**
 * Relay events applied the way the tunnel applies them (`RelayEventsRepo.apply`: events, keys and
 * cursor in one transaction) with the core's messaging sink inside it — normalise, contact,
 * conversation, message or status, FTS and media triggers, conversation aggregates, analytics
 * rollups, push after the commit (to a no-op emitter) — on a fresh database in a temp folder.
 * Generated single-message webhooks: customers' text messages over `contacts` contacts on two
 * client numbers, and sent/delivered/read statuses (with Meta's pricing) of messages the outbox
 * sent. Batches of `batch` events per transaction (catch-up sends up to 1,000 per batch) and of 1
 * (a live webhook at a time). The same events without the sink give the tunnel's own cost.
 */
export interface IngestRun {
  scenario: string
  events: number
  batch: number
  seconds: number
  perS: number
  /** Events per second of this process's CPU time: what an idle core would do (the machine is shared). */
  perCpuS: number
  load: number
}

const BUSINESSES = [
  { phoneNumberId: '106540352242922', display: '15550783881', wabaId: '102290129340398' },
  { phoneNumberId: '106540352242923', display: '15550783882', wabaId: '102290129340399' },
]
const WORDS =
  'hello order where is my parcel thanks price today tomorrow refund size blue red'.split(' ')
const START_S = 1_767_000_000
const ROUNDS = 3

const textOf = (i: number) =>
  Array.from({ length: 3 + (i % 9) }, (_, k) => WORDS[(i * 31 + k * 7) % WORDS.length]).join(' ')

const contactOf = (i: number, contacts: number) => (i * 7919) % contacts
const waIdOf = (contact: number) => `5511${String(900_000_000 + contact)}`

function incoming(cursor: number, body: unknown, receivedAt: number): IncomingRelayEvent {
  const text = JSON.stringify(body)
  return {
    cursor: String(cursor),
    receivedAt,
    headers: {},
    body: Buffer.from(text),
    keys: dedupeKeys(text),
  }
}

/** Customers' text messages, one per webhook. */
export function messageEvents(count: number, contacts: number, from = 0): IncomingRelayEvent[] {
  return Array.from({ length: count }, (_, n) => {
    const i = from + n
    const contact = contactOf(i, contacts)
    const body = inboundBody(
      BUSINESSES[contact % 2]!,
      { waId: waIdOf(contact), name: `Customer ${contact}` },
      { id: `wamid.micro.in.${i}`, at: START_S + i, text: textOf(i) },
    )
    return incoming(i + 1, body, (START_S + i) * 1000)
  })
}

/** Outbound messages as the outbox leaves them (accepted, wamid known), `per` per contact. */
function seedOutbound(db: Db, messages: number, contacts: number) {
  const now = Date.now()
  db.transaction(() => {
    for (let c = 0; c < contacts; c++) {
      const contact = Number(
        db
          .prepare(
            'INSERT INTO contacts (wa_id, wa_id_at, created_at, updated_at) VALUES (?, 0, ?, ?)',
          )
          .run(waIdOf(c), now, now).lastInsertRowid,
      )
      db.prepare('INSERT INTO contact_aliases (key, contact_id) VALUES (?, ?)').run(
        `wa:${waIdOf(c)}`,
        contact,
      )
      db.prepare(
        `INSERT INTO conversations (phone_number_id, display_phone_number, contact_id, created_at,
           updated_at) VALUES (?, ?, ?, ?, ?)`,
      ).run(BUSINESSES[c % 2]!.phoneNumberId, BUSINESSES[c % 2]!.display, contact, now, now)
    }
    const insert = db.prepare(
      `INSERT INTO messages (wamid, conversation_id, direction, source, type, text, timestamp,
         status, outbox_id, origin, created_at, updated_at)
       VALUES (?, ?, 'out', 'outbox', 'text', ?, ?, 'accepted', ?, 'agent', ?, ?)`,
    )
    for (let i = 0; i < messages; i++)
      insert.run(
        `wamid.micro.out.${i}`,
        1 + contactOf(i, contacts),
        textOf(i),
        (START_S + i) * 1000,
        `ob-${i}`,
        now,
        now,
      )
  })()
}

const STATUSES = ['sent', 'delivered', 'read'] as const
const PRICING = {
  billable: false,
  pricing_model: 'PMP',
  type: 'free_customer_service',
  category: 'service',
}

/** sent, delivered and read of each outbound message, a window of messages at a time. */
export function statusEvents(count: number, contacts: number): IncomingRelayEvent[] {
  return Array.from({ length: count }, (_, n) => {
    // Messages in groups of 100: their sents, then their delivereds, then their reads.
    const group = Math.floor(n / 300)
    const step = Math.floor((n % 300) / 100)
    const i = group * 100 + (n % 100)
    const contact = contactOf(i, contacts)
    const body = statusBody(
      BUSINESSES[contact % 2]!,
      { waId: waIdOf(contact) },
      {
        id: `wamid.micro.out.${i}`,
        status: STATUSES[step]!,
        at: START_S + i + step,
        pricing: PRICING,
      },
    )
    return incoming(n + 1, body, (START_S + i + step) * 1000)
  })
}

function withDatabase<T>(run: (db: Db, sink: RelayEventSink) => T, useSink: boolean): T {
  const dir = tempDir('wapc-ingest-')
  const db = openDatabase({ file: join(dir.path, DATABASE_FILE) }).db
  try {
    const messaging = createMessagingService({
      db,
      events: { emit: () => undefined },
      log: createLogger({ level: 'error', console: false }),
      appliers: [createTemplateStatusApplier().apply, applyThroughputUpgrade],
    })
    return run(db, useSink ? messaging.sink : (undefined as unknown as RelayEventSink))
  } finally {
    db.close()
    dir.cleanup()
  }
}

interface Timed {
  seconds: number
  cpuSeconds: number
}

function timeApply(
  db: Db,
  sink: RelayEventSink | undefined,
  events: IncomingRelayEvent[],
  batch: number,
): Timed {
  // With a sink: the events recorded, then projected into the messaging tables, as the core does.
  const repo = sink ? projectedRepo(db, sink) : createRelayEventsRepo(db)
  const cpu = process.cpuUsage()
  const start = performance.now()
  for (let i = 0; i < events.length; i += batch)
    repo.apply('bench', 'log', events.slice(i, i + batch))
  const used = process.cpuUsage(cpu)
  return {
    seconds: (performance.now() - start) / 1000,
    cpuSeconds: (used.user + used.system) / 1e6,
  }
}

/** The runs: tunnel only, messages in batches, messages one at a time, statuses in batches. */
export const SCENARIOS = ['tunnel', 'batch', 'live', 'statuses'] as const
export type Scenario = (typeof SCENARIOS)[number]

export function ingestMicro(
  options: { events?: number; contacts?: number; batch?: number; only?: Scenario } = {},
): IngestRun[] {
  const wanted = (scenario: Scenario) => !options.only || options.only === scenario
  const events = options.events ?? 50_000
  const contacts = options.contacts ?? 2_000
  const batch = options.batch ?? 500
  const runs: IngestRun[] = []
  // Each run on a fresh database, ROUNDS times: the median by CPU time (the machine is shared).
  const record = (scenario: string, count: number, size: number, measure: () => Timed) => {
    const rounds = Array.from({ length: ROUNDS }, measure).sort(
      (a, b) => a.cpuSeconds - b.cpuSeconds,
    )
    const timed = rounds[Math.floor(ROUNDS / 2)]!
    const run = {
      scenario,
      events: count,
      batch: size,
      seconds: timed.seconds,
      perS: Math.round(count / timed.seconds),
      perCpuS: Math.round(count / timed.cpuSeconds),
      load: loadavg()[0]!,
    }
    runs.push(run)
    console.log(
      `${scenario.padEnd(34)} batch ${String(size).padStart(4)}: ${String(run.perS).padStart(7)} events/s, ${String(run.perCpuS).padStart(7)} per CPU-s (${count} in ${timed.seconds.toFixed(2)} s, load ${run.load.toFixed(1)})`,
    )
  }
  const messages = messageEvents(events, contacts)
  // Warm-up (JIT, page cache), not recorded.
  withDatabase((db, sink) => timeApply(db, sink, messages.slice(0, 2_000), batch), true)
  if (wanted('tunnel'))
    record('messages, tunnel only (no sink)', events, batch, () =>
      withDatabase((db) => timeApply(db, undefined, messages, batch), false),
    )
  if (wanted('batch'))
    record('messages through the sink', events, batch, () =>
      withDatabase((db, sink) => timeApply(db, sink, messages, batch), true),
    )
  const live = Math.min(events, 10_000)
  if (wanted('live'))
    record('messages through the sink', live, 1, () =>
      withDatabase((db, sink) => timeApply(db, sink, messages.slice(0, live), 1), true),
    )
  if (wanted('statuses')) {
    const statuses = statusEvents(events, contacts)
    record('statuses through the sink', events, batch, () =>
      withDatabase((db, sink) => {
        seedOutbound(db, Math.ceil(events / 3), contacts)
        return timeApply(db, sink, statuses, batch)
      }, true),
    )
  }
  return runs
}

type Replace = (name: string, body: string) => void

const n = (value: number) => Math.round(value).toLocaleString('en-US')

export function runIngestMicroBench(
  wanted: (name: string) => boolean,
  replaceSection: Replace,
  machine: string,
): void {
  if (!wanted('ingest-micro')) return
  process.stdout.write('webhook ingestion through the messaging sink (micro)…\n')
  const load = loadavg()[0]!.toFixed(1)
  const runs = ingestMicro()
  replaceSection(
    'ingest-micro',
    `
Measured ${machine}, load average ${load} at the start, with \`npm run bench -- ingest-micro\` (each row the median of ${ROUNDS} runs by CPU time).

| Events (one update per webhook) | Batch (events per transaction) | Events/s (wall) | Events per CPU-second | Load average after |
|---|---:|---:|---:|---:|
${runs.map((r) => `| ${n(r.events)} ${r.scenario} | ${n(r.batch)} | ${n(r.perS)} | **${n(r.perCpuS)}** | ${r.load.toFixed(1)} |`).join('\n')}
`,
  )
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const events = Number(process.argv[2] ?? 50_000)
  const only = process.argv[3] as Scenario | undefined
  if (only !== undefined && !SCENARIOS.includes(only))
    throw new Error(`scenario: one of ${SCENARIOS.join(', ')}`)
  ingestMicro({ events, ...(only ? { only } : {}) })
}
