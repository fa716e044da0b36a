import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import {
  customerWrites,
  expectGraphError,
  onboard,
  startCallback,
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
  client = await onboard(t, { subscribe: false })
})
afterEach(() => t.close())

const subscribed = (json?: Record<string, unknown>) =>
  t.graph('POST', `/${client.wabaId}/subscribed_apps`, {
    token: client.token,
    ...(json ? { json } : {}),
  })
const list = () => t.graph('GET', `/${client.wabaId}/subscribed_apps`, { token: client.token })
const messagesTo = (callback: Callback) => callback.changes().filter((c) => c.field === 'messages')

describe('/{waba}/subscribed_apps', () => {
  it('subscribes, lists the app and unsubscribes', async () => {
    expect((await list()).body).toEqual({ data: [] })
    expect((await subscribed()).body).toEqual({ success: true })
    const { config } = t.sandbox
    expect((await list()).body).toEqual({
      data: [
        {
          whatsapp_business_api_data: {
            id: config.app_id,
            link: `https://www.facebook.com/games/?app_id=${config.app_id}`,
            name: config.app_name,
          },
        },
      ],
    })
    const removed = await t.graph('DELETE', `/${client.wabaId}/subscribed_apps`, {
      token: client.token,
    })
    expect(removed.body).toEqual({ success: true })
    expect((await list()).body).toEqual({ data: [] })
  })

  it('refuses an override before a plain subscription with Meta’s exact #100 text', async () => {
    const result = await subscribed({
      override_callback_uri: app.url,
      verify_token: t.sandbox.config.verify_token,
    })
    const error = expectGraphError(result, 100, 400)
    expect(error.message).toBe(
      '(#100) Before override the current callback uri, your app must be subscribed to receive messages for WhatsApp Business Account',
    )
    expect(error.type).toBe('OAuthException')
  })

  it('verifies an override with Meta’s GET handshake, then routes messages there', async () => {
    const override = await startCallback({
      appSecret: () => t.sandbox.config.app_secret,
      verifyToken: () => 'override-token',
    })
    try {
      await subscribed()
      const result = await subscribed({
        override_callback_uri: override.url,
        verify_token: 'override-token',
      })
      expect(result.body).toEqual({ success: true })
      const handshake = override.handshakes[0]
      expect(handshake?.get('hub.mode')).toBe('subscribe')
      expect(handshake?.get('hub.verify_token')).toBe('override-token')
      expect(handshake?.get('hub.challenge')).toMatch(/^\d+$/)
      expect((await list()).body.data[0].override_callback_uri).toBe(override.url)
      await customerWrites(t, client, '16505551234')
      await override.waitFor((c) => messagesTo(c).length > 0)
      expect(messagesTo(app)).toEqual([])
      // Template and account-level fields still go to the app's own URL (OVR).
      await t.graph('POST', `/${client.wabaId}/message_templates`, {
        token: client.token,
        json: {
          name: 'hello',
          language: 'en',
          category: 'UTILITY',
          components: [{ type: 'BODY', text: 'Hello' }],
        },
      })
      await app.waitFor((c) =>
        c.changes().some((ch) => ch.field === 'message_template_status_update'),
      )
    } finally {
      await override.close()
    }
  })

  it('fails with #2200 when the override does not echo the challenge', async () => {
    const wrong = await startCallback({
      appSecret: () => t.sandbox.config.app_secret,
      verifyToken: () => 'x',
      handshake: 'wrong-body',
    })
    try {
      await subscribed()
      const error = expectGraphError(
        await subscribed({ override_callback_uri: wrong.url, verify_token: 'x' }),
        2200,
        400,
      )
      expect(error.message).toMatch(
        /^\(#2200\) Callback verification failed with the following errors: /,
      )
      expect((await list()).body.data[0].override_callback_uri).toBeUndefined()
    } finally {
      await wrong.close()
    }
  })

  it('sets and removes a phone-level override through POST /{phone} webhook_configuration', async () => {
    const phoneHook = await startCallback({
      appSecret: () => t.sandbox.config.app_secret,
      verifyToken: () => 'p',
    })
    try {
      const early = await t.graph('POST', `/${client.phoneId}`, {
        token: client.token,
        json: {
          webhook_configuration: { override_callback_uri: phoneHook.url, verify_token: 'p' },
        },
      })
      expectGraphError(early, 100, 400)
      await subscribed()
      const set = await t.graph('POST', `/${client.phoneId}`, {
        token: client.token,
        json: {
          webhook_configuration: { override_callback_uri: phoneHook.url, verify_token: 'p' },
        },
      })
      expect(set.body).toEqual({ success: true })
      const read = await t.graph('GET', `/${client.phoneId}`, {
        token: client.token,
        query: { fields: 'webhook_configuration' },
      })
      expect(read.body.webhook_configuration).toEqual({
        phone_number: phoneHook.url,
        application: app.url,
      })
      await customerWrites(t, client, '16505551234')
      await phoneHook.waitFor((c) => messagesTo(c).length > 0)
      await t.graph('POST', `/${client.phoneId}`, {
        token: client.token,
        json: { webhook_configuration: { override_callback_uri: '' } },
      })
      await customerWrites(t, client, '16505551234', 'again')
      await app.waitFor((c) => messagesTo(c).length > 0)
    } finally {
      await phoneHook.close()
    }
  })
})
