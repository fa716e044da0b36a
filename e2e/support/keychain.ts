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

/** Deletes everything a test's core stored under its unique service name. */
export async function clearKeychainService(service: string): Promise<void> {
  const keytar = await keychain()
  for (const { account } of await keytar.findCredentials(service)) {
    await keytar.deletePassword(service, account)
  }
}
