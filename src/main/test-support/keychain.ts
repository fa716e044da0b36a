import { execFileSync } from 'node:child_process'
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'

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
        '  sudo apt-get install -y gnome-keyring libsecret-1-dev dbus\n' +
        '  WAPC_KEYRING_PASSWORD=throwaway dbus-run-session -- sh scripts/unlock-keyring.sh npx vitest run <files>',
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

/**
 * An environment with no session bus and a fresh HOME under `home`: whatever keychain a test sets up
 * there (or fails to) is its own, never the user's or the test run's.
 */
export function isolatedKeyringEnv(home: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    HOME: home,
    XDG_DATA_HOME: join(home, 'data'),
    XDG_RUNTIME_DIR: join(home, 'run'),
  }
  for (const key of [
    'DBUS_SESSION_BUS_ADDRESS',
    'DISPLAY',
    'GNOME_KEYRING_CONTROL',
    'XDG_CONFIG_HOME',
  ])
    delete env[key]
  mkdirSync(join(home, 'run'), { recursive: true, mode: 0o700 })
  mkdirSync(join(home, '.cache'), { recursive: true })
  return env
}
