import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { PERSONAS } from '../customers/persona-data'
import {
  expectGraphError,
  onboard,
  startSandbox,
  type Callback,
  type Client,
  type TestSandbox,
} from '../testing/harness'

let t: TestSandbox
let app: Callback
let client: Client
beforeEach(async () => {
  t = await startSandbox()
  app = await t.appCallback()
  client = await onboard(t, {
    business_name: 'App Shop',
    outcome: 'finish_whatsapp_business_app_onboarding',
    register: false,
  })
})
afterEach(() => t.close())

const sync = (body: Record<string, unknown>, phone = client.phoneId, token = client.token) =>
  t.graph('POST', `/${phone}/smb_app_data`, { token, json: body })
const ask = (syncType: string) => sync({ messaging_product: 'whatsapp', sync_type: syncType })

describe('POST /{phone}/smb_app_data (coexistence)', () => {
  it('accepts each sync once with a request_id, then sends the contacts and the history', async () => {
    const contacts = await ask('smb_app_state_sync')
    expect(contacts.status).toBe(200)
    expect(contacts.body).toEqual({ messaging_product: 'whatsapp', request_id: expect.any(String) })
    const history = await ask('history')
    expect(history.body.request_id).toMatch(/^\d+$/)
    expect(history.body.request_id).not.toBe(contacts.body.request_id)

    await app.waitFor((c) => c.changes().filter((x) => x.field === 'history').length === 2)
    const changes = app.changes()
    const metadata = { display_phone_number: client.displayPhone, phone_number_id: client.phoneId }
    const state = changes.find((c) => c.field === 'smb_app_state_sync')!
    expect(state.entryId).toBe(client.wabaId)
    expect(state.value).toMatchObject({ messaging_product: 'whatsapp', metadata })
    expect(state.value.state_sync).toHaveLength(PERSONAS.length)
    expect(state.value.state_sync[0]).toEqual({
      type: 'contact',
      contact: {
        full_name: PERSONAS[0]!.name,
        first_name: PERSONAS[0]!.name.split(' ')[0],
        phone_number: PERSONAS[0]!.waId,
      },
      action: 'add',
      metadata: { timestamp: expect.stringMatching(/^\d{10}$/) },
    })

    const chunks = changes.filter((c) => c.field === 'history').map((c) => c.value)
    expect(chunks.map((v) => v.history[0].metadata)).toEqual([
      { phase: 0, chunk_order: 1, progress: 50 },
      { phase: 1, chunk_order: 1, progress: 100 },
    ])
    const [recent] = chunks[0].history[0].threads
    expect(recent.id).toBe(PERSONAS[0]!.waId)
    expect(recent.messages[0]).toEqual({
      from: PERSONAS[0]!.waId,
      id: expect.stringMatching(/^wamid\./),
      timestamp: expect.stringMatching(/^\d{10}$/),
      type: 'text',
      text: { body: PERSONAS[0]!.openers[0] },
      history_context: { status: 'READ' },
    })
    expect(recent.messages[1]).toMatchObject({ from: client.displayPhone, type: 'text' })
    expect(Number(recent.messages[0].timestamp)).toBeLessThan(Date.now() / 1000)

    const again = await ask('smb_app_state_sync')
    expect(expectGraphError(again, 2593107, 400).message).toBe(
      '(#2593107) Synchronization request limit exceeded',
    )
    const phone = (await t.control('GET', '/state')).body.phones[0]
    expect(phone).toMatchObject({ coexistence: true, registered: true, registration_requests: [] })
    expect(phone.smb_app_data.map((s: { sync_type: string }) => s.sync_type)).toEqual([
      'smb_app_state_sync',
      'history',
    ])
  })

  it('gives the same contacts and history contents on every run (ids seeded by the phone)', async () => {
    await ask('history')
    await app.waitFor((c) => c.changes().filter((x) => x.field === 'history').length === 2)
    const first = app.changes().filter((c) => c.field === 'history')
    const other = await onboard(t, {
      outcome: 'finish_whatsapp_business_app_onboarding',
      register: false,
    })
    await sync({ messaging_product: 'whatsapp', sync_type: 'history' }, other.phoneId, other.token)
    await app.waitFor((c) => c.changes().filter((x) => x.field === 'history').length === 4)
    const second = app
      .changes()
      .filter((c) => c.field === 'history')
      .slice(2)
    const bodies = (chunks: typeof first) =>
      chunks.map((c) =>
        c.value.history[0].threads.map((th: { messages: { text: unknown }[] }) =>
          th.messages.map((m) => m.text),
        ),
      )
    expect(bodies(second)).toEqual(bodies(first))
  })

  it('refuses a sync more than 24 hours after onboarding (2593108)', async () => {
    await t.advance(24 * 3600 + 60)
    const late = await ask('history')
    expect(expectGraphError(late, 2593108, 400).error_data?.details).toMatch(/within 24 hours/)
    expect((await t.control('GET', '/state')).body.phones[0].smb_app_data).toEqual([])
  })

  it('validates messaging_product and sync_type the way Graph words it', async () => {
    expect(expectGraphError(await sync({ sync_type: 'history' }), 100).message).toBe(
      '(#100) The parameter messaging_product is required.',
    )
    expect(expectGraphError(await sync({ messaging_product: 'whatsapp' }), 100).message).toBe(
      '(#100) The parameter sync_type is required.',
    )
    expect(expectGraphError(await ask('contacts'), 100).message).toBe(
      '(#100) Param sync_type must be one of {smb_app_state_sync, history} - got "contacts".',
    )
  })

  it('refuses numbers that are not on the WhatsApp Business app, and other WABAs’ numbers', async () => {
    const cloud = await onboard(t, { register: true })
    const refused = await sync(
      { messaging_product: 'whatsapp', sync_type: 'history' },
      cloud.phoneId,
      cloud.token,
    )
    expect(expectGraphError(refused, 100).message).toMatch(/not on the WhatsApp Business app/)
    const foreign = await sync(
      { messaging_product: 'whatsapp', sync_type: 'history' },
      client.phoneId,
      cloud.token,
    )
    expect(expectGraphError(foreign, 100).error_subcode).toBe(33)
  })

  it('sends nothing to an app that has not subscribed to the WABA', async () => {
    const unsubscribed = await onboard(t, {
      outcome: 'finish_whatsapp_business_app_onboarding',
      register: false,
      subscribe: false,
    })
    const before = app.changes().length
    const dropped = async () =>
      (await t.control('GET', '/stats')).body.webhooks.dropped_no_subscriber as number
    const droppedBefore = await dropped()
    const result = await sync(
      { messaging_product: 'whatsapp', sync_type: 'smb_app_state_sync' },
      unsubscribed.phoneId,
      unsubscribed.token,
    )
    expect(result.status).toBe(200)
    expect((await dropped()) - droppedBefore).toBe(1)
    expect(
      app
        .changes()
        .slice(before)
        .filter((c) => c.field === 'smb_app_state_sync'),
    ).toEqual([])
  })

  it('remembers the syncs requested across a restart (the world is kept on disk)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sandbox-smb-'))
    try {
      const first = await startSandbox({}, { dataDir: dir })
      const coex = await onboard(first, {
        outcome: 'finish_whatsapp_business_app_onboarding',
        register: false,
      })
      const body = { messaging_product: 'whatsapp', sync_type: 'history' }
      const path = `/${coex.phoneId}/smb_app_data`
      expect((await first.graph('POST', path, { token: coex.token, json: body })).status).toBe(200)
      await first.close()
      const second = await startSandbox({}, { dataDir: dir })
      try {
        const again = await second.graph('POST', path, { token: coex.token, json: body })
        expectGraphError(again, 2593107, 400)
      } finally {
        await second.close()
      }
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
