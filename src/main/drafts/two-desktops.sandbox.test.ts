import { copyFileSync, existsSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ChannelName } from '@shared/contract'
import type { DraftSummary } from '@shared/contract/drafts'
import { createCore, type Core } from '../core'
import { createLogger } from '../logger'
import { FAST_RETRY } from '../test-support/graph-harness'
import { FAST_TIMINGS } from '../test-support/onboarding-harness'
import {
  FAST_SENDING,
  poll,
  startSendingHarness,
  type SendingHarness,
} from '../test-support/sending-harness'
import { tempDir } from '../test-support/temp-dir'
import { startTestRelay, type TestRelay } from '../test-support/webhook-relay-harness'
import { DATABASE_FILE } from '../store/database'
import { HOURS, reviewDriver } from './test-support'

const ANSWER = `Jaspers Market is open ${HOURS}.`

/**
 * Two desktops of one partner on one relay (the relay the sandbox — Meta — posts to, delivering
 * every webhook twice): each stores every message and drafts every reply, under `auto`; the
 * relay's claim lets only one of them send it.
 */
describe('two desktops, duplicate webhooks × sandbox', () => {
  let relayDir: ReturnType<typeof tempDir>
  let relay: TestRelay
  let h: SendingHarness
  let second: { core: Core; dir: ReturnType<typeof tempDir> }
  let client: Awaited<ReturnType<SendingHarness['client']>>

  beforeAll(async () => {
    relayDir = tempDir('wapc-two-relay-')
    relay = await startTestRelay(relayDir.path)
    const env = {
      RELAY_URL: relay.url,
      RELAY_TOKEN: relay.desktopToken,
      WEBHOOK_VERIFY_TOKEN: relay.verifyToken,
    }
    h = await startSendingHarness({
      env,
      seed: {
        app_secret: relay.appSecret,
        verify_token: relay.verifyToken,
        webhooks: { duplicate_rate: 1 },
      },
    })
    client = await h.client('Jaspers Market')
    const review = reviewDriver(h)
    await review.seedFaq(client.clientId)
    await review.setPolicy(client.clientId, 'auto')
    // The second desktop starts from a copy of the first one's data (the same clients).
    await h.stopCore()
    const dir = tempDir('wapc-two-second-')
    for (const file of [DATABASE_FILE, `${DATABASE_FILE}-wal`])
      if (existsSync(join(h.dataDir, file)))
        copyFileSync(join(h.dataDir, file), join(dir.path, file))
    await h.startCore()
    const core = await createCore({
      runtime: 'node',
      defaultDataDir: dir.path,
      cwd: dir.path,
      log: createLogger({ level: 'debug', console: false, file: join(dir.path, 'wapc.log') }),
      env: {
        WAPC_DATA_DIR: dir.path,
        WAPC_KEYCHAIN_SERVICE: h.keychainBase,
        WAPC_MODE: 'sandbox',
        ...env,
      },
      startSandbox: async () => ({ ...h.sandbox, close: async () => {} }),
      onboardingTimings: FAST_TIMINGS,
      graphOptions: { timeoutMs: 1_000, retry: FAST_RETRY },
      sending: FAST_SENDING,
    })
    second = { core, dir }
  })
  afterAll(async () => {
    await second?.core.close()
    second?.dir.cleanup()
    await h?.stop()
    await relay?.close()
    relayDir?.cleanup()
  })

  const draftsOf = async (call: (channel: ChannelName, input?: unknown) => Promise<unknown>) =>
    ((await call('drafts:list', { include: 'recent' })) as { items: DraftSummary[] }).items
  const onSecond = async (channel: ChannelName, input?: unknown) => {
    const result = await second.core.router.dispatch(channel, input, { transport: 'web' })
    if (!result.ok) throw new Error(`${channel}: ${JSON.stringify(result.error)}`)
    return result.value
  }

  it('one draft per desktop, and exactly one reply reaches the customer', async () => {
    await poll(
      async () =>
        ((await onSecond('tunnel:status')) as { state: string }).state === 'connected' || null,
      'the second desktop on the relay',
    )
    const customer = '15550104001'
    const { id: wamid } = await h.control<{ id: string }>('POST', 'customers/messages', {
      phone_number_id: client.phoneNumberId,
      from: customer,
      type: 'text',
      text: { body: 'When are you open?' },
    })
    const settled = (d: DraftSummary) =>
      d.inboundWamid === wamid && ['sent', 'closed'].includes(d.state)
    const [first, other] = await Promise.all(
      [(c: ChannelName, i?: unknown) => h.ok(c, i), onSecond].map((call) =>
        poll(async () => (await draftsOf(call)).find(settled) ?? null, 'a settled draft'),
      ),
    )
    expect([first!.state, other!.state].sort()).toEqual(['closed', 'sent'])
    const sent = [first!, other!].find((d) => d.state === 'sent')!
    const closed = [first!, other!].find((d) => d.state === 'closed')!
    expect(sent).toMatchObject({ decision: 'auto', sentText: ANSWER })
    expect(closed).toMatchObject({ decision: 'elsewhere', decidedBy: 'another desktop' })

    // The webhook came twice, to both: still one draft on each desktop, one reply in all.
    await poll(
      async () =>
        (await h.control<{ webhooks: { duplicates: number } }>('GET', 'stats')).webhooks
          .duplicates > 0 || null,
      'a duplicate delivery',
    )
    await new Promise((resolve) => setTimeout(resolve, 1_500))
    for (const call of [(c: ChannelName, i?: unknown) => h.ok(c, i), onSecond])
      expect((await draftsOf(call)).filter((d) => d.inboundWamid === wamid)).toHaveLength(1)
    const business = (await h.customerView(customer, client.phoneNumberId)).map(
      (m) => (m.payload?.text as { body?: string } | undefined)?.body,
    )
    expect(business).toEqual([ANSWER])
  })
})
