/**
 * Where secrets live: the OS keychain, behind this interface so a different driver (e.g. Electron
 * safeStorage) can replace keytar without touching callers. There is no plaintext fallback: a store
 * that cannot reach the keychain fails with SECRET_UNAVAILABLE and says how to fix it.
 *
 * Accounts (docs/architecture.md): `business-token:<waba_id>`, `pin:<phone_number_id>`,
 * `system-user-token`, `app-secret`, `relay-token`, `ai-api-key`, `webhook-verify-token`.
 */
export interface SecretStore {
  get(account: string): Promise<string | null>
  set(account: string, value: string): Promise<void>
  /** Resolves true when something was deleted. */
  delete(account: string): Promise<boolean>
  /** The keychain service name the accounts live under. */
  readonly service: string
}

export const businessTokenAccount = (wabaId: string) => `business-token:${wabaId}`
export const pinAccount = (phoneNumberId: string) => `pin:${phoneNumberId}`

/** The last four characters — enough to recognise a secret, never enough to use it. */
export function secretHint(value: string | null): string | null {
  return value && value.length >= 8 ? value.slice(-4) : null
}
