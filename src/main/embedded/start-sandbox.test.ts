import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { request } from 'undici'
import { afterEach, beforeAll, describe, expect, it } from 'vitest'
import { createLogger } from '../logger'
import { startTestCore } from '../test-support/core'
import { requireKeychain } from '../test-support/keychain'
import { tempDir } from '../test-support/temp-dir'
import { SANDBOX_FOLDER, startEmbeddedSandbox } from './start-sandbox'

/**
 * The embedded sandbox keeps its world in `<data dir>/sandbox/`: the partner credentials it
 * creates on the first start are the ones of every later start, so clients onboarded in sandbox
 * mode are not orphaned by a restart.
 */
const dirs: ReturnType<typeof tempDir>[] = []
afterEach(() => {
  for (const dir of dirs.splice(0)) dir.cleanup()
})
const dataDir = () => {
  const dir = tempDir('wapc-sandbox-data-')
  dirs.push(dir)
  return dir.path
}
const log = createLogger({ level: 'error', console: false })

async function sandboxConfig(url: string, controlToken: string) {
  const res = await request(`${url}/_sandbox/config`, {
    headers: { authorization: `Bearer ${controlToken}` },
  })
  expect(res.statusCode).toBe(200)
  return (await res.body.json()) as Record<string, unknown>
}

const CREDENTIALS = ['app_id', 'app_secret', 'system_user_token', 'business_id', 'credit_line_id']

describe('the core in sandbox mode', () => {
  beforeAll(requireKeychain)

  it('keeps the same partner credentials across two core starts', async () => {
    const dir = dataDir()
    const configs: Record<string, unknown>[] = []
    for (let start = 0; start < 2; start++) {
      const harness = await startTestCore({ env: { WAPC_DATA_DIR: dir, WAPC_MODE: 'sandbox' } })
      try {
        const url = harness.core.info().sandboxUrl
        expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
        configs.push(await sandboxConfig(url!, harness.core.sandboxControlToken!))
      } finally {
        await harness.stop()
      }
    }
    for (const key of CREDENTIALS) expect(configs[1]?.[key]).toBe(configs[0]?.[key])
    expect(existsSync(join(dir, SANDBOX_FOLDER, 'sandbox.sqlite3'))).toBe(true)
  })
})

describe('startEmbeddedSandbox', () => {
  it('reuses the credentials of its data directory, lets seeds win, and keeps nothing without one', async () => {
    const dir = dataDir()
    const first = await startEmbeddedSandbox(undefined, log, undefined, { dataDir: dir, env: {} })
    await first.close()
    const seeded = await startEmbeddedSandbox(
      undefined,
      log,
      { app_name: 'Seeded app' },
      { dataDir: dir, env: {} },
    )
    const config = await sandboxConfig(seeded.url, seeded.controlToken)
    await seeded.close()
    expect(config.app_name).toBe('Seeded app')
    expect(seeded.credentials).toEqual(first.credentials)

    const memory = await startEmbeddedSandbox(undefined, log, undefined, { env: {} })
    await memory.close()
    expect(memory.credentials.systemUserToken).not.toBe(first.credentials.systemUserToken)
  })
})
