import { ConsoleShell } from './pages/console-shell'
import { ConversationsPage, Sandbox, onboardClient } from './pages/conversations-page'
import { expect, test } from './support/fixtures'

/** A rate card in the long format: North America (the customer's +1 number) and the rest. */
const RATE_CARD = [
  'market,category,rate',
  'North America,marketing,0.0250',
  'North America,utility,0.0034',
  'Other,marketing,0.0604',
].join('\n')

test('the analytics page charts a sandbox session: volumes, delivery, response time and cost by the imported rate card', async ({
  page,
  request,
  webConsole,
}, testInfo) => {
  test.setTimeout(180_000)
  // The charts must draw under the renderer's CSP (no inline script or style, no eval).
  const violations: string[] = []
  page.on('console', (message) => {
    if (/Content Security Policy/i.test(message.text())) violations.push(message.text())
  })
  await new ConsoleShell(page).open(webConsole.url)
  const { wabaId, phoneNumberId } = await onboardClient(page, 'E2E Analytics Co')
  const sandbox = new Sandbox(request, webConsole)
  const conversations = new ConversationsPage(page)
  await conversations.open()

  // A customer writes, the agent answers (a free service message), the customer reads it.
  await sandbox.control('POST', 'customers/messages', {
    phone_number_id: phoneNumberId,
    from: '15557650001',
    profile_name: 'Maya Lee',
    type: 'text',
    text: { body: 'Do you ship to Boston?' },
  })
  await conversations.row('Maya Lee').click()
  await conversations.composer.fill('Yes, in two days.')
  await conversations.composer.press('Enter')
  const reply = conversations.bubble('Yes, in two days.')
  await expect(reply).toHaveAttribute('data-status', 'delivered')
  await sandbox.control('POST', 'customers/reads', {
    message_id: await reply.getAttribute('data-wamid'),
  })
  await expect(reply).toHaveAttribute('data-status', 'read')

  // A marketing template: billable once delivered.
  await sandbox.control('POST', 'config', { template_review_delay_ms: 0 })
  await sandbox.graph(`${wabaId}/message_templates`, {
    name: 'spring_offer',
    language: 'en_US',
    category: 'MARKETING',
    components: [{ type: 'BODY', text: 'Spring sale: 20% off this week.' }],
  })
  await page.getByTestId('open-template-picker').click()
  const picker = page.getByTestId('template-picker')
  await picker.getByRole('button', { name: 'Sync from WhatsApp' }).click()
  await picker.getByLabel('Template').selectOption({ label: 'spring_offer (en_US) · marketing' })
  await picker.getByRole('button', { name: 'Send template' }).click()
  const template = conversations.thread.locator('[data-testid="message"][data-type="template"]')
  await expect(template).toHaveAttribute('data-status', 'delivered')

  // The page: charts drawn, the session's figures, the cost once a rate card is imported.
  await new ConsoleShell(page).goTo('analytics')
  const volume = page.getByTestId('analytics-volume')
  await expect(volume.getByTestId('analytics-totals')).toContainText(/Received\s*1(?!\d)/)
  await expect(volume.getByTestId('analytics-totals')).toContainText(/Sent\s*2(?!\d)/)
  const daily = page.getByRole('img', { name: 'Messages in and out per day' })
  await expect(daily.locator('svg.recharts-surface').first()).toBeVisible()
  await expect(daily.locator('.recharts-bar-rectangle').first()).toBeVisible()
  await expect(
    page
      .getByRole('img', { name: /Median response times/ })
      .locator('.recharts-bar-rectangle')
      .first(),
  ).toBeVisible()
  await expect(
    page.getByTestId('analytics-clients').getByRole('row', { name: /E2E Analytics Co/ }),
  ).toContainText(/E2E Analytics Co\s*1\s*2\s*100 %\s*50 %\s*0 %\s*1\s*1/)
  await expect(page.getByTestId('analytics-templates')).toContainText(
    /spring_offer\s*en_US\s*1\s*1/,
  )
  // One draft per customer message once the AI pipeline drafts; none before it does.
  await expect(page.getByTestId('analytics-drafts')).toContainText(
    /No AI drafts yet|Drafts\s*1(?!\d)/,
  )
  // Both sends came from the console (the composer and its template picker): origin agent.
  await expect(page.getByTestId('analytics-origins')).toContainText('Agent (composer) 2')
  await expect(page.getByTestId('analytics-cost-total')).toHaveText('—')

  const cost = page.getByTestId('analytics-cost')
  await cost.getByLabel('CSV file').setInputFiles({
    name: 'usd-rates.csv',
    mimeType: 'text/csv',
    buffer: Buffer.from(RATE_CARD),
  })
  await cost.getByLabel('Currency of the credit line').fill('USD')
  await cost.getByRole('button', { name: 'Import rate card' }).click()
  await expect(cost.getByRole('status')).toContainText('Imported 3 rates in USD')
  await expect(page.getByTestId('analytics-cost-total')).toHaveText('$0.025')
  await expect(cost.getByRole('row', { name: /North America/ })).toContainText(
    /North America\s*marketing\s*1\s*\$0\.025\s*\$0\.025/,
  )
  await expect(cost).toContainText(/Free: customer service window\s*service\s*1/)
  await expect(
    page
      .getByRole('img', { name: 'Billable messages by pricing category' })
      .locator('.recharts-bar-rectangle'),
  ).toHaveCount(1)

  expect(violations).toEqual([])

  // The page scrolls inside the shell: a tall window shows all of it.
  await page.setViewportSize({ width: 1280, height: 3400 })
  await page.getByRole('heading', { level: 1, name: 'Analytics' }).scrollIntoViewIfNeeded()
  const path = testInfo.outputPath('analytics.png')
  await page.screenshot({ path })
  await testInfo.attach('analytics page', { path, contentType: 'image/png' })
})
