import { randomUUID } from 'node:crypto'
import type { ConversationPage, OutboxEntry, SendInput, SendResult } from '@shared/contract'
import type { CoreOptions } from '../core'
import type { SandboxSeed } from '../embedded/start-sandbox'
import { startOnboardingHarness, startedId } from './onboarding-harness'

/** A business message as the customer's phone shows it (`GET /_sandbox/customers/{wa_id}`). */
export interface CustomerViewMessage {
  sender: 'business' | 'customer'
  id: string
  type: string
  status: string
  payload?: Record<string, unknown>
  message?: Record<string, unknown>
}

/** Resolves with `check`'s first non-null value, checking every 25 ms. */
export async function poll<T>(
  check: () => Promise<T | null>,
  what: string,
  timeoutMs = 15_000,
  describe?: () => Promise<unknown>,
): Promise<T> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const value = await check()
    if (value !== null) return value
    if (Date.now() > deadline)
      throw new Error(
        `Timed out waiting for ${what}${describe ? `; now: ${JSON.stringify(await describe())}` : ''}`,
      )
    await new Promise((resolve) => setTimeout(resolve, 25))
  }
}

/** Quick worker timings: retries in milliseconds, the reconciliation window in a second. */
export const FAST_SENDING: NonNullable<CoreOptions['sending']> = {
  worker: {
    backoff: { baseMs: 20, capMs: 200, jitter: 'equal' },
    throughputBackoff: { baseMs: 20, capMs: 200, jitter: 'equal' },
    reconcileWindowMs: 1_500,
    reconcileEveryMs: 50,
    blockedRecheckMs: 100,
    idleMs: 100,
  },
  sendTimeoutMs: 2_000,
}

/**
 * A real core (sandbox mode: embedded sandbox, relay and tunnel, real keychain and SQLite) with
 * onboarded clients, customers who write through the sandbox, and the send channels — the path
 * a message takes in the product, checked on the sandbox's customer view.
 */
export async function startSendingHarness(
  options: {
    seed?: SandboxSeed
    sending?: CoreOptions['sending']
    env?: NodeJS.ProcessEnv
    aiTuning?: CoreOptions['aiTuning']
  } = {},
) {
  const h = await startOnboardingHarness({
    seed: { template_review_delay_ms: 50, ...options.seed },
    ...(options.env ? { env: options.env } : {}),
    core: {
      sending: { ...FAST_SENDING, ...options.sending },
      ...(options.aiTuning ? { aiTuning: options.aiTuning } : {}),
    },
  })

  /** A client through Embedded Signup and the onboarding pipeline, ready to send. */
  async function client(name = `Shop ${randomUUID().slice(0, 6)}`) {
    const signup = await h.signup({ business_name: name })
    const clientId = startedId(await h.submit(signup))
    await h.waitFor(clientId, (c) => c.state === 'onboarded')
    return { clientId, wabaId: signup.waba_id!, phoneNumberId: signup.phone_number_id! }
  }

  /** The customer writes (the sandbox sends the webhook); resolves with the conversation id. */
  async function customerWrites(
    phoneNumberId: string,
    from: string,
    message: Record<string, unknown> = { type: 'text', text: { body: 'Hello!' } },
  ): Promise<{ conversationId: number; wamid: string }> {
    const { id } = await h.control<{ id: string }>('POST', 'customers/messages', {
      phone_number_id: phoneNumberId,
      from,
      ...message,
    })
    const conversationId = await poll(async () => {
      const page = await h.ok<ConversationPage>('conversations:list', { query: from })
      const found = page.items.find((c) => c.contact.waId === from && c.lastInboundAt)
      if (!found) return null
      const thread = await h.ok<{ items: { wamid: string | null }[] }>('messages:list', {
        conversationId: found.id,
      })
      return thread.items.some((m) => m.wamid === id) ? found.id : null
    }, `message ${id} from ${from} in a conversation`)
    return { conversationId, wamid: id }
  }

  const send = (input: Omit<SendInput, 'idempotencyKey'> & { idempotencyKey?: string }) =>
    h.ok<SendResult>('messages:send', { idempotencyKey: randomUUID(), ...input })

  async function outbox(messageId: number): Promise<OutboxEntry> {
    const { items } = await h.ok<{ items: OutboxEntry[] }>('outbox:list', {
      messageIds: [messageId],
    })
    return items[0]!
  }

  /** Resolves once the outbox row of `messageId` satisfies `until`. */
  const waitOutbox = (
    messageId: number,
    until: (entry: OutboxEntry) => boolean,
    timeoutMs = 15_000,
  ): Promise<OutboxEntry> =>
    poll(
      async () => {
        const entry = await outbox(messageId)
        return until(entry) ? entry : null
      },
      `outbox row of message ${messageId}`,
      timeoutMs,
      () => outbox(messageId),
    )

  /** The business's messages as the customer's phone shows them. */
  async function customerView(waId: string, phoneNumberId: string) {
    const view = await h.control<{ messages: CustomerViewMessage[] }>(
      'GET',
      `customers/${waId}?phone_number_id=${phoneNumberId}`,
    )
    return view.messages.filter((m) => m.sender === 'business')
  }

  return { ...h, client, customerWrites, send, outbox, waitOutbox, customerView }
}

export type SendingHarness = Awaited<ReturnType<typeof startSendingHarness>>
