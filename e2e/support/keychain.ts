interface Keytar {
  getPassword(service: string, account: string): Promise<string | null>
  deletePassword(service: string, account: string): Promise<boolean>
  findCredentials(service: string): Promise<{ account: string; password: string }[]>
}

/** keytar from the test process: the same OS keychain the core writes to. */
export async function keychain(): Promise<Keytar> {
  const module = (await import('keytar')) as { default?: Keytar } & Partial<Keytar>
  return (module.default ?? module) as Keytar
}

/**
 * Deletes everything a test's core stored under its unique service name, including the sandbox
 * namespace (`<service> (sandbox)`) where sandbox mode keeps the sandbox's partner credentials.
 */
export async function clearKeychainService(service: string): Promise<void> {
  const keytar = await keychain()
  for (const name of [service, `${service} (sandbox)`]) {
    for (const { account } of await keytar.findCredentials(name)) {
      await keytar.deletePassword(name, account)
    }
  }
}
