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
})
