// Runs in its own process (so its RSS is the core's): starts the real core on a generated data
// directory and measures what the inbox needs, through the router (input and output validated).
import { createCore } from '../src/main/core'
import { createLogger } from '../src/main/logger'
import type { ChannelName } from '../src/shared/contract/names'

const dataDir = process.env.BENCH_DATA_DIR!
const words = JSON.parse(process.env.BENCH_WORDS ?? '[]') as string[]
const conversations = Number(process.env.BENCH_CONVERSATIONS)
const web = { transport: 'web' } as const

const mem = () => {
  const m = process.memoryUsage()
  return {
    rss: Math.round(m.rss / 1048576),
    heap: Math.round(m.heapUsed / 1048576),
    external: Math.round(m.external / 1048576),
  }
}
const memory: Record<string, ReturnType<typeof mem>> = { modulesLoaded: mem() }
const coreCalledAt = performance.now()
const core = await createCore({
  runtime: 'node',
  defaultDataDir: dataDir,
  cwd: dataDir,
  env: {
    WAPC_DATA_DIR: dataDir,
    WAPC_MODE: 'sandbox',
    WAPC_KEYCHAIN_SERVICE: 'wapc-bench',
    PATH: process.env.PATH,
  },
  log: createLogger({ level: 'error', console: false }),
})
const call = async (channel: ChannelName, input: unknown) => {
  const result = await core.router.dispatch(channel, input as never, web)
  if (!result.ok) throw new Error(`${channel}: ${result.error.message}`)
  return result.value
}
await call('conversations:list', { unreadFirst: true, limit: 50 })
const firstListAt = performance.now()
const rssAtStartMb = process.memoryUsage().rss / 1024 / 1024
memory.firstList = mem()
if (process.env.BENCH_BASELINE) {
  // The same core on an empty database: what the generated history adds.
  await core.close()
  process.stdout.write(
    `RESULT=${JSON.stringify({ createCoreToFirstListMs: firstListAt - coreCalledAt, rssAtStartMb })}\n`,
  )
  process.exit(0)
}

let seed = 7
const random = () => {
  seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31
  return seed / 2 ** 31
}
const timed = async (run: () => Promise<unknown>) => {
  const start = performance.now()
  await run()
  return performance.now() - start
}
const pct = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!
}

// Conversation switch: the header (conversations:get) and the newest page of the thread.
const switches: number[] = []
for (let i = 0; i < 300; i++) {
  const conversationId = 1 + Math.floor(random() * conversations)
  switches.push(
    await timed(() =>
      Promise.all([
        call('conversations:get', { conversationId }),
        call('messages:list', { conversationId, limit: 50 }),
      ]),
    ),
  )
}
memory.switches = mem()
// Scrolling the list: 40 pages of 50, unread first, then by one client.
const pages: number[] = []
for (const input of [{ unreadFirst: true }, { clientId: 'client-3' }]) {
  let cursor: string | null = null
  for (let i = 0; i < 20; i++) {
    const started = performance.now()
    const page = (await call('conversations:list', {
      ...input,
      limit: 50,
      ...(cursor ? { cursor } : {}),
    })) as { nextCursor: string | null }
    pages.push(performance.now() - started)
    cursor = page.nextCursor
  }
}
memory.pages = mem()
// Search: common words, rare words, two-word prefixes, and a client filter.
const searches: Record<string, number[]> = { common: [], rare: [], prefix: [], client: [] }
for (let i = 0; i < 100; i++) {
  const common = words[Math.floor(random() * 20)]!
  const rare = words[1000 + Math.floor(random() * 4000)]!
  const a = words[Math.floor(random() * 200)]!
  const b = words[Math.floor(random() * 200)]!
  searches.common!.push(await timed(() => call('messages:search', { query: common })))
  searches.rare!.push(await timed(() => call('messages:search', { query: rare })))
  searches.prefix!.push(
    await timed(() => call('messages:search', { query: `${a.slice(0, 4)} ${b.slice(0, 3)}` })),
  )
  searches.client!.push(
    await timed(() => call('messages:search', { query: common, clientId: `client-${i % 10}` })),
  )
}
const allSearches = Object.values(searches).flat()
memory.searches = mem()
const rssMb = process.memoryUsage().rss / 1024 / 1024
await core.close()
process.stdout.write(
  `RESULT=${JSON.stringify({
    startToFirstListMs: firstListAt,
    createCoreToFirstListMs: firstListAt - coreCalledAt,
    switchP50Ms: pct(switches, 50),
    switchP95Ms: pct(switches, 95),
    listPageP95Ms: pct(pages, 95),
    searchP50Ms: pct(allSearches, 50),
    searchP95Ms: pct(allSearches, 95),
    searchP95ByKindMs: Object.fromEntries(
      Object.entries(searches).map(([kind, values]) => [kind, pct(values, 95)]),
    ),
    rssAtStartMb,
    rssMb,
    memory,
  })}\n`,
)
