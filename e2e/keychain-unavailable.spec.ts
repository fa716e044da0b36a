import { SettingsPage } from './pages/settings-page'
import { expect, test } from './support/fixtures'

// A core whose D-Bus session bus does not exist: libsecret cannot reach any keychain.
test.use({ webConsoleEnv: { DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent/wapc-e2e-bus' } })

test('an unavailable OS keychain is reported prominently, with its fix', async ({
  page,
  webConsole,
}) => {
  const settings = new SettingsPage(page)
  await settings.shell.open(webConsole.url)
  await settings.shell.goTo('settings')

  const notice = page.getByTestId('secrets-error')
  await expect(notice).toBeVisible()
  await expect(notice).toHaveAttribute('data-error-code', 'SECRET_UNAVAILABLE')
  await expect(notice).toHaveAttribute('role', 'alert')
  await expect(notice).toContainText('OS keychain unavailable')
  await expect(notice).toContainText('The OS keychain is unavailable')
  await expect(notice).toContainText('How to fix')
  // No form invites a secret that could not be stored.
  await expect(page.getByTestId('secrets-list')).toHaveCount(0)
  // The start-up notice says the same in the Environment section.
  await expect(page.getByTestId('settings-notices')).toContainText('The OS keychain is unavailable')
  // The rest of the page still works without the keychain.
  await expect(settings.configuration).toBeVisible()
})
