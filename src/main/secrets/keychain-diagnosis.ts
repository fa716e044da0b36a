import { execFile } from 'node:child_process'

export type KeyringState = 'unlocked' | 'locked' | 'missing' | 'unknown'

/**
 * Asks the Secret Service (over D-Bus) whether the default collection is locked. libsecret answers
 * reads from a locked collection with "nothing there" — indistinguishable from an unset secret —
 * so a null read on Linux is double-checked here. Uses `dbus-send` (package dbus); when that is
 * missing the state is `unknown` and the read is trusted.
 */
export function linuxKeyringState(timeoutMs = 3000): Promise<KeyringState> {
  return new Promise((resolve) => {
    execFile(
      'dbus-send',
      [
        '--session',
        '--print-reply',
        `--reply-timeout=${timeoutMs}`,
        '--dest=org.freedesktop.secrets',
        '/org/freedesktop/secrets/aliases/default',
        'org.freedesktop.DBus.Properties.Get',
        'string:org.freedesktop.Secret.Collection',
        'string:Locked',
      ],
      { timeout: timeoutMs + 500 },
      (error, stdout, stderr) => {
        if (!error) {
          if (/boolean true/.test(stdout)) return resolve('locked')
          if (/boolean false/.test(stdout)) return resolve('unlocked')
          return resolve('unknown')
        }
        const text = `${stderr}${(error as Error).message}`
        if (/UnknownObject|No such object|does not exist/i.test(text)) return resolve('missing')
        resolve('unknown')
      },
    )
  })
}
