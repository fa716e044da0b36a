import { ConsoleShell } from './pages/console-shell'
import { ConversationsPage, Sandbox, onboardClient } from './pages/conversations-page'
import { expect, test } from './support/fixtures'
import { recordNotifications, shownNotifications } from './support/notifications'

const HOUR_S = 3600

test('a customer writes, the agent replies, the ticks reach read, a template goes out after the window and media shows inline', async ({
  page,
  context,
  request,
  webConsole,
}, testInfo) => {
  // Onboarding a client through the emulated Embedded Signup comes first.
  test.setTimeout(180_000)
  const attachScreenshot = async (name: string) => {
    const path = testInfo.outputPath(`${name.replaceAll(' ', '-')}.png`)
    await page.screenshot({ path })
    await testInfo.attach(name, { path, contentType: 'image/png' })
  }
  await context.grantPermissions(['notifications'], { origin: webConsole.origin })
  await page.addInitScript(recordNotifications)
  await new ConsoleShell(page).open(webConsole.url)
  const { wabaId, phoneNumberId } = await onboardClient(page, 'E2E Bakery')
  const sandbox = new Sandbox(request, webConsole)
  const conversations = new ConversationsPage(page)
  await conversations.open()

  // 1. A simulated customer's message appears live (sandbox → signed webhook → embedded relay →
  // tunnel → core → push event), unread, with the window countdown and a desktop notification.
  const customer = {
    phone_number_id: phoneNumberId,
    from: '15557654321',
    profile_name: 'Ana Souza',
  }
  await sandbox.control('POST', 'customers/messages', {
    ...customer,
    type: 'text',
    text: { body: 'Is my cake ready?' },
  })
  const row = conversations.row('Ana Souza')
  await expect(row.getByTestId('unread-badge')).toHaveText('1')
  await expect(row).toContainText('Is my cake ready?')
  await expect(row).toContainText('E2E Bakery')
  await expect(row.getByTestId('window-countdown')).toHaveText(/^2[34] h \d\d min$/)
  await expect
    .poll(() => page.evaluate(shownNotifications))
    .toContainEqual({ title: 'Ana Souza', body: 'Is my cake ready?' })

  await row.click()
  await expect(conversations.bubble('Is my cake ready?')).toHaveAttribute('data-direction', 'in')
  await expect(page.getByTestId('window-status')).toContainText('Customer service window open')
  // Viewed: read (the unread badge goes; Meta gets the read receipt).
  await expect(row.getByTestId('unread-badge')).toHaveCount(0)

  // 2. The agent replies; the ticks follow Meta's statuses live.
  await conversations.composer.fill('Yes, ready at 5 pm!')
  await conversations.composer.press('Enter')
  const reply = conversations.bubble('Yes, ready at 5 pm!')
  await expect(reply).toHaveAttribute('data-direction', 'out')
  await expect(reply).toHaveAttribute('data-status', 'delivered')
  await expect(conversations.ticks(reply)).toHaveAccessibleName('Delivered')
  await expect(conversations.composer).toHaveValue('')

  // 3. The customer reads it: blue ticks.
  const wamid = await reply.getAttribute('data-wamid')
  expect(wamid).toMatch(/^wamid\./)
  await sandbox.control('POST', 'customers/reads', { message_id: wamid })
  await expect(reply).toHaveAttribute('data-status', 'read')
  await expect(conversations.ticks(reply)).toHaveAccessibleName('Read')
  await expect(conversations.ticks(reply)).toHaveClass(/ticks--read/)

  // 4. 25 hours later on the sandbox's clock the window is closed: the console follows that clock
  // (app:clock-changed), so the composer locks at once and offers templates; an approved
  // template goes out.
  await sandbox.control('POST', 'config', { template_review_delay_ms: 0 })
  await sandbox.graph(`${wabaId}/message_templates`, {
    name: 'order_ready',
    language: 'en_US',
    category: 'UTILITY',
    components: [
      {
        type: 'BODY',
        text: 'Hi {{1}}, your order is ready for pickup.',
        example: { body_text: [['Ana']] },
      },
    ],
  })
  await expect(page.getByTestId('window-status')).toHaveAttribute('data-open', 'true')
  await sandbox.control('POST', 'clock', { advance_seconds: 25 * HOUR_S })
  await expect(page.getByTestId('composer-locked')).toContainText(
    'The 24-hour customer service window is closed',
  )
  await expect(conversations.composer).toHaveCount(0)
  await expect(page.getByTestId('window-status')).toHaveAttribute('data-open', 'false')
  await page.getByTestId('open-template-picker').click()
  const picker = page.getByTestId('template-picker')
  await picker.getByRole('button', { name: 'Sync from WhatsApp' }).click()
  const select = picker.getByLabel('Template')
  await expect(select.getByRole('option', { name: 'order_ready (en_US) · utility' })).toHaveCount(1)
  await select.selectOption({ label: 'order_ready (en_US) · utility' })
  await picker.getByLabel(/^Body/).fill('Ana')
  await expect(picker.getByTestId('template-preview')).toContainText(
    'Hi Ana, your order is ready for pickup.',
  )
  await picker.getByRole('button', { name: 'Send template' }).click()
  await expect(picker).toHaveCount(0)
  const template = conversations.thread.locator('[data-testid="message"][data-type="template"]')
  await expect(template).toHaveAttribute('data-direction', 'out')
  await expect(template).toHaveAttribute('data-status', 'delivered')
  await attachScreenshot('after the template')

  // 5. The customer sends a photo: it shows inline (downloaded by the core, served locally), and
  // the window is open again.
  // A real picture (a PNG of the console's own logo area) the customer's phone uploaded.
  const picture = await page.screenshot({ clip: { x: 0, y: 0, width: 240, height: 160 } })
  const mediaId = await sandbox.uploadMedia(phoneNumberId, picture, 'image/png')
  await sandbox.control('POST', 'customers/messages', {
    ...customer,
    type: 'image',
    image: { id: mediaId, mime_type: 'image/png', caption: 'This is the cake I want' },
  })
  const photo = conversations.bubble('This is the cake I want').getByTestId('message-image')
  await expect(photo).toBeVisible()
  await expect
    .poll(() =>
      photo.evaluate((element) => {
        const image = element as unknown as { complete: boolean; naturalWidth: number }
        return image.complete ? image.naturalWidth : 0
      }),
    )
    .toBe(240)
  await expect(conversations.composer).toBeVisible()
  await expect(page.getByTestId('window-status')).toHaveAttribute('data-open', 'true')

  await attachScreenshot('with the photo')
})
