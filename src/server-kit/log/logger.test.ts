import { chmodSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { tmpdir } from 'node:os'
import { afterEach, describe, expect, it } from 'vitest'
import { createLogger } from './logger'

const tempDir = () => {
  const path = mkdtempSync(join(tmpdir(), 'server-kit-log-'))
  return { path, cleanup: () => rmSync(path, { recursive: true, force: true }) }
}

describe('logger', () => {
  const dir = tempDir()
  afterEach(() => undefined)

  it('writes structured JSON lines with secrets redacted, at or above its level', () => {
    const file = join(dir.path, 'logs', 'test.log')
    const log = createLogger({ file, level: 'info', console: false }).child({ component: 'graph' })
    log.debug('hidden', { a: 1 })
    log.info('graph.request', {
      url: '/v25.0/me?access_token=EAAQ1234567890abcdefghijk',
      headers: { Authorization: 'Bearer s3cr3t-value' },
    })
    log.error('failed', { error: new Error('boom') })
    const lines = readFileSync(file, 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line))
    expect(lines.map((l) => l.event)).toEqual(['graph.request', 'failed'])
    expect(lines[0]).toMatchObject({ level: 'info', component: 'graph' })
    const text = readFileSync(file, 'utf8')
    expect(text).not.toContain('EAAQ1234567890abcdefghijk')
    expect(text).not.toContain('s3cr3t-value')
    expect(lines[1].error.message).toBe('boom')
    dir.cleanup()
  })

  it('creates its file owner-only and tightens one an earlier version left readable', () => {
    const logs = tempDir()
    try {
      const fresh = join(logs.path, 'fresh', 'wapc.log')
      createLogger({ file: fresh, console: false }).info('first')
      expect(statSync(fresh).mode & 0o777).toBe(0o600)
      const old = join(logs.path, 'old.log')
      writeFileSync(old, '', { mode: 0o644 })
      chmodSync(old, 0o644)
      createLogger({ file: old, console: false })
      expect(statSync(old).mode & 0o777).toBe(0o600)
    } finally {
      logs.cleanup()
    }
  })
})
