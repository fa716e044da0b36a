import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'

/**
 * Media bytes, one file per media id under `<dataDir>/media/` (folder 0700, files 0600: uploads
 * are the clients' customers' files). Metadata lives in SQLite. In memory mode there is nothing
 * to keep: the bytes stay in the world's Map and go with the process.
 */
export interface MediaFiles {
  write(id: string, bytes: Buffer): void
  /** null when the file is missing. */
  read(id: string): Buffer | null
  remove(id: string): void
  clear(): void
}

const SAFE_ID = /^[A-Za-z0-9_-]+$/

export function mediaFolder(dir: string): MediaFiles {
  mkdirSync(dir, { recursive: true, mode: 0o700 })
  const path = (id: string) => {
    // Ids are the sandbox's own numeric ids; anything else must never become a path.
    if (!SAFE_ID.test(id)) throw new Error(`not a media id: ${JSON.stringify(id)}`)
    return join(dir, id)
  }
  return {
    write: (id, bytes) => writeFileSync(path(id), bytes, { mode: 0o600 }),
    read(id) {
      try {
        return readFileSync(path(id))
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null
        throw error
      }
    },
    remove: (id) => rmSync(path(id), { force: true }),
    clear() {
      for (const name of readdirSync(dir)) rmSync(join(dir, name), { force: true })
    },
  }
}

export const noMediaFiles: MediaFiles = {
  write: () => {},
  read: () => null,
  remove: () => {},
  clear: () => {},
}
