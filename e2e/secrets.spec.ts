import { randomBytes } from 'node:crypto'
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import type { Page } from '@playwright/test'
import { SettingsPage } from './pages/settings-page'
import { expect, test } from './support/fixtures'
import { fileContains, filesUnder } from './support/files'
import { keychain } from './support/keychain'

const SECRET = 'ai-api-key'

/** A value no page, file or log could contain by accident. */
const uniqueSecret = () => `wapc-e2e-${randomBytes(24).toString('base64url')}`

/** The secret must not be anywhere in the document: markup, text, or a field's current value. */
async function expectPageFreeOf(page: Page, value: string): Promise<void> {
  expect(await page.content()).not.toContain(value)
  expect(await page.locator('body').innerText()).not.toContain(value)
  for (const field of await page.locator('input, textarea').all()) {
    expect(await field.inputValue()).not.toContain(value)
  }
}

test('a secret saved in the UI lives in the OS keychain and nowhere else', async ({
  page,
  webConsole,
}) => {
  const value = uniqueSecret()
  const settings = new SettingsPage(page)
  await settings.shell.open(webConsole.url)
  await settings.open()
  await expect(settings.secretStatus(SECRET)).toHaveText('Not set')

  await settings.saveSecret(SECRET, value)

  await expect(settings.secretStatus(SECRET)).toHaveText('Configured')
  await expect(settings.secretHint(SECRET)).toHaveText(`ends in ••••${value.slice(-4)}`)
  await expect(settings.secretInput(SECRET)).toHaveValue('')

  // (1) In the OS keychain, under this core's service and the secret's name.
  const keytar = await keychain()
  expect(await keytar.getPassword(webConsole.keychainService, SECRET)).toBe(value)

  // (2) Not in the SQLite database or its WAL/shared-memory files…
  const database = join(webConsole.dataDir, 'wapc.sqlite3')
  expect(existsSync(database)).toBe(true)
  for (const file of [database, `${database}-wal`, `${database}-shm`]) {
    expect(await fileContains(file, value), file).toBe(false)
  }
  // (3) …nor in the log, which did record the call…
  expect(existsSync(webConsole.logFile)).toBe(true)
  expect(await fileContains(webConsole.logFile, value)).toBe(false)
  // …nor in any other file the core wrote.
  for (const file of await filesUnder(webConsole.dataDir)) {
    expect(await fileContains(file, value), file).toBe(false)
  }

  // (4) Not in the page, before or after a reload; only the last 4 characters are shown.
  await expectPageFreeOf(page, value)
  await page.reload()
  await settings.shell.waitConnected()
  await expect(settings.secretStatus(SECRET)).toHaveText('Configured')
  await expect(settings.secretHint(SECRET)).toHaveText(`ends in ••••${value.slice(-4)}`)
  await expectPageFreeOf(page, value)
})

test('Clear removes the secret from the OS keychain after confirmation', async ({
  page,
  webConsole,
}) => {
  const value = uniqueSecret()
  const settings = new SettingsPage(page)
  await settings.shell.open(webConsole.url)
  await settings.open()
  await settings.saveSecret(SECRET, value)
  const keytar = await keychain()
  expect(await keytar.getPassword(webConsole.keychainService, SECRET)).toBe(value)

  // Cancelling keeps it.
  await page.getByTestId(`secret-clear-${SECRET}`).click()
  const dialog = page.getByTestId(`secret-confirm-${SECRET}`)
  await dialog.getByRole('button', { name: 'Cancel' }).click()
  await expect(dialog).toBeHidden()
  await expect(settings.secretStatus(SECRET)).toHaveText('Configured')
  expect(await keytar.getPassword(webConsole.keychainService, SECRET)).toBe(value)

  await settings.clearSecret(SECRET)

  await expect(settings.secretHint(SECRET)).toHaveCount(0)
  expect(await keytar.getPassword(webConsole.keychainService, SECRET)).toBeNull()
  await page.reload()
  await settings.shell.waitConnected()
  await expect(settings.secretStatus(SECRET)).toHaveText('Not set')
})

test('a value the contract rejects is not sent, and the field is still cleared', async ({
  page,
  webConsole,
}) => {
  const settings = new SettingsPage(page)
  await settings.shell.open(webConsole.url)
  await settings.open()

  await settings.secretInput(SECRET).fill('short')
  await page.getByTestId(`secret-save-${SECRET}`).click()

  await expect(page.getByTestId(`secret-error-${SECRET}`)).toContainText('too short')
  await expect(settings.secretInput(SECRET)).toHaveValue('')
  await expect(settings.secretStatus(SECRET)).toHaveText('Not set')
  const keytar = await keychain()
  expect(await keytar.getPassword(webConsole.keychainService, SECRET)).toBeNull()
})
