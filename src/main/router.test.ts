import Database from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { AppError } from '@shared/contract/errors'
import { createLogger } from './logger'
import { createRouter, type Handlers } from './router'

const log = createLogger({ console: false })
const unused = async () => {
  throw new Error('not called in this test')
}

function handlers(overrides: Partial<Handlers>): Handlers {
  return {
    'app:info': unused,
    'settings:get': unused,
    'settings:set': unused,
    'secrets:status': unused,
    'secrets:set': unused,
    'secrets:delete': unused,
    'platform:check': unused,
    ...overrides,
  } as Handlers
}

const ctx = { transport: 'web' as const }

describe('router', () => {
  it('refuses unknown channels with UNKNOWN_CHANNEL', async () => {
    const router = createRouter(handlers({}), log)
    for (const channel of ['nope:x', '__proto__', 'toString', 42, null]) {
      const result = await router.dispatch(channel, {}, ctx)
      expect(result).toMatchObject({ ok: false, error: { code: 'UNKNOWN_CHANNEL' } })
    }
  })

  it('rejects invalid input with VALIDATION naming the field, without calling the handler', async () => {
    let called = false
    const router = createRouter(
      handlers({
        'secrets:set': async () => {
          called = true
          return { name: 'app-secret', configured: true, hint: 'abcd', takenFrom: null }
        },
      }),
      log,
    )
    const result = await router.dispatch('secrets:set', { name: 'app-secret', value: 'a b' }, ctx)
    expect(result.ok).toBe(false)
    if (!result.ok) {
      expect(result.error.code).toBe('VALIDATION')
      expect(result.error.message).toMatch(/value/)
    }
    expect(
      await router.dispatch(
        'secrets:set',
        { name: 'app-secret', value: 'long-enough-secret', extra: 1 },
        ctx,
      ),
    ).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION' },
    })
    expect(called).toBe(false)
  })

  it('accepts a missing input for channels that take none', async () => {
    const router = createRouter(handlers({ 'secrets:status': async () => [] }), log)
    expect(await router.dispatch('secrets:status', undefined, ctx)).toEqual({ ok: true, value: [] })
  })

  it('strips fields the output schema does not name (a handler cannot leak a value)', async () => {
    const router = createRouter(
      handlers({
        'secrets:status': async () =>
          [{ name: 'app-secret', configured: true, hint: 'abcd', value: 'the-secret' }] as never,
      }),
      log,
    )
    const result = await router.dispatch('secrets:status', {}, ctx)
    expect(JSON.stringify(result)).not.toContain('the-secret')
  })

  it('wraps AppErrors and crashes as envelopes, never throwing', async () => {
    const router = createRouter(
      handlers({
        'settings:get': async () => {
          throw new AppError('CONFLICT', 'set by env', { fix: 'unset it' })
        },
        'app:info': async () => {
          throw new TypeError('undefined is not a function')
        },
      }),
      log,
    )
    expect(await router.dispatch('settings:get', {}, ctx)).toMatchObject({
      ok: false,
      error: { code: 'CONFLICT', message: 'set by env', fix: 'unset it', retryable: false },
    })
    const crash = await router.dispatch('app:info', {}, ctx)
    expect(crash).toMatchObject({ ok: false, error: { code: 'INTERNAL' } })
    if (!crash.ok) {
      expect(crash.error.message).not.toContain('undefined is not a function')
      expect(crash.error.correlationId).toMatch(/^[0-9a-f]{8}$/)
    }
  })

  it('turns a full disk in any handler into DISK_FULL with its fix, retryable; other SQLite errors stay INTERNAL', async () => {
    // A real SQLite database that may not grow: the next insert fails with SQLITE_FULL.
    const db = new Database(':memory:')
    db.exec('CREATE TABLE notes (text TEXT)')
    db.pragma(`max_page_count = ${db.pragma('page_count', { simple: true }) as number}`)
    const router = createRouter(
      handlers({
        'settings:set': async () => {
          db.prepare('INSERT INTO notes VALUES (?)').run('x'.repeat(100_000))
          throw new Error('unreachable: the insert fails')
        },
        'app:info': async () => {
          db.prepare('INSERT INTO missing_table VALUES (1)').run()
          throw new Error('unreachable: the statement fails')
        },
      }),
      log,
    )
    expect(
      await router.dispatch('settings:set', { key: 'theme', value: 'dark' }, ctx),
    ).toMatchObject({
      ok: false,
      error: {
        code: 'DISK_FULL',
        message: 'The disk is full: could not complete the request.',
        fix: 'Free some disk space; nothing was lost — the change was not written and can be retried.',
        retryable: true,
      },
    })
    const bug = await router.dispatch('app:info', {}, ctx)
    expect(bug).toMatchObject({ ok: false, error: { code: 'INTERNAL' } })
    db.close()
  })
})
