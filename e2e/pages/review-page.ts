import { expect, type Locator, type Page } from '@playwright/test'
import { ConsoleShell } from './console-shell'

/** Locators and actions of the Review page (the queue of AI drafts and the draft panel). */
export class ReviewPage {
  readonly shell: ConsoleShell
  readonly queue: Locator
  readonly panel: Locator
  readonly reply: Locator
  readonly badge: Locator

  constructor(readonly page: Page) {
    this.shell = new ConsoleShell(page)
    this.queue = page.getByTestId('review-queue')
    this.panel = page.getByTestId('draft-panel')
    this.reply = this.panel.getByTestId('draft-text')
    this.badge = page.getByTestId('review-badge')
  }

  async open(): Promise<void> {
    await this.shell.goTo('review')
  }

  /** The queue row of a customer's draft. */
  row(contactName: string): Locator {
    return this.queue.getByTestId('draft-row').filter({ hasText: contactName })
  }

  action(name: RegExp): Locator {
    return this.panel.getByRole('button', { name })
  }
}

/** The client page's AI policy form: picks a policy and saves it. */
export async function setClientPolicy(page: Page, policy: string): Promise<void> {
  const panel = page.getByTestId('ai-policy')
  await panel.getByLabel('Policy').selectOption(policy)
  await panel.getByRole('button', { name: 'Save policy' }).click()
  await expect(panel.getByTestId('ai-policy-updated')).toBeVisible()
}

/** From the client page: fills a fact of its seeded knowledge base through the editor. */
export async function fillFact(page: Page, key: string, value: string): Promise<void> {
  await page.getByTestId('client-knowledge-link').click()
  await page.getByRole('button', { name: `Edit fact ${key} (any)` }).click()
  const form = page.getByRole('form', { name: `Edit fact ${key}` })
  await form.getByLabel('Value').fill(value)
  await form.getByRole('button', { name: 'Save fact' }).click()
  await expect(page.getByTestId(`kb-fact-${key}-any`)).toContainText(value)
  await page.goBack()
  await expect(page.getByTestId('client-detail')).toBeVisible()
}
