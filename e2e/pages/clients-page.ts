import { expect, type Locator, type Page } from '@playwright/test'
import { ConsoleShell } from './console-shell'

/** Locators and actions of the Clients page and the emulated Embedded Signup it opens. */
export class ClientsPage {
  readonly shell: ConsoleShell
  readonly continueWithFacebook: Locator
  readonly phase: Locator
  readonly steps: Locator
  readonly stepLog: Locator
  readonly toasts: Locator
  readonly table: Locator

  constructor(readonly page: Page) {
    this.shell = new ConsoleShell(page)
    this.continueWithFacebook = page.getByTestId('continue-with-facebook')
    this.phase = page.getByTestId('signup-phase')
    this.steps = this.phase.getByRole('list', { name: 'Onboarding steps' })
    this.stepLog = this.phase.getByRole('list', { name: 'Step log' })
    this.toasts = page.getByRole('status', { name: 'Notifications' })
    this.table = page.getByTestId('clients-table')
  }

  async open(): Promise<void> {
    await this.shell.goTo('clients')
    await expect(this.continueWithFacebook).toBeEnabled()
  }

  /**
   * Presses Continue with Facebook, then the launcher's own button (FB.login needs a click in the
   * launcher), and returns the launcher popup and the sandbox's ES dialog it opened.
   */
  async startSignup(): Promise<{ launcher: Page; dialog: Page }> {
    const launcherOpened = this.page.waitForEvent('popup')
    await this.continueWithFacebook.click()
    const launcher = await launcherOpened
    await launcher.waitForURL(/\/signup\/launcher\?/)
    const button = launcher.getByRole('button', { name: 'Continue with Facebook' })
    await expect(button).toBeEnabled()
    const dialogOpened = launcher.waitForEvent('popup')
    await button.click()
    const dialog = await dialogOpened
    await expect(
      dialog.getByRole('heading', { name: 'Select your business portfolio' }),
    ).toBeVisible()
    return { launcher, dialog }
  }

  step(step: string): Locator {
    return this.steps.getByTestId(`step-${step}`)
  }

  logEntry(step: string, status: string): Locator {
    return this.stepLog.locator(`[data-step="${step}"][data-status="${status}"]`)
  }

  row(name: string): Locator {
    return this.table.getByRole('row').filter({ has: this.page.getByRole('rowheader', { name }) })
  }
}

/** Walks the sandbox's ES dialog (src/sandbox/signup/dialog-page.ts) to the end and presses Finish. */
export async function completeEmulatedSignup(dialog: Page, business: string): Promise<void> {
  const next = dialog.locator('#next')
  await dialog.locator('#business-name').fill(business)
  await next.click()
  await expect(
    dialog.getByRole('heading', { name: 'Choose a WhatsApp Business account' }),
  ).toBeVisible()
  await next.click()
  await expect(
    dialog.getByRole('heading', { name: 'Add a phone number for WhatsApp' }),
  ).toBeVisible()
  await next.click()
  await dialog.locator('#verify-code').fill('123456')
  await next.click()
  await expect(
    dialog.getByRole('heading', { name: 'Create your WhatsApp Business profile' }),
  ).toBeVisible()
  await next.click()
  await expect(dialog.getByRole('heading', { name: 'Choose a category' })).toBeVisible()
  await next.click()
  await expect(dialog.getByRole('heading', { name: 'Review what you are sharing' })).toBeVisible()
  await next.click()
  await expect(dialog.getByRole('heading', { name: "You're all set" })).toBeVisible()
  await clickClosing(dialog, '#finish')
}

/**
 * Clicks a button that closes its own window (the ES dialog's Finish, Cancel and X) and waits for
 * the close. The window can be gone before the click action has returned; that is the point.
 */
export async function clickClosing(window: Page, selector: string): Promise<void> {
  const closed = window.waitForEvent('close')
  await window
    .locator(selector)
    .click()
    .catch((error: unknown) => {
      if (!window.isClosed()) throw error
    })
  await closed
}
