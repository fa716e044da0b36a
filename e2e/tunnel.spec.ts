import { join } from 'node:path'
import Database from 'better-sqlite3'
import { sandboxCustomerWrites } from '../src/main/test-support/webhook-relay-harness'
import { ConsoleShell } from './pages/console-shell'
import { SettingsPage } from './pages/settings-page'
import { expect, test } from './support/fixtures'

/** The relay events' bodies in the console's database (read-only, beside the running core). */
function appliedBodies(dataDir: string): string[] {
  const db = new Database(join(dataDir, 'wapc.sqlite3'), { readonly: true })
  try {
    return (db.prepare('SELECT body FROM relay_events').all() as { body: Buffer }[]).map((row) =>
      row.body.toString(),
    )
  } finally {
    db.close()
  }
}

test('a sandbox customer message arrives through the embedded relay; the status bar and Settings follow it, and a re-sync doubles nothing', async ({
  page,
  webConsole,
}) => {
  const shell = new ConsoleShell(page)
  await shell.open(webConsole.url)
  const tunnel = page.getByTestId('status-tunnel')
  await expect(tunnel).toHaveAttribute('data-state', 'connected')
  await expect(tunnel).toContainText('Webhooks: Connected')

  const settings = new SettingsPage(page)
  await settings.open()
  await expect(page.getByTestId('tunnel-relay')).toHaveText(
    /^Embedded relay \(http:\/\/127\.0\.0\.1:\d+\)$/,
  )
  const sandboxUrl = (await page.getByTestId('settings-sandbox-url').textContent()) ?? ''
  const wamid = await sandboxCustomerWrites({
    url: sandboxUrl,
    controlToken: webConsole.sandboxControlToken,
  })
  await expect
    .poll(() => appliedBodies(webConsole.dataDir).some((body) => body.includes(wamid)))
    .toBe(true)
  const count = appliedBodies(webConsole.dataDir).length

  // The count on screen follows the pushes (tunnel:state-changed), without a reload.
  const received = page.getByText(/\(\d+ received\)/)
  await expect(received).toHaveText(new RegExp(`\\(${count} received\\)`))
  await expect(page.getByTestId('tunnel-state')).toHaveText('Connected — up to date')

  await page.getByRole('button', { name: 'Re-sync' }).click()
  await expect(page.getByRole('status').filter({ hasText: 'never applied twice' })).toBeVisible()
  await expect(page.getByTestId('tunnel-state')).toHaveAttribute('data-state', 'connected')
  await expect(tunnel).not.toContainText('re-syncing')
  expect(appliedBodies(webConsole.dataDir)).toHaveLength(count)
  await expect(received).toHaveText(new RegExp(`\\(${count} received\\)`))
})
