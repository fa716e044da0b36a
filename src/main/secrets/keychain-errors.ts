import { AppError } from '@shared/contract/errors'

const LINUX_INSTALL = 'sudo apt-get install -y gnome-keyring libsecret-1-0 dbus'
/** The one command for Linux without a desktop session: a session bus with an unlocked keyring. */
const HEADLESS_START = '`dbus-run-session -- sh scripts/unlock-keyring.sh npm start`'

/**
 * Turns what keytar/libsecret (or the macOS/Windows keychain) said into an error that names the
 * fix. Matched on the messages these libraries really produce.
 */
export function keychainError(cause: unknown, doing: string): AppError {
  const message = cause instanceof Error ? cause.message : String(cause)
  const make = (what: string, fix: string) =>
    new AppError(
      'SECRET_UNAVAILABLE',
      `The OS keychain is unavailable: ${what} (while trying to ${doing}).`,
      {
        fix,
        cause,
        details: { reason: what },
      },
    )

  if (
    /locked collection|is locked|keychain is locked|user interaction is not allowed/i.test(message)
  ) {
    return make(
      'the keychain is locked',
      `Unlock your login keychain (log in to the desktop session, or open Passwords and Keys), then try again. On Linux without a desktop session, start the console from the checkout with ${HEADLESS_START}.`,
    )
  }
  if (
    /autolaunch D-Bus|DBUS_SESSION_BUS_ADDRESS|Failed to connect to socket|Could not connect|session bus/i.test(
      message,
    )
  ) {
    return make(
      'there is no D-Bus session bus',
      `Run the app inside a desktop session, or start it from the checkout with ${HEADLESS_START} (a session bus with an unlocked keyring).`,
    )
  }
  if (
    /org\.freedesktop\.secrets was not provided|ServiceUnknown|StartServiceByName/i.test(message)
  ) {
    return make(
      'no Secret Service (keychain daemon) is running',
      `Install and start a keychain: \`${LINUX_INSTALL}\` (or KeePassXC with Secret Service enabled).`,
    )
  }
  if (/collection\/login|Object does not exist at path|No such object/i.test(message)) {
    return make(
      'there is no default keyring yet',
      `Create a login keyring in Passwords and Keys (seahorse), or start the console with ${HEADLESS_START}, which creates one with the password you give.`,
    )
  }
  if (/libsecret|cannot open shared object|keytar\.node/i.test(message)) {
    return make(
      'the keychain library could not be loaded',
      `Install libsecret: \`${LINUX_INSTALL}\`, then run \`npm rebuild keytar\`.`,
    )
  }
  if (/timed out/i.test(message)) {
    return make(
      'the keychain did not answer in time',
      'Check that the keychain daemon is running and unlocked, then try again.',
    )
  }
  return make(message, 'Check that the OS keychain is installed, running and unlocked.')
}
