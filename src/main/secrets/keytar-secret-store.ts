import { AppError } from '@shared/contract/errors'
import { registerSecret } from '@shared/redact'
import { linuxKeyringState, type KeyringState } from './keychain-diagnosis'
import { keychainError } from './keychain-errors'
import type { SecretStore } from './secret-store'

type Keytar = {
  getPassword(service: string, account: string): Promise<string | null>
  setPassword(service: string, account: string, password: string): Promise<void>
  deletePassword(service: string, account: string): Promise<boolean>
}

export interface KeytarStoreOptions {
  service: string
  /** Injected for tests of the error paths; defaults to the real keytar module. */
  loadKeytar?: () => Promise<Keytar>
  /** Linux lock check; defaults to asking the Secret Service over D-Bus. */
  keyringState?: () => Promise<KeyringState>
  platform?: NodeJS.Platform
  /** A keychain that hangs (failed D-Bus activation takes ~25 s) must not hang the app. */
  timeoutMs?: number
}

const defaultLoad = async (): Promise<Keytar> => {
  const mod = (await import('keytar')) as unknown as Keytar & { default?: Keytar }
  return mod.default ?? mod
}

/**
 * SecretStore on the OS keychain via keytar (libsecret on Linux, Keychain on macOS, Credential
 * Vault on Windows). Every value read or written is registered with the redactor, so it can never
 * be logged even if passed somewhere by mistake.
 */
export function createKeytarSecretStore(options: KeytarStoreOptions): SecretStore {
  const { service } = options
  const platform = options.platform ?? process.platform
  const timeoutMs = options.timeoutMs ?? 10_000
  const keyringState = options.keyringState ?? (() => linuxKeyringState())
  let keytarPromise: Promise<Keytar> | undefined

  const keytar = () => {
    keytarPromise ??= (options.loadKeytar ?? defaultLoad)().catch((error: unknown) => {
      keytarPromise = undefined
      throw error
    })
    return keytarPromise
  }

  const call = async <T>(doing: string, run: (k: Keytar) => Promise<T>): Promise<T> => {
    let timer: NodeJS.Timeout | undefined
    try {
      const k = await keytar()
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(
          () => reject(new Error(`keychain call timed out after ${timeoutMs} ms`)),
          timeoutMs,
        )
      })
      return await Promise.race([run(k), timeout])
    } catch (error) {
      throw AppError.is(error) ? error : keychainError(error, doing)
    } finally {
      clearTimeout(timer)
    }
  }

  // libsecret reports "not found" for every read from a locked keyring; confirm before believing
  // it. The answer (one dbus-send) is shared by the reads of the next two seconds, so a status
  // page listing several unset secrets asks once.
  let stateCheck: { at: number; state: Promise<KeyringState> } | undefined
  const currentKeyringState = () => {
    const now = Date.now()
    if (!stateCheck || now - stateCheck.at > 2000) stateCheck = { at: now, state: keyringState() }
    return stateCheck.state
  }
  const assertReadable = async (doing: string) => {
    if (platform !== 'linux') return
    const state = await currentKeyringState()
    if (state === 'locked') throw keychainError(new Error('keychain is locked'), doing)
    if (state === 'missing')
      throw keychainError(
        new Error('Object does not exist at path /org/freedesktop/secrets/collection/login'),
        doing,
      )
  }

  return {
    service,
    async get(account) {
      const doing = `read ${account}`
      const value = await call(doing, (k) => k.getPassword(service, account))
      if (value === null) {
        await assertReadable(doing)
        return null
      }
      registerSecret(value)
      return value
    },
    async set(account, value) {
      registerSecret(value)
      await call(`save ${account}`, (k) => k.setPassword(service, account, value))
    },
    async delete(account) {
      const doing = `delete ${account}`
      const deleted = await call(doing, (k) => k.deletePassword(service, account))
      if (!deleted) await assertReadable(doing)
      return deleted
    },
  }
}
