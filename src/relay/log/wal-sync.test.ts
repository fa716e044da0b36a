import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { WalSync } from './wal-sync'

const dirs: string[] = []
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true })
})

function walIn(): { wal: WalSync; file: string } {
  const dir = mkdtempSync(join(tmpdir(), 'wapc-walsync-'))
  dirs.push(dir)
  const file = join(dir, 'log-wal')
  writeFileSync(file, 'frames')
  return { wal: new WalSync(file, dir), file }
}

describe('WalSync', () => {
  it('answers every caller, whether its flush started at once or shares a later one', async () => {
    const { wal } = walIn()
    const settled: number[] = []
    // More callers than flushes may run at once: the rest share the next flush.
    const calls = Array.from({ length: 20 }, (_, i) => wal.sync().then(() => settled.push(i)))
    await Promise.all(calls)
    expect(settled.sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => i))
    await wal.drain()
    wal.close()
  })

  it('drain waits for the flushes still running, so the file can be closed after it', async () => {
    const { wal } = walIn()
    let done = 0
    for (let i = 0; i < 5; i++) void wal.sync().then(() => done++)
    await wal.drain()
    expect(done).toBe(5)
    expect(() => wal.close()).not.toThrow()
  })

  it('rejects when the flush fails, so the webhook is answered 503 and Meta retries', async () => {
    const { wal } = walIn()
    await wal.sync()
    wal.close()
    // The descriptor is closed: fdatasync fails with EBADF, which reaches the caller.
    await expect(wal.sync()).rejects.toMatchObject({ code: 'EBADF' })
  })
})
