import { createHash } from 'node:crypto'
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import {
  customerWrites,
  expectGraphError,
  http,
  multipart,
  onboard,
  startCallback,
  startSandbox,
  type Callback,
  type Client,
  type TestSandbox,
} from '../testing/harness'
import { SANDBOX_DATABASE_FILE } from './world-store'

/**
 * The world survives a restart: close the sandbox, start a new one on the same folder, and the
 * client onboarded before keeps working — over real HTTP, on a real SQLite file.
 */
let dir: string
let running: TestSandbox[] = []
const callbacks: Callback[] = []
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'sandbox-restart-'))
})
afterEach(async () => {
  for (const t of running.splice(0)) await t.close()
  for (const c of callbacks.splice(0)) await c.close()
  rmSync(dir, { recursive: true, force: true })
})

async function start(config: Parameters<typeof startSandbox>[0] = {}) {
  const t = await startSandbox(config, { dataDir: dir })
  running.push(t)
  return t
}

async function restart(t: TestSandbox, config: Parameters<typeof startSandbox>[0] = {}) {
  await t.close()
  running = running.filter((other) => other !== t)
  return start(config)
}

/** The partner's webhook endpoint, outliving the sandbox restarts (unlike `t.appCallback()`). */
async function partnerCallback(t: TestSandbox, status?: (index: number) => number) {
  const { app_secret: secret, verify_token: verify } = t.sandbox.config
  const callback = await startCallback({
    appSecret: () => secret,
    verifyToken: () => verify,
    ...(status ? { status } : {}),
  })
  callbacks.push(callback)
  const set = await t.control('POST', '/config', { callback_url: callback.url })
  expect(set.status).toBe(200)
  return callback
}

const template = (name: string) => ({
  name,
  language: 'en_US',
  category: 'utility',
  components: [{ type: 'BODY', text: 'Your order has shipped.' }],
})
const createTemplate = (t: TestSandbox, client: Client, name: string) =>
  t.graph('POST', `/${client.wabaId}/message_templates`, {
    token: client.token,
    json: template(name),
  })
const sendTemplate = (t: TestSandbox, client: Client, name: string) =>
  t.graph('POST', `/${client.phoneId}/messages`, {
    token: client.token,
    json: {
      messaging_product: 'whatsapp',
      to: '16505551234',
      type: 'template',
      template: { name, language: { code: 'en_US' } },
    },
  })
const templateEvents = (callback: Callback) =>
  callback.changes().filter((c) => c.field === 'message_template_status_update')
const statusesOf = (callback: Callback, wamid: string) =>
  callback
    .changes()
    .flatMap((c) => (c.field === 'messages' ? (c.value.statuses ?? []) : []))
    .filter((s: { id: string }) => s.id === wamid)
    .map((s: { status: string }) => s.status)

describe('a restart on the same data directory', () => {
  it('keeps the partner credentials, a registered phone, its PIN, its business token, its templates and messages in flight', async () => {
    let t = await start()
    const before = { ...t.sandbox.config }
    const callback = await partnerCallback(t)
    const client = await onboard(t, { pin: '246810' })
    const approved = await createTemplate(t, client, 'order_shipped')
    await callback.waitFor(() => templateEvents(callback).length === 1)
    // A long review for the next one, so it is still PENDING when the sandbox stops.
    await t.control('POST', '/config', { time_scale: 1, template_review_delay_ms: 3_600_000 })
    const pending = await createTemplate(t, client, 'order_delayed')
    expect(pending.body.status).toBe('PENDING')
    // Accepted, its statuses still to come (real time: hundreds of ms) when the sandbox stops.
    const inFlight = await sendTemplate(t, client, 'order_shipped')
    const inFlightId = inFlight.body.messages[0].id as string

    t = await restart(t)
    const after = t.sandbox.config
    for (const key of ['app_id', 'app_secret', 'system_user_token', 'business_id'] as const)
      expect(after[key]).toBe(before[key])
    expect(after.callback_url).toBe(callback.url)
    expect(after.template_review_delay_ms).toBe(3_600_000)

    // The review left pending finishes after the restart (time_scale 0 again: at once).
    await callback.waitFor(() => templateEvents(callback).length === 2)
    expect(templateEvents(callback)[1]?.value).toMatchObject({
      event: 'APPROVED',
      message_template_id: Number(pending.body.id),
    })

    // The message in flight goes on where it was: each status once, none repeated.
    await callback.waitFor(() => statusesOf(callback, inFlightId).includes('delivered'))
    expect(statusesOf(callback, inFlightId)).toEqual(['sent', 'delivered'])

    // The business token from the code exchange still authenticates; the phone is registered.
    const phone = await t.graph('GET', `/${client.phoneId}`, { token: client.token })
    expect(phone.status).toBe(200)
    const state = await t.control('GET', '/state')
    expect(state.body.phones).toMatchObject([
      { id: client.phoneId, registered: true, pin_set: true },
    ])
    const got = await t.graph('GET', `/${approved.body.id}`, { token: client.token })
    expect(got.body.status).toBe('APPROVED')

    const sent = await sendTemplate(t, client, 'order_shipped')
    expect(sent.status).toBe(200)
    const wamid = sent.body.messages[0].id as string
    await callback.waitFor(() => statusesOf(callback, wamid).includes('delivered'))

    // The two-step PIN is the one set before the restart.
    const register = (pin: string) =>
      t.graph('POST', `/${client.phoneId}/register`, {
        token: client.token,
        json: { messaging_product: 'whatsapp', pin },
      })
    expectGraphError(await register('111111'), 133005)
    expect((await register('246810')).status).toBe(200)
  })

  it('keeps media (bytes in a private file), the virtual clock and the received messages', async () => {
    let t = await start()
    const client = await onboard(t)
    const png = Buffer.concat([
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
      Buffer.from('a png'),
    ])
    const uploaded = await t.graph('POST', `/${client.phoneId}/media`, {
      token: client.token,
      ...multipart([
        { name: 'messaging_product', value: 'whatsapp' },
        { name: 'file', file: { data: png, type: 'image/png', filename: 'logo.png' } },
      ]),
    })
    expect(uploaded.body).toEqual({ id: expect.any(String) })
    await t.advance(3 * 3600)
    const inbound = await customerWrites(t, client, '16505550001', 'hello')
    const ahead = (await t.control('GET', '/clock')).body.now - Date.now()

    t = await restart(t)
    if (process.platform !== 'win32') {
      expect(statSync(dir).mode & 0o777).toBe(0o700)
      expect(statSync(join(dir, SANDBOX_DATABASE_FILE)).mode & 0o777).toBe(0o600)
      expect(statSync(join(dir, 'media')).mode & 0o777).toBe(0o700)
      expect(statSync(join(dir, 'media', uploaded.body.id)).mode & 0o777).toBe(0o600)
    }
    const clock = await t.control('GET', '/clock')
    expect(clock.body.now - Date.now()).toBeGreaterThanOrEqual(ahead - 1000)
    expect(ahead).toBeGreaterThanOrEqual(3 * 3600_000 - 1000)

    const info = await t.graph('GET', `/${uploaded.body.id}`, { token: client.token })
    expect(info.body.sha256).toBe(createHash('sha256').update(png).digest('hex'))
    const download = await http('GET', info.body.url, { token: client.token })
    expect(download.raw.equals(png)).toBe(true)

    // The customer's message keeps the 24 h window open: a free-form reply is accepted.
    const state = await t.control('GET', '/state')
    expect(state.body.messages_received.recent.map((m: { id: string }) => m.id)).toEqual([
      inbound.id,
    ])
    const reply = await t.graph('POST', `/${client.phoneId}/messages`, {
      token: client.token,
      json: { messaging_product: 'whatsapp', to: '16505550001', text: { body: 'hi!' } },
    })
    expect(reply.status).toBe(200)

    // Deleting the media removes its file.
    expect((await t.graph('DELETE', `/${uploaded.body.id}`, { token: client.token })).status).toBe(
      200,
    )
    await t.close()
    expect(readdirSync(join(dir, 'media'))).toEqual([])
  })

  it('delivers a webhook batch that was waiting for a retry when the sandbox stopped', async () => {
    let t = await start()
    let up = true
    const callback = await partnerCallback(t, () => (up ? 200 : 503))
    const client = await onboard(t)
    up = false
    // Real time and a minute's backoff: the batch is waiting for its next attempt at shutdown.
    await t.control('POST', '/config', { time_scale: 1, webhooks: { base_backoff_ms: 60_000 } })
    const inbound = await customerWrites(t, client, '16505550002', 'are you there?')
    await callback.waitFor(() => callback.posts.filter((p) => p.status === 503).length >= 2)
    // Written as it started waiting, not only at shutdown (a crash keeps it too).
    await waitUntil(() => savedDeliveries() === 1)

    up = true
    t = await restart(t)
    const delivered = () =>
      callback.posts.filter((p) => p.status === 200 && JSON.stringify(p.body).includes(inbound.id))
    await callback.waitFor(() => delivered().length > 0)
    expect(delivered()).toHaveLength(1)
    // Acknowledged (not only received): nothing is left to save.
    await waitUntil(async () => (await t.control('GET', '/stats')).body.webhooks.pending === 0)
    await t.close()
    expect(savedDeliveries()).toBe(0)
  })

  it('starts empty again after POST /_sandbox/reset, keeping the partner credentials', async () => {
    let t = await start()
    const before = t.sandbox.config.system_user_token
    const client = await onboard(t)
    expect((await t.control('POST', '/reset')).status).toBe(200)

    t = await restart(t)
    expect(t.sandbox.config.system_user_token).toBe(before)
    const state = await t.control('GET', '/state')
    expect(state.body.phones).toEqual([])
    const phone = await t.graph('GET', `/${client.phoneId}`, { token: client.token })
    expectGraphError(phone, 190)
  })
})

describe('memory mode', () => {
  it('keeps nothing: a second sandbox has new credentials and an empty world', async () => {
    const first = await startSandbox()
    running.push(first)
    await onboard(first)
    const token = first.sandbox.config.system_user_token
    await first.close()
    const second = await startSandbox()
    running.push(second)
    expect(second.sandbox.config.system_user_token).not.toBe(token)
    expect((await second.control('GET', '/state')).body.phones).toEqual([])
    for (const name of [':memory:', SANDBOX_DATABASE_FILE, 'media'])
      expect(existsSync(join(process.cwd(), name))).toBe(false)
  })
})

function savedDeliveries(): number {
  const db = new Database(join(dir, SANDBOX_DATABASE_FILE), { readonly: true })
  try {
    return (db.prepare('SELECT count(*) AS n FROM webhook_deliveries').get() as { n: number }).n
  } finally {
    db.close()
  }
}

async function waitUntil(check: () => boolean | Promise<boolean>, timeoutMs = 5_000) {
  const deadline = Date.now() + timeoutMs
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time')
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
}
