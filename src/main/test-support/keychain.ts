import { execFileSync } from 'node:child_process'

/**
 * Tests that need the real OS keychain call this first. It fails — never skips — with the way to
 * get one: `npm test` provides a throwaway, unlocked gnome-keyring inside its own D-Bus session.
 */
export async function requireKeychain(): Promise<void> {
  const keytar = (await import('keytar')).default
  const service = `wapc-probe-${process.pid}`
  try {
    await keytar.setPassword(service, 'probe', 'probe-value')
    const back = await keytar.getPassword(service, 'probe')
    await keytar.deletePassword(service, 'probe')
    if (back !== 'probe-value') throw new Error('the keyring is locked (reads return nothing)')
  } catch (error) {
    throw new Error(
      `This test needs the OS keychain, which is not usable here: ${(error as Error).message}.\n` +
        'Run the tests with `npm test` (it starts a throwaway unlocked gnome-keyring in its own D-Bus session), or by hand:\n' +
        "  sudo apt-get install -y gnome-keyring libsecret-1-dev dbus\n  dbus-run-session -- sh -c 'printf pw | gnome-keyring-daemon --unlock --components=secrets >/dev/null; npx vitest run'",
      { cause: error },
    )
  }
}

/** Whether a program is on PATH; used to fail with an install hint instead of a cryptic ENOENT. */
export function haveProgram(name: string): boolean {
  try {
    execFileSync('sh', ['-c', `command -v ${name}`], { stdio: 'ignore' })
    return true
  } catch {
    return false
  }
}
