import { spawn, type ChildProcess } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { errorOf } from '../testing/failure'
import { HOLDER_FILE, lockDirectory, readHolder } from './dir-lock'

const options = { what: 'browser mode', product: 'Test App', elsewhere: 'set TEST_DIR' }
const holderScript = fileURLToPath(new URL('../testing/hold-dir-lock.ts', import.meta.url))

/** The lock taken in another process (a real one: the OS's file lock is per process). */
function holdInChild(dir: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', holderScript, dir], {
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  return new Promise((resolve, reject) => {
    child.once('error', reject)
    child.once('exit', (code) => reject(new Error(`the holder exited early (${code})`)))
    child.stdout!.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('LOCKED')) resolve(child)
    })
  })
}

describe('lockDirectory', () => {
  let dir: string
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'server-kit-lock-'))))
  afterEach(() => rmSync(dir, { recursive: true, force: true }))

  it('refuses a second holder in the same process, naming the first, until it is released', () => {
    const first = lockDirectory(dir, { ...options, now: () => Date.UTC(2026, 10, 27, 9, 30) })
    expect(readHolder(dir)).toEqual({
      pid: process.pid,
      what: 'browser mode',
      since: first.holder.since,
    })

    const error = errorOf(() => lockDirectory(dir, { ...options, what: 'the desktop app' }))
    expect(error.code).toBe('CONFLICT')
    expect(error.message).toBe(
      `Test App is already running on ${dir} (browser mode, process ${process.pid}, since 2026-11-27T09:30:00.000Z).`,
    )
    expect(error.fix).toBe('Use that one, or stop it first; to run both, set TEST_DIR.')

    first.release()
    first.release()
    expect(existsSync(join(dir, HOLDER_FILE))).toBe(false)
    const second = lockDirectory(dir, { ...options, what: 'the desktop app' })
    expect(readHolder(dir)?.what).toBe('the desktop app')
    second.release()
  })

  it('refuses while another process holds the folder, and is free again once it is killed -9', async () => {
    const child = await holdInChild(dir)
    try {
      const error = errorOf(() => lockDirectory(dir, options))
      expect(error.code).toBe('CONFLICT')
      expect(error.message).toContain(`(a test holder, process ${child.pid},`)
    } finally {
      const exited = new Promise((resolve) => child.once('exit', resolve))
      child.kill('SIGKILL')
      await exited
    }
    // The kernel dropped the dead process's lock: no stale lock to clean up by hand.
    const lock = lockDirectory(dir, options)
    expect(readHolder(dir)?.pid).toBe(process.pid)
    lock.release()
  })

  it('still refuses when the holder left no note (it names no holder then)', () => {
    const first = lockDirectory(dir, options)
    rmSync(join(dir, HOLDER_FILE))
    expect(errorOf(() => lockDirectory(dir, options)).message).toBe(
      `Test App is already running on ${dir}.`,
    )
    first.release()
  })
})
