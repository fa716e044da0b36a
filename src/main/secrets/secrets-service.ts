import {
  userSecretNames,
  type SecretSource,
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
  /** Secrets this start took from `.env` or the environment (see importEnvSecrets). */
  takenFrom?: Partial<Record<UserSecretName, SecretSource>>
}

/** The user-managed secrets. Status is all that ever leaves: configured + a 4-character hint. */
export function createSecretsService({ store, audit, log, takenFrom = {} }: SecretsServiceDeps) {
  const sources = { ...takenFrom }
  const status = async (name: UserSecretName): Promise<SecretStatus> => {
    const value = await store.get(name)
    return {
      name,
      configured: value !== null,
      hint: secretHint(value),
      takenFrom: sources[name] ?? null,
    }
  }
  // A value saved or cleared here replaces what `.env` gave; the environment gives it again at
  // the next start, so that source stays shown.
  const changedHere = (name: UserSecretName) => {
    if (sources[name] === 'dotenv') delete sources[name]
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
      changedHere(name)
      audit.append({ actor, action: 'secrets.set', subject: name })
      log.info('secrets.set', { name })
      return status(name)
    },
    async delete(name: UserSecretName, actor: string): Promise<SecretStatus> {
      await store.delete(name)
      changedHere(name)
      audit.append({ actor, action: 'secrets.delete', subject: name })
      log.info('secrets.delete', { name })
      return status(name)
    },
  }
}

export type SecretsService = ReturnType<typeof createSecretsService>
