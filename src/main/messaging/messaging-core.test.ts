import { spawnSync } from 'node:child_process'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ConversationPage, MessagePage } from '@shared/contract'
import { startTestCore } from '../test-support/core'
import { requireKeychain } from '../test-support/keychain'
import { eventually, sandboxCustomerWrites } from '../test-support/webhook-relay-harness'

type TestCore = Awaited<ReturnType<typeof startTestCore>>
const web = { transport: 'web' } as const
const inspectMain = join(import.meta.dirname, '..', 'inspect', 'main.ts')

async function call<T>(test: TestCore, channel: string, input?: unknown): Promise<T> {
  const result = await test.core.router.dispatch(channel as never, input, web)
  if (!result.ok) throw new Error(result.error.message)
  return result.value as T
}

describe('messaging in the core: sandbox customer → signed webhook → embedded relay → tunnel → conversations', () => {
  let test: TestCore
  const pushed: { event: string; payload: unknown }[] = []
  beforeAll(async () => {
    requireKeychain()
    test = await startTestCore()
    test.core.events.subscribe((event, payload) => pushed.push({ event, payload }))
  })
  afterAll(async () => test?.stop())

  it('a customer’s message appears in a conversation, is pushed, searchable and inspectable', async () => {
    const sandbox = {
      url: test.core.info().sandboxUrl!,
      controlToken: test.core.sandboxControlToken!,
    }
    const wamid = await sandboxCustomerWrites(sandbox, 'Is my parcel on its way?')
    await eventually(() => pushed.some((p) => p.event === 'messages:received'), 'messages:received')
    const page = await call<ConversationPage>(test, 'conversations:list', { unreadFirst: true })
    expect(page.items).toHaveLength(1)
    const [conversation] = page.items
    // Nobody onboarded the sandbox's number in this console: an unassigned conversation.
    expect(conversation).toMatchObject({
      clientId: null,
      unreadCount: 1,
      lastMessage: { text: 'Is my parcel on its way?' },
    })
    expect(Date.parse(conversation!.windowEndsAt!) - Date.parse(conversation!.lastInboundAt!)).toBe(
      24 * 3600 * 1000,
    )
    const received = pushed.find((p) => p.event === 'messages:received')!.payload
    expect(received).toMatchObject({
      messages: [{ conversationId: conversation!.id, text: 'Is my parcel on its way?' }],
    })
    const thread = await call<MessagePage>(test, 'messages:list', {
      conversationId: conversation!.id,
    })
    expect(thread.items.map((m) => [m.wamid, m.direction, m.type])).toEqual([[wamid, 'in', 'text']])
    const search = await call<{ hits: { messageId: number }[] }>(test, 'messages:search', {
      query: 'parcel',
    })
    expect(search.hits.map((hit) => hit.messageId)).toEqual([thread.items[0]!.id])
    // Bad input is refused at the edge with the field named.
    const bad = await test.core.router.dispatch(
      'messages:list',
      { conversationId: 'x' } as never,
      web,
    )
    expect(bad.ok).toBe(false)

    const run = (...args: string[]) =>
      spawnSync(process.execPath, ['--import', 'tsx', inspectMain, ...args], {
        env: { ...process.env, WAPC_DATA_DIR: test.dataDir },
        encoding: 'utf8',
      })
    const json = run('messages', '--json', '--client', 'unassigned', '--since', '1d')
    expect(json.status, json.stderr).toBe(0)
    const rows = json.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>)
    expect(rows).toEqual([
      expect.objectContaining({
        id: wamid,
        direction: 'in',
        type: 'text',
        phone_number_id: conversation!.phoneNumberId,
        contact: conversation!.contact.waId,
        timestamp: thread.items[0]!.timestamp,
        status: 'received',
        text: 'Is my parcel on its way?',
        media_id: null,
        error_code: null,
      }),
    ])
    expect(run('messages', '--json', '--since', '2999-01-01').stdout).toBe('')
    const csv = run('conversations', '--csv')
    expect(csv.status, csv.stderr).toBe(0)
    const [header, line, end] = csv.stdout.split('\r\n')
    expect(header!.split(',')).toEqual(
      expect.arrayContaining(['id', 'client_id', 'contact', 'unread_count', 'window_ends_at']),
    )
    expect(line).toContain(conversation!.contact.waId!)
    expect(end).toBe('')
    expect(run('messages', '--since', 'yesterday').stderr).toMatch(
      /--since "yesterday" is not a date/,
    )
  })
})
