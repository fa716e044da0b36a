import { ConsoleShell } from './pages/console-shell'
import { SettingsPage } from './pages/settings-page'
import { expect, test } from './support/fixtures'

test('the console loads in Chromium with its navigation and runs in sandbox mode', async ({
  page,
  webConsole,
}) => {
  const shell = new ConsoleShell(page)
  await shell.open(webConsole.url)

  // The token was traded for a cookie and dropped from the address bar.
  await expect(page).toHaveURL(new RegExp(`^${webConsole.origin}/(#.*)?$`))
  await expect(shell.navigation.getByRole('link')).toHaveText([
    'Clients',
    'Conversations',
    'Review',
    'Analytics',
    'Settings',
  ])
  await expect(shell.modeBadge).toHaveText('Sandbox')
  await expect(shell.modeBadge).toHaveAttribute('title', `Data directory: ${webConsole.dataDir}`)

  const settings = new SettingsPage(page)
  await settings.open()
  await expect(settings.mode).toHaveAttribute('data-mode', 'sandbox')
  await expect(settings.mode).toContainText('Sandbox')
  await expect(settings.modeReason).toContainText(/sandbox/i)
  await expect(settings.dataDir).toHaveText(webConsole.dataDir)
  // The embedded sandbox runs and is what the Graph client talks to.
  const sandboxUrl = page.getByTestId('settings-sandbox-url')
  await expect(sandboxUrl).toHaveText(/^http:\/\/127\.0\.0\.1:\d+$/)
  await expect(page.getByTestId('settings-graph-base-url')).toHaveText(
    (await sandboxUrl.textContent()) ?? '',
  )
  // Its control API needs the token printed beside the sandbox URL.
  const control = `${await sandboxUrl.textContent()}/_sandbox/config`
  expect((await page.request.get(control)).status()).toBe(401)
  const config = await page.request.get(control, {
    headers: { authorization: `Bearer ${webConsole.sandboxControlToken}` },
  })
  expect(config.ok()).toBe(true)
})

test('every area is reachable by keyboard and explains what it will hold', async ({
  page,
  webConsole,
}) => {
  const shell = new ConsoleShell(page)
  await shell.open(webConsole.url)

  await shell.navLink('review').focus()
  await page.keyboard.press('Enter')
  await expect(shell.pageRoot('review')).toBeVisible()
  await expect(shell.navLink('review')).toHaveAttribute('aria-current', 'page')
  // Focus follows navigation to the new page's heading.
  await expect(shell.heading()).toBeFocused()
  await expect(shell.heading()).toHaveText('Review')

  // On a new data directory each area says what it will hold, never sample data.
  await shell.goTo('review')
  await expect(page.getByTestId('empty-review')).toBeVisible()
  await shell.goTo('conversations')
  await expect(page.getByTestId('conversations-empty')).toContainText('No conversations yet')
  await shell.goTo('analytics')
  await expect(page.getByTestId('analytics-page')).toContainText('No messages in this range')
  // Clients starts onboarding (e2e/onboarding.spec.ts) and lists clients.
  await shell.goTo('clients')
  await expect(page.getByRole('button', { name: 'Continue with Facebook' })).toBeVisible()
  await expect(page.getByTestId('clients-empty')).toBeVisible()

  // Pages are addressable: a reload stays where the user was.
  await shell.goTo('analytics')
  await page.reload()
  await shell.waitConnected()
  await expect(shell.pageRoot('analytics')).toBeVisible()
})

test('the console runs under its strict CSP without a single violation', async ({
  page,
  webConsole,
}) => {
  const violations: string[] = []
  page.on('console', (message) => {
    if (/Content Security Policy/i.test(message.text())) violations.push(message.text())
  })
  const shell = new ConsoleShell(page)
  await shell.open(webConsole.url)
  await new SettingsPage(page).open()
  await expect(page.locator('body')).not.toHaveCSS('background-color', 'rgba(0, 0, 0, 0)')
  expect(violations).toEqual([])
})
