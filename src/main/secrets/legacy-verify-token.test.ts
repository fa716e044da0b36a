import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { AppError } from '@shared/contract/errors'
import { REDACTED } from '@shared/redact'
import { silentLogger } from '../logger'
import { createAuditRepo } from '../store/audit-repo'
import { DATABASE_FILE, openDatabase, type Db } from '../store/database'
import { createSettingsRepo } from '../store/settings-repo'
import { startTestCore } from '../test-support/core'
import { requireKeychain } from '../test-support/keychain'
import { tempDir } from '../test-support/temp-dir'
import { keychainError } from './keychain-errors'
import { createKeytarSecretStore } from './keytar-secret-store'
import { LEGACY_VERIFY_TOKEN_KEY, moveLegacyVerifyToken } from './legacy-verify-token'
import type { SecretStore } from './secret-store'

const ctx = { transport: 'web' as const }
const uniqueToken = () => `verify-${Math.random().toString(36).slice(2)}-legacy`

/** A database as an earlier version left it: the token saved as a setting and in the audit trail. */
function seedEarlierVersion(db: Db, token: string) {
  createSettingsRepo(db).set(LEGACY_VERIFY_TOKEN_KEY, token)
  createSettingsRepo(db).set('graphApiVersion', 'v24.0')
  const audit = createAuditRepo(db)
  audit.append({
    actor: 'user:web',
    action: 'settings.set',
    subject: LEGACY_VERIFY_TOKEN_KEY,
    details: { value: token },
  })
  audit.append({
    actor: 'user:web',
    action: 'settings.clear',
    subject: LEGACY_VERIFY_TOKEN_KEY,
    details: { value: null },
  })
}

/** Every byte SQLite keeps for this database. */
const onDisk = (file: string) =>
  ['', '-wal', '-shm']
    .map((suffix) => {
      try {
        return readFileSync(`${file}${suffix}`).toString('latin1')
      } catch {
        return ''
      }
    })
    .join('')

const unavailable: SecretStore = {
  service: 'none',
  get: () => Promise.reject(keychainError(new Error('keychain is locked'), 'read')),
  set: () => Promise.reject(keychainError(new Error('keychain is locked'), 'save')),
  delete: () => Promise.reject(keychainError(new Error('keychain is locked'), 'delete')),
}

describe('moving the webhook verify token out of settings', () => {
  let dir: ReturnType<typeof tempDir>
  let file: string
  let db: Db
  const service = `wapc-test-legacy-${process.pid}-${Date.now()}`
  beforeAll(requireKeychain)
  beforeEach(() => {
    dir = tempDir()
    file = join(dir.path, DATABASE_FILE)
    db = openDatabase({ file }).db
  })
  afterEach(async () => {
    db.close()
    dir.cleanup()
    const keytar = (await import('keytar')).default
    await keytar.deletePassword(service, 'webhook-verify-token')
  })

  it('moves a saved token into the keychain and leaves no copy in the database files', async () => {
    const token = uniqueToken()
    seedEarlierVersion(db, token)
    const store = createKeytarSecretStore({ service })
    const notices = await moveLegacyVerifyToken(db, store, silentLogger)
    expect(notices).toEqual([expect.stringMatching(/moved into the OS keychain/)])
    expect(await store.get('webhook-verify-token')).toBe(token)
    expect(createSettingsRepo(db).all()).toEqual(new Map([['graphApiVersion', 'v24.0']]))
    // The trail keeps who changed it and when; the value is gone.
    expect(
      createAuditRepo(db)
        .recent()
        .map((entry) => [entry.action, entry.details]),
    ).toEqual([
      ['settings.clear', { value: null }],
      ['settings.set', { value: REDACTED }],
    ])
    expect(onDisk(file)).not.toContain(token)
    // Done once: the next start finds nothing to move.
    expect(await moveLegacyVerifyToken(db, store, silentLogger)).toEqual([])
  })

  it('keeps the value the keychain already holds (from WEBHOOK_VERIFY_TOKEN) and says so', async () => {
    const store = createKeytarSecretStore({ service })
    await store.set('webhook-verify-token', 'from-the-environment-0001')
    seedEarlierVersion(db, uniqueToken())
    const notices = await moveLegacyVerifyToken(db, store, silentLogger)
    expect(notices).toEqual([expect.stringMatching(/keychain already holds one/)])
    expect(await store.get('webhook-verify-token')).toBe('from-the-environment-0001')
    expect(createSettingsRepo(db).all().has(LEGACY_VERIFY_TOKEN_KEY)).toBe(false)
  })

  it('keeps the saved token while the keychain is unavailable, and blanks the audit values anyway', async () => {
    const token = uniqueToken()
    seedEarlierVersion(db, token)
    const error = await moveLegacyVerifyToken(db, unavailable, silentLogger).catch((e) => e)
    expect(AppError.is(error) && error.code).toBe('SECRET_UNAVAILABLE')
    expect(createSettingsRepo(db).all().get(LEGACY_VERIFY_TOKEN_KEY)).toBe(token)
    expect(JSON.stringify(createAuditRepo(db).recent())).not.toContain(token)
  })

  it('does not touch the keychain when there is nothing to move', async () => {
    expect(await moveLegacyVerifyToken(db, unavailable, silentLogger)).toEqual([])
  })
})

describe('a console upgraded from a version that kept the verify token in settings', () => {
  let harness: Awaited<ReturnType<typeof startTestCore>> | undefined
  beforeAll(requireKeychain)
  afterEach(async () => {
    await harness?.stop()
    harness = undefined
  })

  it('shows the same token under Secrets, no longer as a setting', async () => {
    const dataDir = tempDir('wapc-upgrade-')
    const token = uniqueToken()
    const seeded = openDatabase({ file: join(dataDir.path, DATABASE_FILE) }).db
    seedEarlierVersion(seeded, token)
    seeded.close()
    try {
      harness = await startTestCore({ env: { WAPC_DATA_DIR: dataDir.path } })
      const router = harness.core.router
      const secrets = await router.dispatch('secrets:status', {}, ctx)
      expect(secrets).toMatchObject({
        ok: true,
        value: expect.arrayContaining([
          {
            name: 'webhook-verify-token',
            configured: true,
            hint: token.slice(-4),
            takenFrom: null,
          },
        ]),
      })
      const settings = await router.dispatch('settings:get', {}, ctx)
      expect(JSON.stringify(settings)).not.toContain(token)
      expect(JSON.stringify(settings)).not.toContain(LEGACY_VERIFY_TOKEN_KEY)
      expect(harness.core.info().notices.join(' ')).toMatch(/verify token .* moved into the OS/)
      expect(onDisk(join(dataDir.path, DATABASE_FILE))).not.toContain(token)
    } finally {
      dataDir.cleanup()
    }
  })
})
