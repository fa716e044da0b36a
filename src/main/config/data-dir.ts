import { chmodSync, mkdirSync } from 'node:fs'
import { homedir } from 'node:os'
import { join } from 'node:path'
import { AppError } from '@shared/contract/errors'

export const PRODUCT_NAME = 'WA Partner Console'

/**
 * The OS's per-user app-data folder for this app — the same folder Electron's
 * `app.getPath('userData')` gives, so the desktop app and browser mode share one data directory.
 */
export function defaultDataDir(
  platform: NodeJS.Platform = process.platform,
  env: NodeJS.ProcessEnv = process.env,
  home: string = homedir(),
): string {
  if (platform === 'win32')
    return join(env.APPDATA ?? join(home, 'AppData', 'Roaming'), PRODUCT_NAME)
  if (platform === 'darwin') return join(home, 'Library', 'Application Support', PRODUCT_NAME)
  return join(env.XDG_CONFIG_HOME || join(home, '.config'), PRODUCT_NAME)
}

/**
 * Creates the data directory, or tightens an existing one, to owner-only (0700): the database, the
 * logs and media in it are the partner's clients' conversations. Files in it are created 0600
 * (database, logger). On Windows the per-user app-data folder is already private; chmod there only
 * toggles the read-only flag.
 */
export function prepareDataDir(dir: string): void {
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 })
    chmodSync(dir, 0o700)
  } catch (error) {
    throw new AppError('STORAGE', `Cannot create the data directory ${dir}.`, {
      fix: 'Set WAPC_DATA_DIR to a folder you own and can write.',
      cause: error,
    })
  }
}
