// The inbox benchmark on a generated database (issue #9), written to its docs/benchmarks.md section.
import { loadavg } from 'node:os'
import { messagingDb } from './messaging-db'

type Replace = (name: string, body: string) => void

const ms = (value: number) => `${value.toFixed(value < 10 ? 1 : 0)} ms`
const n = (value: number) => Math.round(value).toLocaleString('en-US')
const goal = (value: number, limit: number) =>
  value < limit ? `**${ms(value)}** ✓` : `**${ms(value)}** ✗`

export async function runMessagingBench(
  wanted: (name: string) => boolean,
  replaceSection: Replace,
  machine: string,
): Promise<void> {
  if (!wanted('messaging-db')) return
  process.stdout.write('inbox on 1,000,000 messages in 100,000 conversations…\n')
  const load = loadavg()[0]!.toFixed(1)
  const r = await messagingDb()
  const loadAfter = loadavg()[0]!.toFixed(1)
  console.log(JSON.stringify(r, null, 2))
  replaceSection(
    'messaging-db',
    `
Measured ${machine}, load average ${load} at the start and ${loadAfter} at the end, with \`npm run bench -- messaging-db\`
(database: ${n(r.messages)} messages in ${n(r.conversations)} conversations over 10 client numbers,
${n(r.databaseMb)} MB${r.generatedInS === null ? ', reused from .bench-data/' : `, generated in ${r.generatedInS.toFixed(0)} s`}).

| Measure (core side, through the router: input and output validated) | Value | Goal |
|---|---:|---:|
| \`createCore\` → first \`conversations:list\` (unread first, 50) answered, sandbox mode: median of 5 starts (slowest) | ${goal(r.opens.medianMs, 1000)} (${ms(r.opens.maxMs)}) | < 1 s (app open to interactive) |
| — the first start on a fresh copy of the database (one-time work of later migrations and backfills) | ${ms(r.opens.firstMs)} | — |
| — the same in the measured run below | ${ms(r.createCoreToFirstListMs)} | — |
| Process start → first list answered (includes loading the TypeScript sources through tsx) | ${ms(r.startToFirstListMs)} | — |
| Conversation switch: \`conversations:get\` + newest 50 messages, random conversation, p50 / p95 | ${ms(r.switchP50Ms)} / ${goal(r.switchP95Ms, 50)} | < 50 ms |
| List page (50, keyset cursor, unread first and per client, 40 pages) p95 | ${ms(r.listPageP95Ms)} | — |
| FTS search, 400 queries, p50 / p95 | ${ms(r.searchP50Ms)} / ${goal(r.searchP95Ms, 50)} | p95 < 50 ms |
| — p95 by kind: common word / rare word / two prefixes / common word in one client | ${ms(r.searchP95ByKindMs.common!)} / ${ms(r.searchP95ByKindMs.rare!)} / ${ms(r.searchP95ByKindMs.prefix!)} / ${ms(r.searchP95ByKindMs.client!)} | — |
| Core RSS after start / after the run (embedded sandbox and relay included) | ${n(r.rssAtStartMb)} MB / **${n(r.rssMb)} MB** ${r.rssMb < 250 ? '✓' : '✗'} | < 250 MB |
| The same run with \`MALLOC_ARENA_MAX=2\` (glibc reuses freed memory instead of an arena per thread): RSS after start / after the run | ${n(r.twoArenas.rssAtStartMb)} MB / **${n(r.twoArenas.rssMb)} MB** ${r.twoArenas.rssMb < 250 ? '✓' : '✗'} | < 250 MB |
| The same core on an empty database: \`createCore\` → first list / RSS after start | ${ms(r.emptyDatabase.createCoreToFirstListMs)} / ${n(r.emptyDatabase.rssAtStartMb)} MB | — |
`,
  )
}
