import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import {
  customerWrites,
  onboard,
  startCallback,
  startSandbox,
  type TestSandbox,
} from '../testing/harness'

let t: TestSandbox
beforeEach(async () => {
  t = await startSandbox()
})
afterEach(() => t.close())

describe('GET/POST /_sandbox/config', () => {
  it('returns the partner’s credentials, Meta-like', async () => {
    const config = (await t.control('GET', '/config')).body
    expect(config.app_id).toMatch(/^\d{15}$/)
    expect(config.business_id).toMatch(/^\d{15}$/)
    expect(config.credit_line_id).toMatch(/^\d{16}$/)
    expect(config.app_secret).toMatch(/^[0-9a-f]{32}$/)
    expect(config.system_user_token).toMatch(/^EAA/)
    expect(config).toMatchObject({ callback_url: null, throughput: 80, token_expires_in: null })
  })

  it('sets callback_url only after Meta’s verification handshake succeeds', async () => {
    const callback = await startCallback({
      appSecret: () => '',
      verifyToken: () => t.sandbox.config.verify_token,
    })
    try {
      const result = await t.control('POST', '/config', { callback_url: callback.url })
      expect(result.status).toBe(200)
      expect(result.body.callback_url).toBe(callback.url)
      expect(callback.handshakes).toHaveLength(1)
      expect(callback.handshakes[0]?.get('hub.verify_token')).toBe(t.sandbox.config.verify_token)
    } finally {
      await callback.close()
    }
  })

  it('rejects a callback that fails the handshake and keeps the old config', async () => {
    for (const handshake of ['forbidden', 'wrong-body'] as const) {
      const callback = await startCallback({
        appSecret: () => '',
        verifyToken: () => 'x',
        handshake,
      })
      try {
        const result = await t.control('POST', '/config', {
          callback_url: callback.url,
          throughput: 5,
        })
        expect(result.status).toBe(400)
        expect(result.body.error.message).toMatch(/^Callback verification failed: /)
        expect(result.body.error.details.callback_url).toBe(callback.url)
        const config = (await t.control('GET', '/config')).body
        expect(config).toMatchObject({ callback_url: null, throughput: 80 })
      } finally {
        await callback.close()
      }
    }
  })

  it('reports an unreachable callback clearly', async () => {
    const result = await t.control('POST', '/config', { callback_url: 'http://127.0.0.1:1/hook' })
    expect(result.status).toBe(400)
    expect(result.body.error.message).toMatch(/could not reach the callback/)
  })

  it('validates the patch (unknown keys, types, id clashes) and merges webhook options', async () => {
    expect((await t.control('POST', '/config', { time_scale: -1 })).status).toBe(400)
    expect((await t.control('POST', '/config', { nonsense: true })).status).toBe(400)
    const clash = await t.control('POST', '/config', { business_id: t.sandbox.config.app_id })
    expect(clash.status).toBe(400)
    const merged = await t.control('POST', '/config', { webhooks: { duplicate_rate: 0.5 } })
    expect(merged.body.webhooks).toMatchObject({ duplicate_rate: 0.5, batch_max: 100 })
  })

  it('changing the system user token retires the old one', async () => {
    const old = t.sandbox.config.system_user_token
    await t.control('POST', '/config', { system_user_token: 'EAAnewsystemusertoken123' })
    const path = `/${t.sandbox.config.business_id}/extendedcredits`
    expect((await t.graph('GET', path, { token: old })).status).toBe(401)
    expect((await t.graph('GET', path, { token: 'EAAnewsystemusertoken123' })).status).toBe(200)
  })
})

describe('state, clock, stats, reset', () => {
  it('state shows the world without secrets', async () => {
    const client = await onboard(t, { pin: '987654' })
    await customerWrites(t, client, '16505551234')
    const state = await t.control('GET', '/state')
    const text = JSON.stringify(state.body)
    for (const secret of [
      client.token,
      t.sandbox.config.app_secret,
      t.sandbox.config.system_user_token,
      '987654',
    ]) {
      expect(text).not.toContain(secret)
    }
    expect(state.body.tokens[0]).toMatchObject({
      token: `…${client.token.slice(-6)}`,
      waba_ids: [client.wabaId],
    })
    expect(state.body.subscriptions).toEqual([
      expect.objectContaining({ waba_id: client.wabaId, app_id: t.sandbox.config.app_id }),
    ])
    expect(state.body.messages_received.total).toBe(1)
  })

  it('advances the virtual clock', async () => {
    const before = (await t.control('GET', '/clock')).body.now
    const after = (await t.advance(3600)).body
    expect(after.now - before).toBeGreaterThanOrEqual(3600_000)
    expect((await t.control('POST', '/clock', { advance_seconds: -5 })).status).toBe(400)
  })

  it('counts accepted and rejected messages and reports CPU usage', async () => {
    const client = await onboard(t)
    await customerWrites(t, client, '16505551234')
    const send = (to: string) =>
      t.graph('POST', `/${client.phoneId}/messages`, {
        token: client.token,
        json: { messaging_product: 'whatsapp', to, text: { body: 'x' } },
      })
    await send('16505551234')
    await send('16505550000')
    const stats = (await t.control('GET', '/stats')).body
    expect(stats.messages).toEqual({ accepted: 1, rejected: 1 })
    expect(stats.cpu.user_us).toBeGreaterThan(0)
    expect(stats.webhooks).toHaveProperty('delivered')
    expect(stats.webhooks).toHaveProperty('pending')
  })

  it('reset empties the world but keeps the config', async () => {
    const config = (await t.control('GET', '/config')).body
    await onboard(t)
    expect((await t.control('POST', '/reset')).body).toEqual({ reset: true })
    const state = (await t.control('GET', '/state')).body
    expect(state.wabas).toEqual([])
    expect(state.phones).toEqual([])
    expect((await t.control('GET', '/config')).body).toEqual(config)
  })

  it('answers 404 for unknown control paths and 405 for wrong methods', async () => {
    expect((await t.control('GET', '/nope')).status).toBe(404)
    expect((await t.control('DELETE', '/state')).status).toBe(405)
    expect((await t.control('POST', '/signups', undefined)).status).toBe(200)
  })
})

describe('phone quality and customers', () => {
  it('updates quality on demand and sends phone_number_quality_update', async () => {
    const callback = await t.appCallback()
    const client = await onboard(t)
    const result = await t.control('POST', `/phones/${client.phoneId}/quality`, {
      event: 'THROUGHPUT_UPGRADE',
    })
    expect(result.body).toMatchObject({ throughput_level: 'HIGH', event: 'THROUGHPUT_UPGRADE' })
    await callback.waitFor((c) =>
      c.changes().some((ch) => ch.field === 'phone_number_quality_update'),
    )
    const change = callback.changes().find((ch) => ch.field === 'phone_number_quality_update')
    expect(change).toMatchObject({
      entryId: client.wabaId,
      value: { display_phone_number: client.displayPhone, event: 'THROUGHPUT_UPGRADE' },
    })
    const phone = await t.graph('GET', `/${client.phoneId}`, {
      token: client.token,
      query: { fields: 'throughput' },
    })
    expect(phone.body.throughput).toEqual({ level: 'HIGH' })
    const red = await t.control('POST', `/phones/${client.phoneId}/quality`, {
      quality_rating: 'RED',
    })
    expect(red.body).toMatchObject({ quality_rating: 'RED', event: 'FLAGGED' })
    expect((await t.control('POST', `/phones/${client.phoneId}/quality`, {})).status).toBe(400)
  })

  it('delivers a customer message as Meta’s messages webhook', async () => {
    const callback = await t.appCallback()
    const client = await onboard(t)
    const result = await t.control('POST', '/customers/messages', {
      phone_number_id: client.phoneId,
      from: '+16505551234',
      type: 'text',
      profile_name: 'Ana',
      text: { body: 'Is my order ready?' },
    })
    expect(result.status).toBe(200)
    expect(result.body).toEqual({ id: expect.stringMatching(/^wamid\./), webhook: callback.url })
    await callback.waitFor((c) => c.changes().some((ch) => ch.field === 'messages'))
    const change = callback.changes().find((ch) => ch.field === 'messages')
    expect(change?.entryId).toBe(client.wabaId)
    expect(change?.time).toBeUndefined()
    expect(change?.value).toEqual({
      messaging_product: 'whatsapp',
      metadata: { display_phone_number: client.displayPhone, phone_number_id: client.phoneId },
      contacts: [{ profile: { name: 'Ana' }, wa_id: '16505551234' }],
      messages: [
        {
          from: '16505551234',
          id: result.body.id,
          timestamp: expect.stringMatching(/^\d+$/),
          type: 'text',
          text: { body: 'Is my order ready?' },
        },
      ],
    })
    expect(callback.posts[0]?.signatureValid).toBe(true)
  })

  it('refuses customer messages to unknown or unregistered numbers, and invalid bodies', async () => {
    const client = await onboard(t, { register: false })
    const unregistered = await t.control('POST', '/customers/messages', {
      phone_number_id: client.phoneId,
      from: '16505551234',
      type: 'text',
      text: { body: 'x' },
    })
    expect(unregistered.status).toBe(400)
    expect(unregistered.body.error.message).toMatch(/not registered/)
    const invalid = await t.control('POST', '/customers/messages', {
      phone_number_id: client.phoneId,
      type: 'text',
    })
    expect(invalid.status).toBe(400)
    expect(invalid.body.error.message).toBe('Invalid request body')
    expect(String(invalid.body.error.details)).toMatch(/from|text/)
  })
})
