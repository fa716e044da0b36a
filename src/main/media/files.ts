import { createHash } from 'node:crypto'
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'

/**
 * Media files in `<data dir>/media/` (folder 0700, files 0600), named by the SHA-256 of their
 * bytes (hex): a name says nothing about the message, the same bytes are stored once, and a
 * name is checkable (only 64 hex characters are ever served).
 */
export const MEDIA_DIR = 'media'
const NAME = /^[a-f0-9]{64}$/

export const isMediaName = (name: string) => NAME.test(name)

export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex')
}

/**
 * Whether Meta's `sha256` names these bytes. Meta gives it in hex (`GET /{media-id}`) and, in
 * webhooks, sometimes base64; both encodings of the digest are accepted.
 */
export function sha256Matches(expected: string, hex: string): boolean {
  const given = expected.trim()
  if (given.toLowerCase() === hex) return true
  return Buffer.from(hex, 'hex').toString('base64') === given
}

export function mediaDir(dataDir: string): string {
  const dir = join(dataDir, MEDIA_DIR)
  mkdirSync(dir, { recursive: true, mode: 0o700 })
  chmodSync(dir, 0o700)
  return dir
}

/** Writes the bytes under their hash (atomically: a crash never leaves half a file). */
export function storeMediaFile(
  dataDir: string,
  bytes: Uint8Array,
): { file: string; sha256: string } {
  const sha256 = sha256Hex(bytes)
  const dir = mediaDir(dataDir)
  const path = join(dir, sha256)
  if (!existsSync(path)) {
    const temp = `${path}.${process.pid}.tmp`
    writeFileSync(temp, bytes, { mode: 0o600 })
    renameSync(temp, path)
  }
  chmodSync(path, 0o600)
  return { file: sha256, sha256 }
}

export function readMediaFile(dataDir: string, file: string): Buffer | null {
  if (!isMediaName(file)) return null
  try {
    return readFileSync(join(dataDir, MEDIA_DIR, file))
  } catch {
    return null
  }
}
