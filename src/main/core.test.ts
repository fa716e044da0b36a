import { chmodSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, beforeAll, describe, expect, it } from 'vitest'
import { DATABASE_FILE } from './store/database'
import { keychainError } from './secrets/keychain-errors'
import type { SecretStore } from './secrets/secret-store'
import { requireKeychain } from './test-support/keychain'
import { startTestCore } from './test-support/core'
import { tempDir } from './test-support/temp-dir'

const ctx = { transport: 'web' as const }

/** Everything the core wrote to disk: the database (with WAL/SHM) and the log. */
function diskContents(dataDir: string): string {
  return [DATABASE_FILE, `${DATABASE_FILE}-wal`, `${DATABASE_FILE}-shm`, 'logs/wapc.log']
    .map((file) => {
      try {
        return readFileSync(join(dataDir, file)).toString('latin1')
      } catch {
        return ''
      }
    })
    .join('\n')
}

/** A working directory whose `.env` holds `text` (the caller removes it with `cwd.cleanup()`). */
function dotenvDir(text: string) {
  const cwd = tempDir('wapc-dotenv-')
  const dotenv = join(cwd.path, '.env')
  writeFileSync(dotenv, text)
  return { cwd, dotenv }
}

describe('core', () => {
  let harness: Awaited<ReturnType<typeof startTestCore>> | undefined
  beforeAll(requireKeychain)
  afterEach(async () => {
    await harness?.stop()
    harness = undefined
  })

  it('starts in sandbox mode with no Meta app and reports where its data lives', async () => {
    harness = await startTestCore({ env: { WAPC_MODE: 'auto' } })
    const result = await harness.core.router.dispatch('app:info', undefined, ctx)
    expect(result).toMatchObject({
      ok: true,
      value: { mode: 'sandbox', dataDir: harness.dataDir, runtime: 'node' },
    })
    if (result.ok)
      expect((result.value as { modeReason: string }).modeReason).toMatch(/FACEBOOK_APP_ID/)
  })

  it('saves settings, shows their source, and refuses to shadow the environment', async () => {
    harness = await startTestCore({ env: { FACEBOOK_APP_ID: '1234567890' } })
    const router = harness.core.router
    const saved = await router.dispatch(
      'settings:set',
      { key: 'graphApiVersion', value: 'v24.0' },
      ctx,
    )
    expect(saved.ok).toBe(true)
    const view = await router.dispatch('settings:get', {}, ctx)
    const entries = (
      view as {
        value: { entries: { key: string; value: string; source: string; lockedByEnv: boolean }[] }
      }
    ).value.entries
    expect(entries.find((e) => e.key === 'graphApiVersion')).toMatchObject({
      value: 'v24.0',
      source: 'settings',
    })
    expect(entries.find((e) => e.key === 'facebookAppId')).toMatchObject({
      value: '1234567890',
      source: 'env',
      lockedByEnv: true,
    })
    expect(entries.find((e) => e.key === 'theme')).toMatchObject({
      value: 'system',
      source: 'default',
    })

    const shadowed = await router.dispatch(
      'settings:set',
      { key: 'facebookAppId', value: '999999999' },
      ctx,
    )
    expect(shadowed).toMatchObject({
      ok: false,
      error: { code: 'CONFLICT', fix: expect.stringMatching(/FACEBOOK_APP_ID/) },
    })
    expect(
      await router.dispatch('settings:set', { key: 'graphApiVersion', value: '25' }, ctx),
    ).toMatchObject({ ok: false, error: { code: 'VALIDATION' } })
    expect(
      await router.dispatch('settings:set', { key: 'graphApiVersion', value: null }, ctx),
    ).toMatchObject({ ok: true })
  })

  it('keeps secrets in the keychain only: status shows a hint, disk and logs never see the value', async () => {
    harness = await startTestCore()
    const value = `sk-core-test-${Math.random().toString(36).slice(2)}-value`
    const router = harness.core.router
    const set = await router.dispatch('secrets:set', { name: 'ai-api-key', value }, ctx)
    expect(set).toEqual({
      ok: true,
      value: { name: 'ai-api-key', configured: true, hint: value.slice(-4), takenFrom: null },
    })
    const status = await router.dispatch('secrets:status', {}, ctx)
    expect(JSON.stringify(status)).not.toContain(value)
    const keytar = (await import('keytar')).default
    expect(await keytar.getPassword(harness.service, 'ai-api-key')).toBe(value)
    expect(diskContents(harness.dataDir)).not.toContain(value)
    expect(diskContents(harness.dataDir)).toContain('secrets.set')

    expect(await router.dispatch('secrets:delete', { name: 'ai-api-key' }, ctx)).toEqual({
      ok: true,
      value: { name: 'ai-api-key', configured: false, hint: null, takenFrom: null },
    })
    expect(await keytar.getPassword(harness.service, 'ai-api-key')).toBeNull()
  })

  it('keeps its data owner-only: the folder 0700; database, WAL, SHM and log 0600', async () => {
    harness = await startTestCore()
    await harness.core.router.dispatch('settings:set', { key: 'theme', value: 'dark' }, ctx)
    const mode = (path: string) => statSync(join(harness!.dataDir, path)).mode & 0o777
    expect(mode('.')).toBe(0o700)
    for (const file of [
      DATABASE_FILE,
      `${DATABASE_FILE}-wal`,
      `${DATABASE_FILE}-shm`,
      'logs/wapc.log',
    ])
      expect([file, mode(file)]).toEqual([file, 0o600])
  })

  it('refuses a second console on the same data directory, naming the first, until it closes', async () => {
    harness = await startTestCore()
    const { dataDir } = harness
    await harness.core.router.dispatch('settings:set', { key: 'theme', value: 'dark' }, ctx)
    const refused = startTestCore({ env: { WAPC_DATA_DIR: dataDir } })
    await expect(refused).rejects.toMatchObject({
      code: 'CONFLICT',
      fix: 'Use that one, or stop it first; to run both, give the second one its own folder with WAPC_DATA_DIR.',
    })
    await expect(refused).rejects.toThrow(
      `WA Partner Console is already running on ${dataDir} (browser mode, process ${process.pid}, since `,
    )
    // The first one still works; once it is closed the folder opens again, data intact.
    expect((await harness.core.router.dispatch('app:info', undefined, ctx)).ok).toBe(true)
    await harness.core.close()
    const next = await startTestCore({ env: { WAPC_DATA_DIR: dataDir } })
    try {
      const settings = await next.core.router.dispatch('settings:get', undefined, ctx)
      expect(settings).toMatchObject({ ok: true })
      expect(JSON.stringify(settings)).toContain('dark')
    } finally {
      await next.stop()
    }
  })

  it('tightens a data directory an earlier version left readable by others', async () => {
    const dir = tempDir('wapc-loose-')
    chmodSync(dir.path, 0o755)
    writeFileSync(join(dir.path, DATABASE_FILE), '', { mode: 0o644 })
    try {
      harness = await startTestCore({ env: { WAPC_DATA_DIR: dir.path } })
      for (const [path, expected] of [
        ['.', 0o700],
        [DATABASE_FILE, 0o600],
      ] as const)
        expect([path, statSync(join(dir.path, path)).mode & 0o777]).toEqual([path, expected])
    } finally {
      dir.cleanup()
    }
  })

  it('moves secrets from .env into the keychain, comments them out, and says so', async () => {
    const { cwd, dotenv } = dotenvDir(
      'FACEBOOK_APP_ID=1234567890\nFACEBOOK_APP_SECRET=dotenv-app-secret-0001\nGRAPH_API_VERSION=v25.0\n',
    )
    try {
      harness = await startTestCore({ cwd: cwd.path, env: { WAPC_MODE: 'auto' } })
      const keytar = (await import('keytar')).default
      expect(await keytar.getPassword(harness.service, 'app-secret')).toBe('dotenv-app-secret-0001')
      const rewritten = readFileSync(dotenv, 'utf8')
      expect(rewritten).not.toContain('dotenv-app-secret-0001')
      expect(rewritten).toContain('# FACEBOOK_APP_SECRET moved to the OS keychain')
      expect(rewritten).toContain('FACEBOOK_APP_ID=1234567890')
      const info = harness.core.info()
      expect(info.notices.join(' ')).toMatch(
        /FACEBOOK_APP_SECRET was moved from \.env into the OS keychain/,
      )
      // App id + app secret configured: the console talks to Meta.
      expect(info.mode).toBe('live')
      const status = await harness.core.router.dispatch('secrets:status', {}, ctx)
      const rows = (status as { value: { name: string; takenFrom: string | null }[] }).value
      expect(rows.find((row) => row.name === 'app-secret')?.takenFrom).toBe('dotenv')
      expect(rows.find((row) => row.name === 'ai-api-key')?.takenFrom).toBeNull()
    } finally {
      cwd.cleanup()
    }
  })

  it('removes a multi-line .env secret whole, and says when the environment sets it too', async () => {
    const { cwd, dotenv } = dotenvDir(
      'AI_API_KEY="\nsk-multi-line-0001\n"\nRELAY_TOKEN=relay-token-0001\nGRAPH_API_VERSION=v25.0\n',
    )
    try {
      harness = await startTestCore({
        cwd: cwd.path,
        env: { RELAY_TOKEN: 'relay-token-0001' },
      })
      const keytar = (await import('keytar')).default
      expect(await keytar.getPassword(harness.service, 'ai-api-key')).toBe('sk-multi-line-0001')
      expect(await keytar.getPassword(harness.service, 'relay-token')).toBe('relay-token-0001')
      const rewritten = readFileSync(dotenv, 'utf8')
      expect(rewritten).toMatch(
        /^# AI_API_KEY moved to the OS keychain .*\n# RELAY_TOKEN moved to the OS keychain .*\nGRAPH_API_VERSION=v25\.0\n$/,
      )
      expect(statSync(dotenv).mode & 0o777).toBe(0o600)
      const notices = harness.core.info().notices.join('\n')
      expect(notices).toMatch(
        /^AI_API_KEY was moved from \.env into the OS keychain and removed from \.env\.$/m,
      )
      expect(notices).toMatch(
        /RELAY_TOKEN was moved .* The environment sets it too: unset it there/,
      )
    } finally {
      cwd.cleanup()
    }
  })

  it('checks the partner setup against the embedded sandbox, with sandbox credentials kept apart', async () => {
    harness = await startTestCore({ env: { WAPC_MODE: 'auto' } })
    const info = harness.core.info()
    expect(info.sandboxUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
    expect(info.graphBaseUrl).toBe(info.sandboxUrl)
    const result = await harness.core.router.dispatch('platform:check', {}, ctx)
    expect(result).toMatchObject({
      ok: true,
      value: { mode: 'sandbox', graphBaseUrl: info.sandboxUrl },
    })
    const checks = (result as { value: { checks: { id: string; status: string }[] } }).value.checks
    expect(checks.map((c) => [c.id, c.status])).toEqual([
      ['app', 'ok'],
      ['system-user-token', 'ok'],
      ['credit-line', 'ok'],
    ])
    // The sandbox's partner credentials live in their own keychain namespace, not the user's.
    const keytar = (await import('keytar')).default
    expect(await keytar.getPassword(`${harness.service} (sandbox)`, 'system-user-token')).toMatch(
      /^EAA/,
    )
    expect(await keytar.getPassword(harness.service, 'system-user-token')).toBeNull()
  })

  it('reports each live check on its own when Meta cannot be reached', async () => {
    harness = await startTestCore({
      env: {
        WAPC_MODE: 'live',
        FACEBOOK_APP_ID: '1234567890',
        FACEBOOK_APP_SECRET: 'live-app-secret-0001',
        FACEBOOK_SYSTEM_USER_TOKEN: 'EAAlivesystemusertoken0001',
        GRAPH_BASE_URL: 'http://127.0.0.1:9',
      },
    })
    expect(harness.core.info()).toMatchObject({
      mode: 'live',
      sandboxUrl: null,
      graphBaseUrl: 'http://127.0.0.1:9',
      // Live: Meta's timestamps are compared with this machine's clock.
      platformClockOffsetMs: 0,
    })
    const result = await harness.core.router.dispatch('platform:check', {}, ctx)
    const checks = (
      result as {
        value: { checks: { id: string; status: string; message: string; fix?: string }[] }
      }
    ).value.checks
    expect(checks.find((c) => c.id === 'app')).toMatchObject({
      status: 'error',
      message: expect.stringMatching(/could not reach the Graph API/),
    })
    expect(checks.find((c) => c.id === 'credit-line')).toMatchObject({
      status: 'skipped',
      fix: expect.stringMatching(/FACEBOOK_BUSINESS_ID/),
    })
  })

  it('starts without a keychain, says why, and refuses secret calls with the fix', async () => {
    const unavailable = () =>
      Promise.reject(
        keychainError(
          new Error('Cannot autolaunch D-Bus without X11 $DISPLAY'),
          'reach the keychain',
        ),
      )
    const brokenStore: SecretStore = {
      service: 'none',
      get: unavailable,
      set: unavailable,
      delete: unavailable,
    }
    harness = await startTestCore({ secretStore: brokenStore, env: { WAPC_MODE: 'auto' } })
    expect(harness.core.mode).toBe('sandbox')
    expect(harness.core.info().notices.join(' ')).toMatch(/no D-Bus session bus.*dbus-run-session/)
    const result = await harness.core.router.dispatch(
      'secrets:set',
      { name: 'app-secret', value: 'would-be-lost-0001' },
      ctx,
    )
    expect(result).toMatchObject({
      ok: false,
      error: { code: 'SECRET_UNAVAILABLE', fix: expect.stringMatching(/dbus-run-session/) },
    })
    expect(diskContents(harness.dataDir)).not.toContain('would-be-lost-0001')
  })
})
