import { closeSync, fdatasync, fsyncSync, openSync } from 'node:fs'

/**
 * Makes committed WAL frames durable without blocking the event loop. The relay's SQLite
 * connection runs with `synchronous = NORMAL` (commits reach the OS, checkpoints are fsync'd); this
 * adds the per-commit step FULL would do — an fdatasync of the WAL file — on libuv's thread pool,
 * so new webhooks are parsed, verified and committed while the disk flushes.
 *
 * `sync()` resolves once every commit made before the call is on disk: by the flush that starts
 * then, or, when one is already running (it may have begun before the commit), by the next one.
 * Commits that arrive during a flush share the next one: group commit at the fsync level.
 */
export class WalSync {
  private readonly fd: number
  private running: Promise<void> | null = null
  private next: {
    promise: Promise<void>
    resolve: () => void
    reject: (e: unknown) => void
  } | null = null

  constructor(walFile: string, dataDir: string) {
    this.fd = openSync(walFile, 'r+')
    syncDirectory(dataDir)
  }

  sync(): Promise<void> {
    if (!this.running) return this.start()
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

  close(): void {
    closeSync(this.fd)
  }

  private start(): Promise<void> {
    const flushed = new Promise<void>((resolve, reject) =>
      fdatasync(this.fd, (error) => (error ? reject(error) : resolve())),
    )
    this.running = flushed.finally(() => {
      this.running = null
      const waiting = this.next
      this.next = null
      if (waiting) this.start().then(waiting.resolve, waiting.reject)
    })
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
