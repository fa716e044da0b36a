import { createHash } from 'node:crypto'
import { readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { AppErrorData, MediaView, MessageRow } from '@shared/contract'
import { businessTokenAccount } from '../secrets/secret-store'
import { poll, startSendingHarness, type SendingHarness } from '../test-support/sending-harness'

// A real (tiny) PNG: the sandbox, like Meta, checks that the bytes are what the type says.
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
)

describe('media × sandbox: downloaded by id, sha256-checked, retried until stored; uploads sent by id', () => {
  let h: SendingHarness
  let client: Awaited<ReturnType<SendingHarness['client']>>
  beforeAll(async () => {
    h = await startSendingHarness({
      sending: {
        downloader: { backoff: { baseMs: 30, capMs: 200, jitter: 'equal' }, idleMs: 100 },
      },
    })
    client = await h.client()
  })
  afterAll(async () => h?.stop())

  const view = (messageId: number) => h.ok<MediaView>('media:get', { messageId })
  const inboundRow = async (conversationId: number, wamid: string) =>
    (await h.ok<{ items: MessageRow[] }>('messages:list', { conversationId })).items.find(
      (m) => m.wamid === wamid,
    )!
  const stored = (messageId: number) =>
    poll(
      async () => {
        const v = await view(messageId)
        return v.state === 'stored' ? v : null
      },
      `media of message ${messageId} stored`,
      15_000,
      () => view(messageId),
    )

  it('stores a received image in the data directory, 0600, under the sha256 Meta gave', async () => {
    const { conversationId, wamid } = await h.customerWrites(client.phoneNumberId, '15550006001', {
      type: 'image',
      image: { caption: 'My receipt' },
    })
    const row = await inboundRow(conversationId, wamid)
    expect(row.media).toMatchObject({ id: expect.any(String), mimeType: 'image/jpeg' })
    const media = await stored(row.id)
    const file = join(h.dataDir, 'media', media.sha256!)
    const bytes = readFileSync(file)
    const hex = createHash('sha256').update(bytes).digest('hex')
    expect(media).toMatchObject({
      url: `/media/${hex}`,
      mimeType: 'image/jpeg',
      size: bytes.length,
    })
    expect(hex).toBe(row.media!.sha256)
    expect(statSync(file).mode & 0o777).toBe(0o600)
    expect(statSync(join(h.dataDir, 'media')).mode & 0o777).toBe(0o700)
    expect(h.events('media:changed').some((e) => e.messageIds.includes(row.id))).toBe(true)
  })

  it('a failed download is kept with its reason and retried until the file is stored', async () => {
    await h.control('POST', 'faults', {
      rate: 1,
      kinds: ['server_error'],
      endpoints: ['media_download'],
      seed: 11,
    })
    let messageId: number
    try {
      const { conversationId, wamid } = await h.customerWrites(
        client.phoneNumberId,
        '15550006002',
        {
          type: 'audio',
          audio: { voice: true },
        },
      )
      messageId = (await inboundRow(conversationId, wamid)).id
      const failed = await poll(async () => {
        const v = await view(messageId)
        return v.state === 'failed' ? v : null
      }, 'a failed download')
      expect(failed.error).toBeTruthy()
      expect(failed.nextAttemptAt).not.toBeNull()
      expect(failed.url).toBeNull()
    } finally {
      await h.control('DELETE', 'faults')
    }
    const media = await stored(messageId)
    expect(media.mimeType).toMatch(/^audio\/ogg/)
    const { injected } = await h.control<{ injected: Record<string, number> }>('GET', 'faults')
    expect(injected.server_error).toBeGreaterThanOrEqual(1)
  })

  it('uploads a file, sends it by id, and shows the outbound copy; refuses what WhatsApp does not take', async () => {
    const uploaded = await h.ok<{ mediaId: string; kind: string; sha256: string }>('media:upload', {
      clientId: client.clientId,
      filename: 'dot.png',
      mimeType: 'image/png',
      dataBase64: PNG.toString('base64'),
    })
    expect(uploaded).toMatchObject({
      kind: 'image',
      sha256: createHash('sha256').update(PNG).digest('hex'),
    })
    const customer = '15550006003'
    const { conversationId } = await h.customerWrites(client.phoneNumberId, customer)
    const sent = await h.send({
      conversationId,
      content: { type: 'media', kind: 'image', mediaId: uploaded.mediaId, caption: 'Here it is' },
    })
    const entry = await h.waitOutbox(sent.message!.id, (e) => e.state === 'sent')
    const copy = (await h.customerView(customer, client.phoneNumberId)).find(
      (m) => m.id === entry.wamid,
    )
    expect(copy!.payload).toMatchObject({
      type: 'image',
      image: { id: uploaded.mediaId, caption: 'Here it is' },
    })
    expect(await view(sent.message!.id)).toMatchObject({
      state: 'stored',
      url: `/media/${uploaded.sha256}`,
      mimeType: 'image/png',
      filename: 'dot.png',
    })

    const refuse = async (input: Record<string, unknown>) => {
      const result = await h.call('media:upload', {
        clientId: client.clientId,
        filename: 'x',
        ...input,
      })
      expect(result.ok).toBe(false)
      return (result as { error: AppErrorData }).error
    }
    expect(
      await refuse({ mimeType: 'application/x-msdownload', dataBase64: 'TVqQAAMAAAAEAAAA' }),
    ).toMatchObject({
      code: 'VALIDATION',
    })
    expect(
      await refuse({
        mimeType: 'image/png',
        dataBase64: Buffer.from('not a png').toString('base64'),
      }),
    ).toMatchObject({
      code: 'VALIDATION',
    })
  })

  it('keeps retrying media whose bytes do not match Meta’s sha256, never storing them', async () => {
    // Media the sandbox holds (uploaded by another tool: this console has no copy of it)…
    const form = new FormData()
    form.set('messaging_product', 'whatsapp')
    form.set('file', new Blob([PNG], { type: 'image/png' }), 'dot.png')
    const token = await h.secret(businessTokenAccount(client.wabaId))
    const res = await fetch(`${h.sandbox.url}/v25.0/${client.phoneNumberId}/media`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}` },
      body: form,
    })
    const { id } = (await res.json()) as { id: string }
    // …named by a webhook whose hash is of other bytes (a corrupted or substituted file).
    const { conversationId, wamid } = await h.customerWrites(client.phoneNumberId, '15550006004', {
      type: 'image',
      image: {
        id,
        mime_type: 'image/png',
        sha256: createHash('sha256').update('other').digest('base64'),
      },
    })
    const row = await inboundRow(conversationId, wamid)
    const failing = await poll(async () => {
      const v = await view(row.id)
      return v.state === 'failed' && /sha256/.test(v.error ?? '') ? v : null
    }, 'a sha256 mismatch')
    expect(failing.url).toBeNull()
    // Tried again later, still refused.
    await poll(async () => {
      const v = await view(row.id)
      return v.state === 'failed' && v.nextAttemptAt !== failing.nextAttemptAt ? v : null
    }, 'a second try')
  })
})
