import { closeSync, fdatasyncSync, openSync, rmSync, writeSync } from 'node:fs'
import { join } from 'node:path'
import { percentile } from './percentile'

/**
 * The disk's own floor for a durable append: `count` fdatasyncs, each after appending `bytes` to
 * a file in `dir` (as a WAL commit does), timed one by one. No server can acknowledge a durably
 * stored event faster than this, whatever it runs on.
 */
export function fdatasyncLatency(
  dir: string,
  count = 2000,
  bytes = 8192,
): { p50Ms: number; p99Ms: number } {
  const file = join(dir, 'fdatasync-probe')
  const fd = openSync(file, 'w')
  const block = Buffer.alloc(bytes, 1)
  const times: number[] = []
  try {
    for (let i = 0; i < count; i++) {
      writeSync(fd, block)
      const start = performance.now()
      fdatasyncSync(fd)
      times.push(performance.now() - start)
    }
  } finally {
    closeSync(fd)
    rmSync(file, { force: true })
  }
  return { p50Ms: percentile(times, 50), p99Ms: percentile(times, 99) }
}
