import { ConversationsPage, Sandbox, onboardClient } from './pages/conversations-page'
import { ConsoleShell } from './pages/console-shell'
import { ReviewPage, fillFact, setClientPolicy } from './pages/review-page'
import { expect, test } from './support/fixtures'
import { recordNotifications, shownNotifications } from './support/notifications'

const HOURS = '9 am to 6 pm, Monday to Saturday'

interface CustomerMessage {
  sender: 'business' | 'customer'
  status: string
  payload?: { text?: { body?: string } }
}

/** The business's text messages on the customer's phone (the sandbox's view), with their status. */
async function businessMessages(sandbox: Sandbox, waId: string, phoneNumberId: string) {
  const view = await sandbox.control<{ messages: CustomerMessage[] }>(
    'GET',
    `customers/${waId}?phone_number_id=${phoneNumberId}`,
  )
  return view.messages
    .filter((m) => m.sender === 'business')
    .map((m) => ({ text: m.payload?.text?.body, status: m.status }))
}

test('a customer asks a question from the FAQ: the draft is in the queue within 1 s, the agent edits and sends it, the edited text is delivered and read', async ({
  page,
  context,
  request,
  webConsole,
}) => {
  test.setTimeout(180_000)
  await context.grantPermissions(['notifications'], { origin: webConsole.origin })
  await page.addInitScript(recordNotifications)
  await new ConsoleShell(page).open(webConsole.url)
  const { phoneNumberId } = await onboardClient(page, 'E2E Bakery')
  // A new client starts on review; staff complete the seeded knowledge base.
  await expect(page.getByTestId('ai-policy').getByLabel('Policy')).toHaveValue('review')
  await fillFact(page, 'hours', HOURS)
  const sandbox = new Sandbox(request, webConsole)
  const review = new ReviewPage(page)
  await review.open()

  const customer = {
    phone_number_id: phoneNumberId,
    from: '15557650001',
    profile_name: 'Ana Souza',
  }
  await sandbox.control('POST', 'customers/messages', {
    ...customer,
    type: 'text',
    text: { body: 'When are you open?' },
  })
  // Stored: the core pushed the message (its desktop notification) …
  await expect
    .poll(() => page.evaluate(shownNotifications), { intervals: [25] })
    .toContainEqual({ title: 'Ana Souza', body: 'When are you open?' })
  // … and within a second its draft waits in the queue.
  await expect(review.row('Ana Souza')).toHaveAttribute('data-state', 'pending', { timeout: 1_000 })
  await expect(review.badge).toHaveText('1')

  await review.row('Ana Souza').click()
  await expect(review.panel).toContainText('When are you open?')
  await expect(review.reply).toHaveValue(`E2E Bakery is open ${HOURS}.`)
  await expect(review.panel.getByTestId('draft-rule')).toHaveAttribute('data-rule', 'policy-review')
  await expect(review.panel.getByTestId('draft-sources')).toContainText(
    'What are your opening hours?',
  )
  await expect(review.panel.getByTestId('draft-confidence')).toContainText('%')

  const edited = 'We open at 9 am tomorrow (Saturday too). See you!'
  await review.reply.fill(edited)
  await expect(review.action(/^Send edited/)).toBeEnabled()
  await review.reply.press('Control+Enter')
  await expect(review.row('Ana Souza')).toHaveCount(0)
  await expect(review.badge).toHaveCount(0)

  // The sandbox delivered the edited text, not the draft; the ticks follow in the thread.
  await expect
    .poll(() => businessMessages(sandbox, customer.from, phoneNumberId))
    .toEqual([{ text: edited, status: 'delivered' }])
  const conversations = new ConversationsPage(page)
  await conversations.open()
  await conversations.row('Ana Souza').click()
  const bubble = conversations.bubble(edited)
  await expect(bubble).toHaveAttribute('data-direction', 'out')
  await expect(bubble).toHaveAttribute('data-status', 'delivered')
  await sandbox.control('POST', 'customers/reads', {
    message_id: await bubble.getAttribute('data-wamid'),
  })
  await expect(bubble).toHaveAttribute('data-status', 'read')
  await expect(conversations.ticks(bubble)).toHaveAccessibleName('Read')
})

test('auto replies without review; after take over nothing answers; a request for a person is handed off, never answered', async ({
  page,
  request,
  webConsole,
}) => {
  test.setTimeout(180_000)
  await new ConsoleShell(page).open(webConsole.url)
  const { phoneNumberId } = await onboardClient(page, 'E2E Florist')
  await fillFact(page, 'hours', HOURS)
  await setClientPolicy(page, 'auto')
  const sandbox = new Sandbox(request, webConsole)
  const conversations = new ConversationsPage(page)
  await conversations.open()

  // 1. auto: the reply goes out with nobody reviewing it.
  const ana = { phone_number_id: phoneNumberId, from: '15557650002', profile_name: 'Ana Souza' }
  await sandbox.control('POST', 'customers/messages', {
    ...ana,
    type: 'text',
    text: { body: 'What time do you open?' },
  })
  const answer = `E2E Florist is open ${HOURS}.`
  await expect
    .poll(() => businessMessages(sandbox, ana.from, phoneNumberId))
    .toEqual([{ text: answer, status: 'delivered' }])
  await conversations.row('Ana Souza').click()
  await expect(conversations.bubble(answer)).toHaveAttribute('data-direction', 'out')

  // 2. The agent takes the conversation over: the next message gets no automatic reply.
  const controls = page.getByTestId('conversation-ai')
  await controls.getByRole('button', { name: 'Take over' }).click()
  await expect(controls.getByTestId('conversation-paused')).toContainText('Taken over by')
  await sandbox.control('POST', 'customers/messages', {
    ...ana,
    type: 'text',
    text: { body: 'When are you open on Saturday?' },
  })
  await expect(conversations.bubble('When are you open on Saturday?')).toHaveAttribute(
    'data-direction',
    'in',
  )
  // The bot had every chance to answer (an auto reply goes out in well under a second).
  await page.waitForTimeout(2_000)
  expect(await businessMessages(sandbox, ana.from, phoneNumberId)).toHaveLength(1)
  await expect(new ReviewPage(page).badge).toHaveCount(0)

  // 3. "Can I talk to a person?" is handed off: the handover message, never an answer.
  const kerry = {
    phone_number_id: phoneNumberId,
    from: '15557650003',
    profile_name: 'Kerry Fisher',
  }
  await sandbox.control('POST', 'customers/messages', {
    ...kerry,
    type: 'text',
    text: { body: 'can I talk to a person? what are your opening hours' },
  })
  await expect
    .poll(async () =>
      (await businessMessages(sandbox, kerry.from, phoneNumberId)).map((m) => m.text),
    )
    .toEqual([
      expect.stringContaining('passing this conversation to a member of the E2E Florist team'),
    ])
  const kerryTexts = await businessMessages(sandbox, kerry.from, phoneNumberId)
  expect(kerryTexts.map((m) => m.text).join(' ')).not.toContain(HOURS)
  await conversations.row('Kerry Fisher').click()
  await expect(page.getByTestId('conversation-paused')).toContainText(
    'Handed off: asked for a person',
  )
})
