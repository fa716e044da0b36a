import { chmodSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { createLogger } from '../logger'
import { tempDir } from '../test-support/temp-dir'
import { CONTROL_TOKEN_FILE, sandboxControlToken } from './control-token'
import { startEmbeddedSandbox } from './start-sandbox'

const dirs: ReturnType<typeof tempDir>[] = []
afterEach(() => {
  for (const dir of dirs.splice(0)) dir.cleanup()
})
const dataDir = () => {
  const dir = tempDir('wapc-token-')
  dirs.push(dir)
  return dir.path
}
const posix = process.platform !== 'win32'

describe('the embedded sandbox control token', () => {
  it('is generated once per data directory into an owner-only file and reused', () => {
    const dir = dataDir()
    const first = sandboxControlToken(dir, {})
    expect(first).toMatch(/^[\w-]{43}$/)
    const file = join(dir, CONTROL_TOKEN_FILE)
    expect(readFileSync(file, 'utf8').trim()).toBe(first)
    if (posix) {
      expect(statSync(file).mode & 0o777).toBe(0o600)
      expect(statSync(join(dir, 'sandbox')).mode & 0o777).toBe(0o700)
    }
    expect(sandboxControlToken(dir, {})).toBe(first)
    expect(sandboxControlToken(dataDir(), {})).not.toBe(first)
  })

  it('tightens a file left readable by others, and replaces an emptied one', () => {
    const dir = dataDir()
    const first = sandboxControlToken(dir, {})
    const file = join(dir, CONTROL_TOKEN_FILE)
    chmodSync(file, 0o644)
    expect(sandboxControlToken(dir, {})).toBe(first)
    if (posix) expect(statSync(file).mode & 0o777).toBe(0o600)
    writeFileSync(file, '\n')
    const fresh = sandboxControlToken(dir, {})
    expect(fresh).toMatch(/^[\w-]{43}$/)
    expect(readFileSync(file, 'utf8').trim()).toBe(fresh)
  })

  it('is SANDBOX_CONTROL_TOKEN when set (no file written), refused when unusable', () => {
    const dir = dataDir()
    const token = 'set-by-the-developer-0123456789'
    expect(sandboxControlToken(dir, { SANDBOX_CONTROL_TOKEN: ` ${token} ` })).toBe(token)
    expect(() => statSync(join(dir, CONTROL_TOKEN_FILE))).toThrow()
    for (const bad of ['short', 'has spaces in the middle of it', 'x'.repeat(600)]) {
      expect(() => sandboxControlToken(dir, { SANDBOX_CONTROL_TOKEN: bad })).toThrow(
        /SANDBOX_CONTROL_TOKEN must be/,
      )
    }
  })

  it('lives in memory without a data directory', () => {
    expect(sandboxControlToken(undefined, {})).not.toBe(sandboxControlToken(undefined, {}))
  })

  it('is what the started sandbox requires on /_sandbox', async () => {
    const dir = dataDir()
    const log = createLogger({ level: 'error', console: false, file: join(dir, 'log') })
    const sandbox = await startEmbeddedSandbox(undefined, log, undefined, { dataDir: dir, env: {} })
    try {
      expect(sandbox.controlToken).toBe(readFileSync(join(dir, CONTROL_TOKEN_FILE), 'utf8').trim())
      expect((await fetch(`${sandbox.url}/_sandbox/stats`)).status).toBe(401)
      const stats = await fetch(`${sandbox.url}/_sandbox/stats`, {
        headers: { authorization: `Bearer ${sandbox.controlToken}` },
      })
      expect(stats.status).toBe(200)
    } finally {
      await sandbox.close()
    }
  })
})
