import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { http, onboard, startSandbox, type Callback, type TestSandbox } from './testing/harness'

let t: TestSandbox
beforeEach(async () => {
  t = await startSandbox()
})
afterEach(() => t.close())

describe('the sandbox server', () => {
  it('serves the Embedded Signup emulator: the fake SDK and the dialog', async () => {
    const sdk = await http('GET', `${t.url}/en_US/sdk.js`)
    expect(sdk.status).toBe(200)
    expect(sdk.headers['content-type']).toMatch(/javascript/)
    const query = `client_id=${t.sandbox.config.app_id}&config_id=1&origin=${encodeURIComponent('http://127.0.0.1:9')}`
    const dialog = await http('GET', `${t.url}/v25.0/dialog/oauth?${query}`)
    expect(dialog.status).toBe(200)
    expect(dialog.headers['content-type']).toMatch(/text\/html/)
    const wrongApp = await http('GET', `${t.url}/v25.0/dialog/oauth?client_id=1&config_id=1`)
    expect(wrongApp.status).toBe(400)
  })

  it('honours signup_allowed_origins like Meta’s Allowed domains', async () => {
    await t.control('POST', '/config', { signup_allowed_origins: ['https://partner.example'] })
    const base = `client_id=${t.sandbox.config.app_id}&config_id=1&origin=`
    expect(
      (
        await http(
          'GET',
          `${t.url}/v25.0/dialog/oauth?${base}${encodeURIComponent('http://127.0.0.1:9')}`,
        )
      ).status,
    ).toBe(400)
    expect(
      (
        await http(
          'GET',
          `${t.url}/v25.0/dialog/oauth?${base}${encodeURIComponent('https://partner.example')}`,
        )
      ).status,
    ).toBe(200)
  })

  it('closes cleanly with requests held open by the timeout fault', async () => {
    const client = await onboard(t)
    await t.control('POST', '/faults', { rate: 1, kinds: ['timeout'] })
    const pending = http('GET', `${t.url}/v25.0/${client.phoneId}`, { token: client.token }).catch(
      (e: Error) => e,
    )
    await t.control('GET', '/stats')
    await t.close()
    expect(await pending).toBeInstanceOf(Error)
  })
})

describe('simulated customers (personas)', () => {
  let callback: Callback
  beforeEach(async () => {
    callback = await t.appCallback()
  })

  it('lists personas; one starts a conversation and reads the business’s reply', async () => {
    const client = await onboard(t)
    const personas = (await t.control('GET', '/customers/personas')).body.personas
    const reader = personas.find((p: { reads: boolean }) => p.reads)
    expect(reader).toBeDefined()
    const started = await t.control('POST', '/customers/conversations', {
      phone_number_id: client.phoneId,
      persona_id: reader.id,
    })
    expect(started.status).toBe(200)
    await callback.waitFor((c) =>
      c.changes().some((ch) => ch.value.messages?.[0]?.id === started.body.id),
    )
    const sent = await t.graph('POST', `/${client.phoneId}/messages`, {
      token: client.token,
      json: {
        messaging_product: 'whatsapp',
        to: reader.wa_id,
        type: 'text',
        text: { body: 'Hello!' },
      },
    })
    const id = sent.body.messages[0].id
    await callback.waitFor((c) =>
      c
        .changes()
        .some((ch) =>
          ch.value.statuses?.some(
            (s: { id: string; status: string }) => s.id === id && s.status === 'read',
          ),
        ),
    )
  })

  it('refuses unknown personas and unregistered numbers', async () => {
    const client = await onboard(t, { register: false })
    const unknown = await t.control('POST', '/customers/conversations', {
      phone_number_id: client.phoneId,
      persona_id: 'nobody',
    })
    expect(unknown.status).toBe(404)
    const personas = (await t.control('GET', '/customers/personas')).body.personas
    const unregistered = await t.control('POST', '/customers/conversations', {
      phone_number_id: client.phoneId,
      persona_id: personas[0].id,
    })
    expect(unregistered.status).toBe(400)
  })
})
