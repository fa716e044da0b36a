import { expect, type Locator, type Page } from '@playwright/test'
import { ConsoleShell } from './console-shell'

/** Locators and actions of the Settings page; tests say what, this says where. */
export class SettingsPage {
  readonly shell: ConsoleShell
  readonly mode: Locator
  readonly modeReason: Locator
  readonly dataDir: Locator
  readonly graphVersion: Locator
  readonly configuration: Locator
  readonly secrets: Locator

  constructor(readonly page: Page) {
    this.shell = new ConsoleShell(page)
    this.mode = page.getByTestId('settings-mode')
    this.modeReason = page.getByTestId('settings-mode-reason')
    this.dataDir = page.getByTestId('settings-data-dir')
    this.graphVersion = page.getByTestId('settings-graph-version')
    this.configuration = page.getByTestId('configuration-table')
    this.secrets = page.getByTestId('secrets-list')
  }

  async open(): Promise<void> {
    await this.shell.goTo('settings')
    await expect(this.configuration).toBeVisible()
    await expect(this.secrets).toBeVisible()
  }

  // Connection check

  async checkConnection(): Promise<Locator> {
    await this.page.getByTestId('connection-check').click()
    const results = this.page.getByTestId('connection-results')
    await expect(results).toBeVisible()
    return results
  }

  connectionCheck(id: 'app' | 'system-user-token' | 'credit-line'): Locator {
    return this.page.getByTestId(`connection-${id}`)
  }

  // Configuration table

  settingValue(key: string): Locator {
    return this.page.getByTestId(`setting-value-${key}`)
  }

  settingSource(key: string): Locator {
    return this.page.getByTestId(`setting-source-${key}`)
  }

  settingInput(key: string): Locator {
    return this.page.getByTestId(`setting-input-${key}`)
  }

  settingError(key: string): Locator {
    return this.page.getByTestId(`setting-error-${key}`)
  }

  async startEditing(key: string): Promise<void> {
    await this.page.getByTestId(`setting-edit-${key}`).click()
    await expect(this.settingInput(key)).toBeFocused()
  }

  /** Types a value and saves; the caller asserts the outcome (saved or rejected). */
  async submitSetting(key: string, value: string): Promise<void> {
    await this.startEditing(key)
    await this.settingInput(key).fill(value)
    await this.page.getByTestId(`setting-save-${key}`).click()
  }

  async chooseSetting(key: string, option: string): Promise<void> {
    await this.startEditing(key)
    await this.settingInput(key).selectOption(option)
    await this.page.getByTestId(`setting-save-${key}`).click()
  }

  async resetSetting(key: string): Promise<void> {
    await this.page.getByTestId(`setting-reset-${key}`).click()
  }

  // Secrets

  secretInput(name: string): Locator {
    return this.page.getByTestId(`secret-input-${name}`)
  }

  secretStatus(name: string): Locator {
    return this.page.getByTestId(`secret-status-${name}`)
  }

  secretHint(name: string): Locator {
    return this.page.getByTestId(`secret-hint-${name}`)
  }

  async saveSecret(name: string, value: string): Promise<void> {
    await this.secretInput(name).fill(value)
    await this.page.getByTestId(`secret-save-${name}`).click()
    await expect(this.page.getByTestId(`secret-saved-${name}`)).toBeVisible()
  }

  async clearSecret(name: string): Promise<void> {
    await this.page.getByTestId(`secret-clear-${name}`).click()
    const dialog = this.page.getByTestId(`secret-confirm-${name}`)
    await expect(dialog).toBeVisible()
    await dialog.getByRole('button', { name: 'Clear secret' }).click()
    await expect(this.secretStatus(name)).toHaveText('Not set')
  }
}
