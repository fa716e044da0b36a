import { readFileSync, renameSync, writeFileSync } from 'node:fs'
import {
  secretLabels,
  userSecretNames,
  type SecretStatus,
  type UserSecretName,
} from '@shared/contract/secrets'
import type { Logger } from '../logger'
import type { AuditRepo } from '../store/audit-repo'
import { secretHint, type SecretStore } from './secret-store'

export interface SecretsServiceDeps {
  store: SecretStore
  audit: AuditRepo
  log: Logger
}

/** The user-managed secrets. Status is all that ever leaves: configured + a 4-character hint. */
export function createSecretsService({ store, audit, log }: SecretsServiceDeps) {
  const status = async (name: UserSecretName): Promise<SecretStatus> => {
    const value = await store.get(name)
    return { name, configured: value !== null, hint: secretHint(value) }
  }
  return {
    status,
    async statusAll(): Promise<SecretStatus[]> {
      const out: SecretStatus[] = []
      for (const name of userSecretNames) out.push(await status(name))
      return out
    },
    async set(name: UserSecretName, value: string, actor: string): Promise<SecretStatus> {
      await store.set(name, value)
      audit.append({ actor, action: 'secrets.set', subject: name })
      log.info('secrets.set', { name })
      return status(name)
    },
    async delete(name: UserSecretName, actor: string): Promise<SecretStatus> {
      await store.delete(name)
      audit.append({ actor, action: 'secrets.delete', subject: name })
      log.info('secrets.delete', { name })
      return status(name)
    },
  }
}

export type SecretsService = ReturnType<typeof createSecretsService>

/**
 * Secrets found in the environment or `.env` go to the keychain. Lines in `.env` are then
 * commented out (the file keeps everything else), so the plaintext copy does not outlive the move.
 * Returns one notice per secret moved, to tell the user.
 */
export async function importEnvSecrets(
  envSecrets: Partial<Record<UserSecretName, { value: string; fromDotenv: boolean }>>,
  dotenvPath: string | undefined,
  store: SecretStore,
  log: Logger,
): Promise<string[]> {
  const notices: string[] = []
  const movedFromDotenv: string[] = []
  for (const name of userSecretNames) {
    const found = envSecrets[name]
    if (!found) continue
    const variable = secretLabels[name].env
    if ((await store.get(name)) !== found.value) await store.set(name, found.value)
    if (found.fromDotenv && dotenvPath) {
      movedFromDotenv.push(variable)
      notices.push(`${variable} was moved from .env into the OS keychain and removed from .env.`)
    } else {
      notices.push(
        `${variable} from the environment was saved in the OS keychain; you can unset it now.`,
      )
    }
  }
  if (dotenvPath && movedFromDotenv.length > 0) {
    const stamp = new Date().toISOString().slice(0, 10)
    const lines = readFileSync(dotenvPath, 'utf8').split('\n')
    const pattern = new RegExp(`^\\s*(export\\s+)?(${movedFromDotenv.join('|')})\\s*=`)
    const rewritten = lines.map((line) => {
      const match = pattern.exec(line)
      return match
        ? `# ${match[2]} moved to the OS keychain by WA Partner Console on ${stamp}`
        : line
    })
    const temp = `${dotenvPath}.wapc-tmp`
    writeFileSync(temp, rewritten.join('\n'), { mode: 0o600 })
    renameSync(temp, dotenvPath)
  }
  for (const notice of notices) log.warn('secrets.imported', { notice })
  return notices
}
