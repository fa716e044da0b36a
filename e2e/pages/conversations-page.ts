import { expect, type APIRequestContext, type Locator, type Page } from '@playwright/test'
import type { WebConsole } from '../support/fixtures'
import { ClientsPage, completeEmulatedSignup } from './clients-page'
import { ConsoleShell } from './console-shell'

/** Locators and actions of the Conversations page (list, thread, composer, template picker). */
export class ConversationsPage {
  readonly shell: ConsoleShell
  readonly list: Locator
  readonly thread: Locator
  readonly composer: Locator

  constructor(readonly page: Page) {
    this.shell = new ConsoleShell(page)
    this.list = page.getByTestId('conversation-list')
    this.thread = page.getByTestId('thread')
    this.composer = page.getByLabel('Message', { exact: true })
  }

  async open(): Promise<void> {
    await this.shell.goTo('conversations')
  }

  row(contactName: string): Locator {
    return this.list.getByTestId('conversation-row').filter({ hasText: contactName })
  }

  /** A bubble of the open thread by its text (or caption). */
  bubble(text: string): Locator {
    return this.thread.getByTestId('message').filter({ hasText: text })
  }

  ticks(bubble: Locator): Locator {
    return bubble.getByTestId('message-status')
  }
}

/** Onboards a client through the emulated Embedded Signup; its WABA and phone number ids. */
export async function onboardClient(
  page: Page,
  name: string,
): Promise<{ wabaId: string; phoneNumberId: string }> {
  const clients = new ClientsPage(page)
  await clients.open()
  const { launcher, dialog } = await clients.startSignup()
  const closed = launcher.waitForEvent('close')
  await completeEmulatedSignup(dialog, name)
  await closed
  await expect(clients.toasts).toContainText('Client onboarded successfully!')
  await clients.row(name).getByRole('link', { name }).click()
  await expect(page.getByTestId('client-detail-state')).toHaveAttribute('data-state', 'onboarded')
  return {
    wabaId: (await page.getByTestId('client-waba-id').innerText()).trim(),
    phoneNumberId: (await page.getByTestId('client-phone-number-id').innerText()).trim(),
  }
}

/** The embedded sandbox: its control API (with the printed token) and its Graph API. */
export class Sandbox {
  constructor(
    private readonly request: APIRequestContext,
    private readonly webConsole: WebConsole,
  ) {}

  private async call<T>(method: 'GET' | 'POST', path: string, body?: unknown, token?: string) {
    const response = await this.request.fetch(`${this.webConsole.sandboxUrl}${path}`, {
      method,
      headers: { authorization: `Bearer ${token ?? this.webConsole.sandboxControlToken}` },
      ...(body === undefined ? {} : { data: body }),
    })
    const json = (await response.json()) as T
    expect(response.status(), `${method} ${path}: ${JSON.stringify(json)}`).toBeLessThan(300)
    return json
  }

  control<T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> {
    return this.call<T>(method, `/_sandbox/${path}`, body)
  }

  private async systemUserToken(): Promise<string> {
    return (await this.control<{ system_user_token: string }>('GET', 'config')).system_user_token
  }

  /** A Graph call as the partner's system user (it manages every client WABA). */
  async graph<T>(path: string, body: unknown): Promise<T> {
    return this.call<T>('POST', `/v25.0/${path}`, body, await this.systemUserToken())
  }

  /** Uploads a file to a number's media (Meta's multipart upload); its media id. */
  async uploadMedia(phoneNumberId: string, bytes: Buffer, mimeType: string): Promise<string> {
    const response = await this.request.post(
      `${this.webConsole.sandboxUrl}/v25.0/${phoneNumberId}/media`,
      {
        headers: { authorization: `Bearer ${await this.systemUserToken()}` },
        multipart: {
          messaging_product: 'whatsapp',
          type: mimeType,
          file: { name: 'photo.png', mimeType, buffer: bytes },
        },
      },
    )
    const json = (await response.json()) as { id: string }
    expect(response.status(), JSON.stringify(json)).toBe(200)
    return json.id
  }
}
