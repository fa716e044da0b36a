import { expect, type Locator, type Page } from '@playwright/test'

export const areas = ['clients', 'conversations', 'review', 'analytics', 'settings'] as const
export type Area = (typeof areas)[number]

/** The frame around every page: navigation and status bar. */
export class ConsoleShell {
  readonly navigation: Locator
  readonly connection: Locator
  readonly modeBadge: Locator

  constructor(readonly page: Page) {
    this.navigation = page.getByRole('navigation', { name: 'Main' })
    this.connection = page.getByTestId('status-connection')
    this.modeBadge = page.getByTestId('status-mode')
  }

  /** Opens the printed URL (token → cookie → redirect) and waits for the live connection. */
  async open(url: string): Promise<void> {
    await this.page.goto(url)
    await this.waitConnected()
  }

  async waitConnected(): Promise<void> {
    await expect(this.connection).toHaveAttribute('data-state', 'open')
  }

  navLink(area: Area): Locator {
    return this.page.getByTestId(`nav-${area}`)
  }

  pageRoot(area: Area): Locator {
    return this.page.getByTestId(`page-${area}`)
  }

  heading(): Locator {
    return this.page.getByRole('heading', { level: 1 })
  }

  async goTo(area: Area): Promise<void> {
    await this.navLink(area).click()
    await expect(this.pageRoot(area)).toBeVisible()
  }
}
