// The analytics dashboard on a 1,000,000-message database (issue #11), written to its
// docs/benchmarks.md section: `npm run bench -- analytics`.
import { copyFileSync, mkdirSync, rmSync, statSync } from 'node:fs'
import { loadavg } from 'node:os'
import { join } from 'node:path'
import { analyticsChannels } from '../src/shared/contract/analytics'
import { createAnalyticsService } from '../src/main/analytics/service'
import { createLogger } from '../src/main/logger'
import { DATABASE_FILE, openDatabase, type Db } from '../src/main/store/database'
import { migrations } from '../src/main/store/migrations'
import { root } from './lib/children'
import { generateInbox } from './messaging-generate'

type Replace = (name: string, body: string) => void

const TEMPLATES = ['order_update', 'spring_sale', 'login_code', 'delivery_eta', 'feedback']
const PREFIXES = ['55', '91', '1415', '44', '234', '62', '52', '49', '880', '27']

/**
 * The inbox generator's database (bench/messaging-generate.ts: 1,000,000 messages, 100,000
 * conversations, 10 numbers, a year) with what analytics reads filled in the way webhooks leave
 * it: recipients in ten markets, Meta's pricing on every outbound status (a fifth templates of
 * five names — marketing, utility or authentication — the rest free service messages), 3 %
 * failures with Meta's codes. Then the later migrations (0008 marks every conversation for its
 * first computation) — that first computation is timed on its own.
 */
export function prepareAnalyticsDb(dir: string): {
  db: Db
  inbox: ReturnType<typeof generateInbox>
  file: string
} {
  const inbox = generateInbox(join(root, '.bench-data'), {
    conversations: 100_000,
    messages: 1_000_000,
  })
  rmSync(dir, { recursive: true, force: true })
  mkdirSync(dir, { recursive: true, mode: 0o700 })
  const file = join(dir, DATABASE_FILE)
  copyFileSync(join(inbox.dataDir, DATABASE_FILE), file)
  const upTo = migrations.slice(0, migrations.findIndex((m) => m.name === 'messaging') + 1)
  const early = openDatabase({ file, migrations: upTo }).db
  early.exec(`
    UPDATE contacts SET wa_id = CASE id % 10
      ${PREFIXES.map((p, i) => `WHEN ${i} THEN '${p}' || substr('000000000' || id, -9)`).join(' ')}
      END;
    UPDATE messages SET
      type = CASE WHEN id % 5 = 0 THEN 'template' ELSE type END,
      details = CASE WHEN id % 5 = 0 THEN json_object('template', json_object(
        'name', ${`CASE id % 25 ${TEMPLATES.map((t, i) => `WHEN ${i * 5} THEN '${t}'`).join(' ')} END`},
        'language', json_object('code', 'en_US'))) ELSE details END,
      status = CASE WHEN id % 33 = 1 THEN 'failed' ELSE status END,
      error_code = CASE WHEN id % 33 = 1 THEN
        CASE id % 3 WHEN 0 THEN 131026 WHEN 1 THEN 131049 ELSE 131047 END END,
      status_state = json_object('pricing', CASE WHEN id % 5 = 0 THEN json_object(
          'billable', json('true'), 'pricingModel', 'PMP', 'type', 'regular',
          'category', CASE id % 3 WHEN 0 THEN 'marketing' WHEN 1 THEN 'utility'
            ELSE 'authentication' END)
        ELSE json_object('billable', json('false'), 'pricingModel', 'PMP',
          'type', 'free_customer_service', 'category', 'service') END)
      WHERE direction = 'out';
  `)
  early.close()
  const db = openDatabase({ file }).db
  db.exec(`UPDATE messages SET origin = CASE id % 4 WHEN 0 THEN 'agent' WHEN 1 THEN 'ai-auto'
    WHEN 2 THEN 'ai-approved' ELSE 'ai-edited' END WHERE direction = 'out'`)
  db.exec(`INSERT INTO analytics_rates (market, category, rate_micros) VALUES
    ('BR', 'marketing', 62500), ('BR', 'utility', 6800), ('BR', 'authentication', 6800),
    ('IN', 'marketing', 10700), ('IN', 'utility', 1400), ('IN', 'authentication', 1400),
    ('North America', 'marketing', 25000), ('Other', 'marketing', 60400);
    INSERT INTO analytics_rate_card (id, currency, file_name, imported_at)
      VALUES (1, 'USD', 'bench.csv', 0);`)
  return { db, inbox, file }
}

const percentile = (values: number[], p: number) =>
  [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor(values.length * p))]!

export interface AnalyticsBenchResult {
  messages: number
  conversations: number
  firstComputationS: number
  databaseMbBefore: number
  databaseMbAfter: number
  facts: number
  rollupRows: number
  loads: { label: string; coldMs: number; p50Ms: number; p95Ms: number }[]
}

export function analyticsBench(): AnalyticsBenchResult {
  const dir = join(root, '.bench-data', 'run', 'analytics')
  const { db, inbox, file } = prepareAnalyticsDb(dir)
  const before = statSync(file).size
  const log = createLogger({ level: 'error', console: false })
  const started = performance.now()
  const analytics = createAnalyticsService({ db, log }) // computes every conversation's facts
  const firstComputationS = (performance.now() - started) / 1000
  db.pragma('wal_checkpoint(TRUNCATE)')
  const count = (sql: string) => (db.prepare(sql).get() as { n: number }).n
  const latest = db.prepare('SELECT max(day) AS day FROM analytics_daily').get() as { day: string }
  const minus = (days: number) =>
    new Date(Date.parse(latest.day) - days * 86_400_000).toISOString().slice(0, 10)
  const output = analyticsChannels['analytics:overview'].output
  const cases = [
    { label: 'all clients, last 30 days', input: { from: minus(29), to: latest.day } },
    { label: 'all clients, last 90 days', input: { from: minus(89), to: latest.day } },
    { label: 'all clients, last 365 days', input: { from: minus(364), to: latest.day } },
    {
      label: 'one client, last 365 days',
      input: { from: minus(364), to: latest.day, clientId: 'client-3' },
    },
  ]
  // What a view costs in the core: the service (refresh + rollup reads) and the router's output
  // validation and JSON encoding.
  const load = (input: (typeof cases)[number]['input']) => {
    const t = performance.now()
    JSON.stringify(output.parse(analytics.overview(input)))
    return performance.now() - t
  }
  const loads = cases.map(({ label, input }) => {
    const coldMs = load(input)
    const runs = Array.from({ length: 20 }, () => load(input))
    return { label, coldMs, p50Ms: percentile(runs, 0.5), p95Ms: percentile(runs, 0.95) }
  })
  const result: AnalyticsBenchResult = {
    messages: inbox.messages,
    conversations: inbox.conversations,
    firstComputationS,
    databaseMbBefore: before / 1e6,
    databaseMbAfter: statSync(file).size / 1e6,
    facts: count('SELECT count(*) AS n FROM analytics_facts'),
    rollupRows: count(`SELECT (SELECT count(*) FROM analytics_daily) +
      (SELECT count(*) FROM analytics_daily_pricing) + (SELECT count(*) FROM analytics_daily_responses) +
      (SELECT count(*) FROM analytics_daily_templates) + (SELECT count(*) FROM analytics_daily_failures) +
      (SELECT count(*) FROM analytics_daily_origins) AS n`),
    loads,
  }
  analytics.close()
  db.close()
  rmSync(dir, { recursive: true, force: true })
  return result
}

const ms = (value: number) => `${value.toFixed(value < 10 ? 1 : 0)} ms`
const n = (value: number) => Math.round(value).toLocaleString('en-US')

/** The docs/benchmarks.md section for a result. */
export function analyticsSection(r: AnalyticsBenchResult, machine: string, load: string): string {
  const worst = Math.max(...r.loads.map((l) => Math.max(l.coldMs, l.p95Ms)))
  return `
Measured ${machine}, load average ${load} at the start, with \`npm run bench -- analytics\`
(the inbox generator's database: ${n(r.messages)} messages in ${n(r.conversations)} conversations
over 10 client numbers and a year, with pricing, templates, failures and origins filled in;
${n(r.databaseMbBefore)} MB before analytics, ${n(r.databaseMbAfter)} MB after).

| Measure (\`analytics:overview\` in the core: refresh, rollup reads, output validation, JSON) | First view | p50 / p95 of 20 | Goal |
|---|---:|---:|---:|
${r.loads
  .map(
    (l) =>
      `| Dashboard load, ${l.label} | ${ms(l.coldMs)} | ${ms(l.p50Ms)} / ${ms(l.p95Ms)} | ${Math.max(l.coldMs, l.p95Ms) < 500 ? '< 500 ms ✓' : '< 500 ms ✗'} |`,
  )
  .join('\n')}

Worst of all views: **${ms(worst)}** (goal < 500 ms). The daily rollups hold ${n(r.rollupRows)} rows
for ${n(r.facts)} messages. Their first computation after the upgrade (migration 0008 on an
existing database, every conversation walked once) took ${r.firstComputationS.toFixed(0)} s;
afterwards they are kept as webhooks are applied, so a view never recomputes them.
`
}

export function runAnalyticsBench(
  wanted: (name: string) => boolean,
  replaceSection: Replace,
  machine: string,
): void {
  if (!wanted('analytics')) return
  process.stdout.write('analytics dashboard on 1,000,000 messages…\n')
  const load = loadavg()[0]!.toFixed(1)
  const r = analyticsBench()
  console.log(JSON.stringify(r, null, 2))
  replaceSection('analytics', analyticsSection(r, machine, load))
}
