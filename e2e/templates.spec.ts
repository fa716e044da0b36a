import { ConsoleShell } from './pages/console-shell'
import { ConversationsPage, Sandbox, onboardClient } from './pages/conversations-page'
import { expect, test } from './support/fixtures'

test('a template written in the console is reviewed by Meta, then offered in the composer', async ({
  page,
  request,
  webConsole,
}, testInfo) => {
  // Onboarding a client through the emulated Embedded Signup comes first.
  test.setTimeout(120_000)
  await new ConsoleShell(page).open(webConsole.url)
  const { phoneNumberId } = await onboardClient(page, 'E2E Florist')
  const sandbox = new Sandbox(request, webConsole)
  // Meta's review takes a while: the sandbox reviews 2.5 s after the submission.
  await sandbox.control('POST', 'config', { template_review_delay_ms: 2_500 })

  // From the client's page to its templates.
  await page.getByTestId('client-templates-link').click()
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Message templates: E2E Florist')
  await page.getByRole('button', { name: 'New template' }).click()
  const form = page.getByRole('form', { name: 'New template' })

  // Meta's rules are checked before anything is sent.
  await form.getByRole('button', { name: 'Submit for review' }).click()
  await expect(form.getByTestId('template-problems')).toContainText('Give the template a name.')
  await form.getByLabel('Name', { exact: true }).fill('Pickup Reminder')
  await form.getByLabel('Body', { exact: true }).fill('Hi {{1}}, your flowers are ready.')
  await expect(form.getByTestId('template-problems')).toContainText(
    'Names use lowercase letters, digits and underscores only',
  )
  await expect(form.getByTestId('template-problems')).toContainText(
    'Give an example for {{1}} in the body',
  )
  await form.getByLabel('Name', { exact: true }).fill('pickup_reminder')
  await form.getByLabel('Example for {{1}}').fill('Ana')
  await form.getByLabel('Add a button').selectOption('Quick reply')
  await form.getByRole('button', { name: 'Add button' }).click()
  await form.getByTestId('template-button').getByLabel('Label').fill('On my way')
  await expect(form.getByTestId('template-problems')).toHaveCount(0)
  const preview = form.getByTestId('template-preview')
  await expect(preview).toContainText('Hi Ana, your flowers are ready.')
  await expect(preview).toContainText('On my way')
  const path = testInfo.outputPath('new-template.png')
  await page.screenshot({ path, fullPage: true })
  await testInfo.attach('new template', { path, contentType: 'image/png' })
  await form.getByRole('button', { name: 'Submit for review' }).click()

  // Listed in review, then approved when Meta's status webhook arrives.
  await expect(form).toHaveCount(0)
  const row = page.getByTestId('template-row').filter({ hasText: 'pickup_reminder' })
  await expect(row).toHaveAttribute('data-status', 'PENDING')
  await expect(row.getByTestId('template-status')).toHaveText('In review')
  await expect(row).toHaveAttribute('data-status', 'APPROVED', { timeout: 15_000 })
  await expect(row.getByTestId('template-status')).toHaveText('Approved')

  // A customer writes; the template is in the composer's picker (no sync needed) and goes out.
  await sandbox.control('POST', 'customers/messages', {
    phone_number_id: phoneNumberId,
    from: '15557650001',
    profile_name: 'Bea Lima',
    type: 'text',
    text: { body: 'Are my flowers ready?' },
  })
  const conversations = new ConversationsPage(page)
  await conversations.open()
  await conversations.row('Bea Lima').click()
  await page.getByTestId('open-template-picker').click()
  const picker = page.getByTestId('template-picker')
  await expect(picker.getByTestId('manage-templates-link')).toHaveAttribute(
    'href',
    /#\/clients\/[^/]+\/templates$/,
  )
  const option = 'pickup_reminder (en_US) · utility'
  await picker.getByLabel('Template').selectOption({ label: option })
  await picker.getByLabel(/^Body/).fill('Bea')
  await expect(picker.getByTestId('template-preview')).toContainText(
    'Hi Bea, your flowers are ready.',
  )
  await picker.getByRole('button', { name: 'Send template' }).click()
  const sent = conversations.thread.locator('[data-testid="message"][data-type="template"]')
  await expect(sent).toHaveAttribute('data-status', 'delivered')
})
