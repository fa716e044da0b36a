import { AppError } from '@shared/contract/errors'
import type { Db } from '@server-kit/sqlite/open'
import type { Config } from '../config/config'
import type { Logger } from '../logger'
import { importEnvSecrets, type EnvSecretImport } from './env-secrets'
import { createKeytarSecretStore } from './keytar-secret-store'
import { moveLegacyVerifyToken } from './legacy-verify-token'
import type { SecretStore } from './secret-store'

export interface KeychainStartupDeps {
  config: Pick<Config, 'keychainService' | 'envSecrets' | 'dotenvPath'>
  db: Db
  log: Logger
  /** Replaces the OS keychain (only for tests that are not about the keychain). */
  secretStore?: SecretStore
}

export interface OpenedKeychain {
  store: SecretStore
  /** What the user should know about the keychain and the secrets moved into it (Settings → Notices). */
  notices: string[]
  /** Where each secret handled at this start came from. */
  takenFrom: EnvSecretImport['takenFrom']
  /** Whether the keychain holds Meta's app secret (live mode needs it). */
  hasAppSecret: boolean
}

/**
 * Opens the keychain at start: moves secrets from the environment and `.env` into it, moves the
 * legacy verify token out of the database, and looks for the app secret.
 */
export async function openKeychain(deps: KeychainStartupDeps): Promise<OpenedKeychain> {
  const { config, db, log } = deps
  const store = deps.secretStore ?? createKeytarSecretStore({ service: config.keychainService })
  // A missing or locked keychain must not stop the console: it starts (in sandbox mode unless
  // live is forced), says what is wrong, and secrets stay unavailable — never stored elsewhere.
  const notices: string[] = []
  const keychainProblem = (error: unknown) => {
    if (!AppError.is(error) || error.code !== 'SECRET_UNAVAILABLE') throw error
    const notice = `${error.message}${error.fix ? ` Fix: ${error.fix}` : ''}`
    if (!notices.includes(notice)) notices.push(notice)
    log.warn('core.keychain-unavailable', { error })
  }
  let takenFrom: EnvSecretImport['takenFrom'] = {}
  try {
    const imported = await importEnvSecrets(config.envSecrets, config.dotenvPath, store, log)
    notices.push(...imported.notices)
    takenFrom = imported.takenFrom
  } catch (error) {
    keychainProblem(error)
  }
  try {
    notices.push(...(await moveLegacyVerifyToken(db, store, log)))
  } catch (error) {
    keychainProblem(error)
  }
  let hasAppSecret = false
  try {
    hasAppSecret = (await store.get('app-secret')) !== null
  } catch (error) {
    keychainProblem(error)
  }
  return { store, notices, takenFrom, hasAppSecret }
}
