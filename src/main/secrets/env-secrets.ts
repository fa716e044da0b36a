import { readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import {
  secretLabels,
  userSecretNames,
  type SecretSource,
  type UserSecretName,
} from '@shared/contract/secrets'
import type { EnvSecret } from '../config/config'
import { removeDotenvEntries } from '../config/dotenv'
import type { Logger } from '../logger'
import type { SecretStore } from './secret-store'

export interface EnvSecretImport {
  /** One line per secret handled, for the user (Settings → Notices) and the log. */
  notices: string[]
  /** Where each secret handled at this start came from. */
  takenFrom: Partial<Record<UserSecretName, SecretSource>>
}

const STILL_SET =
  'unset it there — while it is set, it replaces the value saved in the keychain at every start.'

function noticeFor(variable: string, found: EnvSecret, removed: boolean): string {
  if (found.conflicting)
    return `${variable} is set in the environment and, to a different value, in .env. The environment's value (it wins) was saved in the OS keychain and .env was left unchanged: remove the entry from .env once you know which value is right, and ${STILL_SET}`
  const moved = `${variable} was moved from .env into the OS keychain and removed from .env.`
  if (found.inDotenv && removed)
    return found.inEnvironment ? `${moved} The environment sets it too: ${STILL_SET}` : moved
  if (found.inDotenv)
    return `${variable} from .env was saved in the OS keychain, but could not be removed from .env: remove it by hand.`
  return `${variable} from the environment was saved in the OS keychain: ${STILL_SET}`
}

/**
 * Secrets found in the environment or `.env` go to the keychain. Their `.env` entries are then
 * replaced by a one-line comment — every line of a multi-line value — so the plaintext copy does
 * not outlive the move; the rest of the file stays as it was. Nothing is removed from `.env` unless
 * every value reached the keychain (a keychain error propagates before the file is touched).
 */
export async function importEnvSecrets(
  envSecrets: Partial<Record<UserSecretName, EnvSecret>>,
  dotenvPath: string | undefined,
  store: SecretStore,
  log: Logger,
): Promise<EnvSecretImport> {
  const takenFrom: EnvSecretImport['takenFrom'] = {}
  const toRemove = new Set<string>()
  for (const name of userSecretNames) {
    const found = envSecrets[name]
    if (!found) continue
    if ((await store.get(name)) !== found.value) await store.set(name, found.value)
    takenFrom[name] = found.inEnvironment ? 'environment' : 'dotenv'
    if (found.inDotenv && !found.conflicting) toRemove.add(secretLabels[name].env)
  }
  const removed =
    dotenvPath && toRemove.size > 0 ? removeFromDotenv(dotenvPath, toRemove, log) : false
  const notices = userSecretNames.flatMap((name) => {
    const found = envSecrets[name]
    return found ? [noticeFor(secretLabels[name].env, found, removed)] : []
  })
  for (const notice of notices) log.warn('secrets.imported', { notice })
  return { notices, takenFrom }
}

/** Rewrites `.env` without `variables` (owner-only, replaced atomically); false if it could not. */
function removeFromDotenv(path: string, variables: ReadonlySet<string>, log: Logger): boolean {
  const stamp = new Date().toISOString().slice(0, 10)
  const temp = `${path}.wapc-tmp`
  try {
    const text = removeDotenvEntries(
      readFileSync(path, 'utf8'),
      path,
      variables,
      (key) => `${key} moved to the OS keychain by WA Partner Console on ${stamp}`,
    )
    writeFileSync(temp, text, { mode: 0o600 })
    renameSync(temp, path)
    return true
  } catch (error) {
    rmSync(temp, { force: true })
    log.error('secrets.dotenv-rewrite-failed', { error, path })
    return false
  }
}
