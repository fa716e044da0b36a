/** Something to undo at shutdown: close a server, stop a worker, release a lock. */
export type Cleanup = () => Promise<void> | void

export interface CleanupStack {
  push(cleanup: Cleanup): void
  /**
   * Runs every cleanup once, newest first (what started last stops first), each awaited; one that
   * throws is reported and the rest still run. Later calls return the same promise.
   */
  close(): Promise<void>
}

export function createCleanupStack(report: (error: unknown) => void): CleanupStack {
  const cleanups: Cleanup[] = []
  let closing: Promise<void> | undefined
  const run = async () => {
    for (const cleanup of cleanups.reverse()) {
      try {
        await cleanup()
      } catch (error) {
        report(error)
      }
    }
  }
  return {
    push: (cleanup) => void cleanups.push(cleanup),
    close: () => (closing ??= run()),
  }
}
