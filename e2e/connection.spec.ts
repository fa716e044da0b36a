import { SettingsPage } from './pages/settings-page'
import { expect, test } from './support/fixtures'

test('Check connection runs the partner setup against the embedded sandbox through the Graph client', async ({
  page,
  webConsole,
}) => {
  const settings = new SettingsPage(page)
  await settings.shell.open(webConsole.url)
  await settings.open()
  const sandboxUrl = await page.getByTestId('settings-sandbox-url').innerText()

  await settings.checkConnection()

  await expect(page.getByTestId('connection-target')).toContainText(`Sandbox at ${sandboxUrl}`)
  for (const id of ['app', 'system-user-token', 'credit-line'] as const) {
    await expect(settings.connectionCheck(id)).toHaveAttribute('data-status', 'ok')
  }
  await expect(settings.connectionCheck('system-user-token')).toContainText('never expires')
  // The check made real Graph calls: the sandbox counted them.
  const stats = await page.request.get(`${sandboxUrl}/_sandbox/stats`, {
    headers: { authorization: `Bearer ${webConsole.sandboxControlToken}` },
  })
  expect(
    ((await stats.json()) as { graph_requests: number }).graph_requests,
  ).toBeGreaterThanOrEqual(2)
})
