import { existsSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { Page } from '@playwright/test'
import { ClientsPage, clickClosing, completeEmulatedSignup } from './pages/clients-page'
import { expect, test } from './support/fixtures'
import { fileContains, filesUnder } from './support/files'
import { keychain } from './support/keychain'

/** Steps the pipeline runs after the code exchange (which happens as the result arrives). */
const PIPELINE_STEPS = ['subscribe_webhooks', 'share_credit_line', 'register_phone'] as const

/**
 * Whether `bytes` hold the PIN as a number of its own. Six digits also occur inside longer ids and
 * timestamps (a WABA id has ten 6-digit runs), which say nothing about the PIN.
 */
const holdsPin = (bytes: Buffer | string, pin: string): boolean =>
  new RegExp(`(?<![0-9])${pin}(?![0-9])`).test(
    typeof bytes === 'string' ? bytes : bytes.toString('latin1'),
  )

async function expectPageFreeOf(page: Page, token: string, pin: string): Promise<void> {
  for (const text of [await page.content(), await page.locator('body').innerText()]) {
    expect(text).not.toContain(token)
    expect(holdsPin(text, pin)).toBe(false)
  }
}

test('a client onboarded through the emulated Embedded Signup is listed, and only the keychain holds its token and PIN', async ({
  page,
  webConsole,
}) => {
  const clients = new ClientsPage(page)
  await clients.shell.open(webConsole.url)
  await clients.open()

  // 1. Continue with Facebook; 2. the client completes the emulated signup in the popup.
  const { launcher, dialog } = await clients.startSignup()
  const launcherClosed = launcher.waitForEvent('close')
  await completeEmulatedSignup(dialog, 'E2E Bakery')
  // The console took the launcher's result and closed it.
  await launcherClosed

  // 3. Each step's progress, live, then the toast.
  await expect(clients.step('exchange_code')).toHaveAttribute('data-status', 'done')
  for (const step of PIPELINE_STEPS) {
    await expect(clients.logEntry(step, 'running')).toHaveCount(1)
    await expect(clients.logEntry(step, 'done')).toHaveCount(1)
    await expect(clients.step(step)).toHaveAttribute('data-status', 'done')
  }
  await expect(clients.toasts).toContainText('Client onboarded successfully!')
  await expect(clients.phase.getByTestId('onboarding-progress')).toHaveAttribute(
    'data-state',
    'onboarded',
  )

  // Listed as onboarded.
  const row = clients.row('E2E Bakery')
  await expect(row).toHaveAttribute('data-state', 'onboarded')
  await expect(row.getByTestId('client-state')).toHaveText('Onboarded')

  // Its ids, from the detail page.
  await row.getByRole('link', { name: 'E2E Bakery' }).click()
  await expect(page.getByTestId('client-detail-state')).toHaveAttribute('data-state', 'onboarded')
  const wabaId = (await page.getByTestId('client-waba-id').innerText()).trim()
  const phoneNumberId = (await page.getByTestId('client-phone-number-id').innerText()).trim()
  expect(wabaId).toMatch(/^\d+$/)
  expect(phoneNumberId).toMatch(/^\d+$/)

  // The OS keychain holds the business token and the PIN (sandbox mode's own namespace).
  const keytar = await keychain()
  const service = `${webConsole.keychainService} (sandbox)`
  const token = await keytar.getPassword(service, `business-token:${wabaId}`)
  const pin = await keytar.getPassword(service, `pin:${phoneNumberId}`)
  expect(token).toBeTruthy()
  expect(token!.length).toBeGreaterThanOrEqual(20)
  expect(pin).toMatch(/^\d{6}$/)

  // Not the SQLite database (with its WAL and shared memory), the log, or any other file…
  const database = join(webConsole.dataDir, 'wapc.sqlite3')
  expect(existsSync(database)).toBe(true)
  expect(existsSync(webConsole.logFile)).toBe(true)
  const log = await readFile(webConsole.logFile, 'utf8')
  expect(log).toContain('Onboarding completed')
  // Every file the console wrote; not the embedded sandbox's own store under sandbox/, which plays
  // Meta and must know the tokens it issued.
  const sandboxDir = join(webConsole.dataDir, 'sandbox')
  const written = (await filesUnder(webConsole.dataDir)).filter(
    (file) => !file.startsWith(`${sandboxDir}/`),
  )
  const files = [...new Set([database, `${database}-wal`, `${database}-shm`, ...written])]
  for (const file of files) {
    if (!existsSync(file)) continue
    expect(await fileContains(file, token!), file).toBe(false)
    expect(holdsPin(await readFile(file), pin!), file).toBe(false)
  }
  // …nor the page, before or after a reload.
  await expectPageFreeOf(page, token!, pin!)
  await page.reload()
  await clients.shell.waitConnected()
  await expect(page.getByTestId('client-waba-id')).toHaveText(wabaId)
  await expectPageFreeOf(page, token!, pin!)
})

test('a signup the client cancels is recorded with the screen it was left on, and shown', async ({
  page,
  webConsole,
}) => {
  const clients = new ClientsPage(page)
  await clients.shell.open(webConsole.url)
  await clients.open()

  const { launcher, dialog } = await clients.startSignup()
  const launcherClosed = launcher.waitForEvent('close')
  await clickClosing(dialog, '#cancel')
  await launcherClosed

  const cancelled = page.getByTestId('signup-cancelled')
  await expect(cancelled).toContainText(
    'The client left Embedded Signup while choosing the business portfolio (BUSINESS_ACCOUNT_SELECTION).',
  )
  const attempts = page.getByTestId('signup-attempts')
  await expect(attempts.locator('[data-status="cancelled"]')).toContainText(
    'BUSINESS_ACCOUNT_SELECTION',
  )
  await expect(page.getByTestId('clients-empty')).toBeVisible()

  // The button runs signup again.
  const again = page.waitForEvent('popup')
  await cancelled.getByRole('button', { name: 'Run signup again' }).click()
  const second = await again
  await second.waitForURL(/\/signup\/launcher\?/)
  await second.close()
})

test("the ES error form is recorded and shown with Meta's message and code", async ({
  page,
  webConsole,
}) => {
  const clients = new ClientsPage(page)
  await clients.shell.open(webConsole.url)
  await clients.open()

  const { dialog } = await clients.startSignup()
  await dialog.locator('#simulate-error').click()

  const error = page.getByTestId('signup-error')
  await expect(error).toContainText('Your verified name violates WhatsApp guidelines')
  await expect(error).toContainText('Meta error 524126')
  await expect(page.getByTestId('signup-attempts').locator('[data-status="error"]')).toContainText(
    '524126',
  )
  await dialog.close()
})
