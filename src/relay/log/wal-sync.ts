import { closeSync, fdatasync, fsyncSync, openSync } from 'node:fs'

/**
 * fdatasyncs of the WAL that may run at once. libuv's thread pool has 4 threads by default; the
 * relay's other file work (a trim, a checkpoint's own writes happen on the event loop) keeps one.
 */
const MAX_IN_FLIGHT = 3

interface Waiter {
  promise: Promise<void>
  resolve: () => void
  reject: (e: unknown) => void
}

/**
 * Makes committed WAL frames durable without blocking the event loop. The relay's SQLite
 * connection runs with `synchronous = NORMAL` (commits reach the OS, checkpoints are fsync'd); this
 * adds the per-commit step FULL would do — an fdatasync of the WAL file — on libuv's thread pool,
 * so new webhooks are parsed, verified and committed while the disk flushes.
 *
 * `sync()` resolves once every commit made before the call is on disk. An fdatasync covers every
 * write made before it started, so each call starts its own flush at once, overlapping any that
 * are running — a commit never waits for a flush that began before it, which on a disk whose
 * flush takes 0.2–5 ms halves the worst acks. Past MAX_IN_FLIGHT flushes, calls share the next one
 * to start (group commit at the fsync level).
 */
export class WalSync {
  private readonly fd: number
  private readonly running = new Set<Promise<void>>()
  private next: Waiter | null = null

  constructor(walFile: string, dataDir: string) {
    this.fd = openSync(walFile, 'r+')
    syncDirectory(dataDir)
  }

  sync(): Promise<void> {
    if (this.running.size < MAX_IN_FLIGHT) return this.start()
    if (!this.next) {
      let resolve!: () => void
      let reject!: (e: unknown) => void
      const promise = new Promise<void>((res, rej) => {
        resolve = res
        reject = rej
      })
      this.next = { promise, resolve, reject }
    }
    return this.next.promise
  }

  /** Waits for a flush of everything written so far and for every flush running on the file. */
  async drain(): Promise<void> {
    await this.sync().catch(() => undefined)
    while (this.running.size > 0) await Promise.allSettled([...this.running])
  }

  close(): void {
    closeSync(this.fd)
  }

  private start(): Promise<void> {
    const flushed = new Promise<void>((resolve, reject) =>
      fdatasync(this.fd, (error) => (error ? reject(error) : resolve())),
    )
    const ended: Promise<void> = flushed
      .catch(() => undefined)
      .then(() => {
        this.running.delete(ended)
        const waiting = this.next
        this.next = null
        if (waiting) this.start().then(waiting.resolve, waiting.reject)
      })
    this.running.add(ended)
    return flushed
  }
}

/** The WAL file's directory entry must be on disk too (once, when the file is new). */
function syncDirectory(dir: string): void {
  try {
    const fd = openSync(dir, 'r')
    try {
      fsyncSync(fd)
    } finally {
      closeSync(fd)
    }
  } catch {
    // Windows cannot open a directory; NTFS journals the entry itself.
  }
}
