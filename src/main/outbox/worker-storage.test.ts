import { afterEach, beforeEach, expect, it } from 'vitest'
import { createSendLimiter } from '../graph/rate-limiters'
import { createLogger } from '../logger'
import { messagingHarness, type MessagingHarness } from '../test-support/messaging-harness'
import { inboundBody } from '../test-support/webhook-bodies'
import { enqueue } from './enqueue'
import { DEFAULT_WORKER_OPTIONS, startOutboxWorker } from './worker'

/**
 * The worker runs from timers, where nothing catches what it throws: a database it cannot write (a
 * full disk, a read-only file) must not take the console down, and nothing may be sent twice or
 * lost. A real SQLite refusal: `query_only` makes every write on the connection fail.
 */
let h: MessagingHarness
beforeEach(() => {
  h = messagingHarness()
})
afterEach(() => h.close())

const until = async (check: () => boolean, what: string) => {
  const deadline = Date.now() + 5_000
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 10))
  }
}

it('waits out a database it cannot write, before the send and after it, then sends the message once and records it', async () => {
  h.addClient('c1', 'waba-1', 'pn-1')
  const now = Date.now()
  h.deliver(
    inboundBody(
      { phoneNumberId: 'pn-1', wabaId: 'waba-1' },
      { waId: '15550001234' },
      { id: 'wamid.in.1', at: Math.floor(now / 1000) },
    ),
  )
  const conversationId = (h.db.prepare('SELECT id FROM conversations').get() as { id: number }).id
  const { record } = enqueue(
    h.db,
    {
      conversationId,
      idempotencyKey: 'k-1',
      content: { type: 'text', body: 'Your order shipped' },
    },
    now,
  )
  h.db.pragma('query_only = ON')
  const sent: string[] = []
  let answer: (() => void) | null = null
  const logged: string[] = []
  const log = createLogger({ level: 'error', console: false })
  const worker = startOutboxWorker({
    db: h.db,
    // Meta's answer is held until the test lets it through.
    send: (_waba, _phone, message) =>
      new Promise((resolve) => {
        sent.push((message as { text: { body: string } }).text.body)
        answer = () => resolve({ messages: [{ id: 'wamid.out.1' }] } as never)
      }),
    limiter: createSendLimiter(),
    log: { ...log, error: (event: string) => void logged.push(event) } as typeof log,
    now: Date.now,
    caughtUp: () => true,
    publish: () => undefined,
    options: { ...DEFAULT_WORKER_OPTIONS, idleMs: 50 },
  })
  try {
    // The worker's turn cannot claim the row: it waits and tries again, sending nothing meanwhile.
    await until(() => logged.includes('outbox.turn-failed'), 'the failed turn')
    expect([sent, state(record.id)]).toEqual([[], 'queued'])
    h.db.pragma('query_only = OFF')
    await until(() => sent.length === 1, 'the send')
    // Meta answers while the database cannot be written: the answer is kept, not lost.
    h.db.pragma('query_only = ON')
    answer!()
    await until(() => logged.includes('outbox.record-failed'), 'the failed recording')
    await new Promise((resolve) => setTimeout(resolve, 200))
    expect(state(record.id)).toBe('sending')
    h.db.pragma('query_only = OFF')
    await until(() => state(record.id) === 'sent', 'the recording once writable')
    expect(sent).toEqual(['Your order shipped'])
    expect(
      (
        h.db.prepare('SELECT wamid FROM messages WHERE outbox_id = ?').get(record.id) as {
          wamid: string
        }
      ).wamid,
    ).toBe('wamid.out.1')
  } finally {
    await worker.stop()
  }
})

function state(id: string): string {
  return (h.db.prepare('SELECT state FROM outbox WHERE id = ?').get(id) as { state: string }).state
}
