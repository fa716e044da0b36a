import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createClock } from '../clock'
import { defaultConfig, seedOverSaved } from '../config'
import { createPhone, onboardClient } from '../world/assets'
import type { Media, SentMessage, Template } from '../world/types'
import { createWorld, type World } from '../world/world'
import { openWorldStore, SANDBOX_DATABASE_FILE, type WorldStore } from './world-store'

/** The store's unit of work against a real SQLite file (no timers: flushes are called). */
let dir: string
let open: { store: WorldStore; world: World }[] = []
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'sandbox-store-'))
})
afterEach(() => {
  for (const { store } of open.splice(0)) store.close([])
  rmSync(dir, { recursive: true, force: true })
})

function start(options: { sweepMs?: number } = {}) {
  const store = openWorldStore({
    dataDir: dir,
    log: () => {},
    flushDelayMs: 60_000,
    sweepMs: options.sweepMs ?? 60_000,
  })
  const config = defaultConfig(seedOverSaved(store.saved.config))
  const clock = createClock(1, { offset: store.saved.clockOffset })
  const world = createWorld(
    clock,
    config,
    store.saved.systemUserId ? { systemUserId: store.saved.systemUserId } : {},
  )
  store.attach(world)
  open.push({ store, world })
  return { store, world }
}

function restart(current: { store: WorldStore; world: World }) {
  current.store.close([])
  open = open.filter((entry) => entry !== current)
  return start()
}

const rows = (table: string) => {
  const db = new Database(join(dir, SANDBOX_DATABASE_FILE), { readonly: true })
  try {
    return db.prepare(`SELECT key FROM ${table} ORDER BY rowid`).all() as { key: string }[]
  } finally {
    db.close()
  }
}

function sent(world: World, id: string): SentMessage {
  const now = world.clock.now()
  return {
    id,
    phone_id: '1',
    waba_id: '2',
    to: '16505551234',
    wa_id: '16505551234',
    type: 'text',
    created_at: now,
    status: 'accepted',
    history: [{ status: 'accepted', timestamp: now }],
    template: null,
    in_window: true,
    context_id: null,
    biz_opaque_callback_data: null,
    payload: { text: { body: 'hi' } },
    pricing: null,
    errors: null,
  }
}

describe('the world store', () => {
  it('refuses a second sandbox on the same folder while the first has it open', () => {
    const first = start()
    expect(() => openWorldStore({ dataDir: dir, log: () => {} })).toThrow(
      expect.objectContaining({
        code: 'CONFLICT',
        message: expect.stringContaining(`A sandbox is already running on ${dir} (sandbox,`),
        fix: expect.stringContaining('SANDBOX_DATA_DIR'),
      }),
    )
    const second = restart(first)
    expect(second.store.saved.systemUserId).toBe(first.world.systemUserId)
  })

  it('has the new credentials on disk as soon as it is attached', () => {
    const { world } = start()
    const db = new Database(join(dir, SANDBOX_DATABASE_FILE), { readonly: true })
    const row = db.prepare("SELECT value FROM meta WHERE key = 'config'").get() as { value: string }
    db.close()
    expect(JSON.parse(row.value).system_user_token).toBe(world.config.system_user_token)
  })

  it('writes an entity changed in place after a lookup, and nothing for a lookup alone', () => {
    const { store, world } = start()
    const { phone } = onboardClient(world, { business_name: 'Acme', with_phone: true })
    expect(store.flush()).toBeGreaterThan(0)
    world.phones.get(phone!.id)
    expect(store.flush()).toBe(0)
    world.phones.get(phone!.id)!.registered = true
    expect(store.flush()).toBe(1)

    const again = restart({ store, world })
    expect(again.world.phones.get(phone!.id)?.registered).toBe(true)
  })

  it('restores what JSON cannot carry, the id registry and the template index', () => {
    const { store, world } = start()
    const { waba, phone } = onboardClient(world, { business_name: 'Acme', with_phone: true })
    waba.subscriptions.set(world.config.app_id, {
      app_id: world.config.app_id,
      subscribed_at: 1,
      override: null,
    })
    const template: Template = {
      id: world.newId('template'),
      waba_id: waba.id,
      name: 'hello',
      language: 'en_US',
      category: 'UTILITY',
      parameter_format: 'POSITIONAL',
      components: [{ type: 'BODY', text: 'Hello' }],
      status: 'PENDING',
      rejected_reason: 'NONE',
      created_at: 1,
      cancelReview: () => {},
    }
    world.templates.set(template.id, template)
    world.indexTemplate(template)
    const media = sampleMedia(world, phone!.id, waba.id, 'bytes of a file')
    world.media.set(media.id, media)
    world.clock.advance(3_600_000)
    const systemUserId = world.systemUserId
    const credentials = { ...world.config }

    const { world: back } = restart({ store, world })
    expect(back.systemUserId).toBe(systemUserId)
    expect(back.config).toEqual(credentials)
    expect(back.clock.offset()).toBe(3_600_000)
    expect(back.wabas.get(waba.id)?.subscriptions.get(world.config.app_id)?.subscribed_at).toBe(1)
    expect(back.templates.get(template.id)?.cancelReview).toBeNull()
    expect(back.findTemplate(waba.id, 'hello', 'en_US')?.id).toBe(template.id)
    expect(back.media.get(media.id)?.bytes.toString()).toBe('bytes of a file')
    expect(back.kindOf(phone!.id)).toBe('phone')
    expect(back.kindOf(template.id)).toBe('template')
    expect(back.kindOf(media.id)).toBe('media')
  })

  it('compares small maps in full after an iteration; messages need a touch', () => {
    const { store, world } = start()
    onboardClient(world, { business_name: 'Acme', with_phone: true })
    world.recordSent(sent(world, 'wamid.1'))
    store.flush()
    for (const phone of world.phones.values()) phone.quality_rating = 'RED'
    for (const message of world.sent.values()) message.status = 'read'
    expect(store.flush()).toBe(1)
    world.sent.touch('wamid.1')
    expect(store.flush()).toBe(1)

    const { world: back } = restart({ store, world })
    expect([...back.phones.values()][0]?.quality_rating).toBe('RED')
    expect(back.sent.get('wamid.1')?.status).toBe('read')
  })

  it('catches a change made without any lookup at the next sweep', async () => {
    const { store, world } = start({ sweepMs: 20 })
    const { phone } = onboardClient(world, { business_name: 'Acme', with_phone: true })
    store.flush()
    // As a handler does when it awaits a network call between its lookup and its change.
    phone!.pin = '123456'
    await new Promise((resolve) => setTimeout(resolve, 100))
    const { world: back } = restart({ store, world })
    expect(back.phones.get(phone!.id)?.pin).toBe('123456')
  })

  it('keeps map order: deleted and set again moves to the end, as in the Map', () => {
    const { store, world } = start()
    for (const id of ['a', 'b', 'c']) world.lastInbound.set(id, 1)
    store.flush()
    world.lastInbound.delete('a')
    world.lastInbound.set('a', 2)
    store.flush()
    expect(rows('service_windows').map((row) => row.key)).toEqual(['b', 'c', 'a'])
    const { world: back } = restart({ store, world })
    expect([...back.lastInbound]).toEqual([
      ['b', 1],
      ['c', 1],
      ['a', 2],
    ])
  })

  it('bounds the message table by the world cap (100k): the oldest row goes', () => {
    const { store, world } = start()
    const total = 100_001
    for (let i = 0; i < total; i++) world.recordSent(sent(world, `wamid.${i}`))
    store.flush()
    const kept = rows('sent_messages')
    expect(kept).toHaveLength(100_000)
    expect(kept[0]?.key).toBe('wamid.1')
  })

  it('wipes every table and the media files on reset, keeping the config', () => {
    const { store, world } = start()
    const { waba, phone } = onboardClient(world, { business_name: 'Acme', with_phone: true })
    createPhone(world, waba, { display: '15550100999', verified_name: 'Acme 2' })
    const media = sampleMedia(world, phone!.id, waba.id)
    world.media.set(media.id, media)
    store.flush()
    expect(readdirSync(join(dir, 'media'))).toEqual([media.id])
    world.reset()
    store.flush()
    for (const table of ['businesses', 'wabas', 'phones', 'users', 'auth_codes', 'media'])
      expect(rows(table)).toEqual([])
    expect(readdirSync(join(dir, 'media'))).toEqual([])
    const token = world.config.system_user_token
    expect(restart({ store, world }).world.config.system_user_token).toBe(token)
  })

  it('in memory, keeps nothing and writes no file', () => {
    const store = openWorldStore({ dataDir: null, log: () => {} })
    const world = createWorld(createClock(1), defaultConfig())
    store.attach(world)
    onboardClient(world, { business_name: 'Acme', with_phone: true })
    expect(store.flush()).toBeGreaterThan(0)
    expect(store.file).toBeNull()
    store.close([])
    expect(existsSync(join(process.cwd(), ':memory:'))).toBe(false)
    expect(openWorldStore({ dataDir: null, log: () => {} }).saved.config).toBeNull()
  })
})

describe('saved config', () => {
  it('keeps valid fields, lets seeds win, and drops a field that is not valid any more', () => {
    const { store, world } = start()
    world.config.throughput = 250
    store.flush()
    store.close([])
    open = []
    const db = new Database(join(dir, SANDBOX_DATABASE_FILE))
    const saved = JSON.parse(
      (db.prepare("SELECT value FROM meta WHERE key = 'config'").get() as { value: string }).value,
    )
    db.prepare("UPDATE meta SET value = ? WHERE key = 'config'").run(
      JSON.stringify({ ...saved, time_scale: 'fast' }),
    )
    db.close()

    const logged: string[] = []
    const again = openWorldStore({ dataDir: dir, log: (line) => logged.push(line) })
    const config = defaultConfig(seedOverSaved(again.saved.config, { app_name: 'Seeded' }))
    again.close([])
    expect(config.app_secret).toBe(saved.app_secret)
    expect(config.throughput).toBe(250)
    expect(config.app_name).toBe('Seeded')
    expect(config.time_scale).toBe(1)
    expect(logged.join('\n')).toMatch(/time_scale is not valid/)
  })
})

function sampleMedia(world: World, phoneId: string, wabaId: string, text = 'file'): Media {
  return {
    id: world.newId('media', 16),
    phone_id: phoneId,
    waba_id: wabaId,
    bytes: Buffer.from(text),
    mime_type: 'text/plain',
    sha256: 'x',
    file_size: text.length,
    uploaded_at: 1,
    expires_at: 2,
    filename: null,
  }
}
