import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { isBearerToken, newToken } from '@server-kit/http/bearer'
import { AppError } from '@shared/contract/errors'

/**
 * The embedded sandbox's control token: every `/_sandbox` route requires it as
 * `Authorization: Bearer <token>`. `SANDBOX_CONTROL_TOKEN` wins; otherwise it is generated once per
 * data directory into `<dataDir>/sandbox/control-token` (folder 0700, file 0600) and reused, so
 * scripts keep working across restarts. Without a data directory (tests) it lives in memory.
 */
export const CONTROL_TOKEN_FILE = join('sandbox', 'control-token')

export function sandboxControlToken(dataDir: string | undefined, env: NodeJS.ProcessEnv): string {
  const fromEnv = env.SANDBOX_CONTROL_TOKEN?.trim()
  if (fromEnv) {
    if (!isBearerToken(fromEnv)) {
      throw new AppError(
        'CONFIG',
        'SANDBOX_CONTROL_TOKEN must be 16 to 512 letters, digits or -._~+/ (the value is not shown).',
        {
          fix: 'Set SANDBOX_CONTROL_TOKEN to a long random string, or unset it to use a generated one.',
        },
      )
    }
    return fromEnv
  }
  if (dataDir === undefined) return newToken()
  return tokenInDataDir(
    dataDir,
    CONTROL_TOKEN_FILE,
    'the sandbox control token',
    'Make the data directory writable, or set SANDBOX_CONTROL_TOKEN.',
  )
}

/**
 * A random token kept in `<dataDir>/<relativeFile>` (folder 0700, file 0600): generated the first
 * time, then reused, so it stays the same across restarts of this data directory. `what` and `fix`
 * word the error when the folder cannot be written.
 */
export function tokenInDataDir(
  dataDir: string,
  relativeFile: string,
  what: string,
  fix: string,
): string {
  const file = join(dataDir, relativeFile)
  const dir = dirname(file)
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 })
    chmodSync(dir, 0o700)
    const existing = readToken(file)
    if (existing !== null) return existing
    const token = newToken()
    try {
      // `wx`: if another process created it first, theirs is read and used.
      writeFileSync(file, `${token}\n`, { mode: 0o600, flag: 'wx' })
      return token
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
      const theirs = readToken(file)
      if (theirs !== null) return theirs
      throw error
    }
  } catch (error) {
    if (AppError.is(error)) throw error
    throw new AppError('STORAGE', `Cannot read or create ${what} in ${dir}.`, { fix, cause: error })
  }
}

/** The token in the file (its mode tightened to 0600), or null when there is none or it is unusable. */
function readToken(file: string): string | null {
  let text: string
  try {
    text = readFileSync(file, 'utf8')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null
    throw error
  }
  const token = text.trim()
  if (!isBearerToken(token)) {
    // Emptied or damaged by hand: replaced with a fresh one.
    const fresh = newToken()
    writeFileSync(file, `${fresh}\n`, { mode: 0o600 })
    chmodSync(file, 0o600)
    return fresh
  }
  chmodSync(file, 0o600)
  return token
}
