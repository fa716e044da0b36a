// @vitest-environment jsdom
import type { ConversationRow } from '@shared/contract/messaging'
import type { SendResult, TemplateRow } from '@shared/contract/outbox'
import { AppError } from '@shared/contract/errors'
import { screen, waitFor, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { fakeApi } from '../../test-support/fake-api'
import { conversationRow, messageRow } from '../../test-support/messaging-fixtures'
import { renderWithQueries } from '../../test-support/render'
import { templateRow } from '../../test-support/template-fixtures'
import { Composer } from './Composer'
import { useConversationsUi } from './conversations-store'

vi.mock('../../lib/api', async () => {
  const { fakeApi } = await import('../../test-support/fake-api')
  return { api: fakeApi.api, retryConnection: () => {} }
})

const HOUR = 3_600_000
const iso = (offsetMs: number) => new Date(Date.now() + offsetMs).toISOString()

const openWindow = conversationRow({
  lastInboundAt: iso(-2 * HOUR),
  windowEndsAt: iso(22 * HOUR - 60_000),
})
const closedWindow = conversationRow({
  lastInboundAt: iso(-30 * HOUR),
  windowEndsAt: iso(-6 * HOUR),
})

function template(overrides: Partial<TemplateRow> = {}): TemplateRow {
  return templateRow({
    name: 'order_shipped',
    form: {
      header: { format: 'image', text: null, params: [] },
      body: {
        text: 'Hi {{1}}, your order {{2}} has shipped.',
        params: [
          { name: '1', example: 'Sheena' },
          { name: '2', example: '#1234' },
        ],
      },
      footer: 'Jaspers Market',
      buttons: [
        {
          index: 0,
          type: 'url',
          text: 'Track it',
          url: 'https://example.com/track/{{1}}',
          params: [{ name: '1', example: 'ABC123' }],
        },
        { index: 1, type: 'quick_reply', text: 'Thanks!', url: null, params: [] },
      ],
    },
    updatedAt: iso(-HOUR),
    ...overrides,
  })
}

function sent(input: { conversationId?: number | undefined }, type: string): SendResult {
  const message = messageRow({
    id: 99,
    direction: 'out',
    type,
    status: 'pending',
    text: null,
    conversationId: input.conversationId ?? 1,
  })
  return {
    message,
    outbox: {
      outboxId: 'ob-99',
      messageId: 99,
      conversationId: 1,
      clientId: 'c-1',
      phoneNumberId: '106540352242922',
      to: '16505551234',
      type,
      state: 'queued',
      attempts: 0,
      nextAttemptAt: null,
      error: null,
      wamid: null,
      createdAt: iso(0),
      updatedAt: iso(0),
    },
    duplicate: false,
  }
}

const renderComposer = (conversation: ConversationRow) =>
  renderWithQueries(<Composer conversation={conversation} />)

beforeEach(() => {
  fakeApi.reset()
  useConversationsUi.setState({ replyTo: {} })
  fakeApi.handle('messages:send', (input) => sent(input, input.content.type))
  fakeApi.handle('conversations:get', () => ({
    ...openWindow,
    contactAliases: [],
    messageCount: 1,
  }))
})

describe('the composer inside the 24 h window', () => {
  it('sends text with an idempotency key, the link preview when asked, and the reply it quotes', async () => {
    const user = userEvent.setup()
    useConversationsUi.getState().setReplyTo(1, messageRow({ id: 10, text: 'Blue ones?' }))
    renderComposer(openWindow)
    expect(screen.getByTestId('composer-reply')).toHaveTextContent('Blue ones?')
    await user.click(screen.getByLabelText('Show a preview of the first link'))
    await user.type(screen.getByLabelText('Message'), 'Yes: https://jaspers.example/blue{Enter}')
    await waitFor(() => expect(fakeApi.callsTo('messages:send')).toHaveLength(1))
    const [call] = fakeApi.callsTo('messages:send') as [Record<string, unknown>]
    expect(call).toMatchObject({
      conversationId: 1,
      replyTo: 10,
      content: { type: 'text', body: 'Yes: https://jaspers.example/blue', previewUrl: true },
    })
    expect(call.idempotencyKey).toMatch(/^[0-9a-f-]{36}$/)
    // Sent: the box and the reply are cleared.
    await waitFor(() => expect(screen.getByLabelText('Message')).toHaveValue(''))
    expect(screen.queryByTestId('composer-reply')).not.toBeInTheDocument()
  })

  it('re-sends a message that failed to leave with the same key, so it is queued once', async () => {
    const user = userEvent.setup()
    let calls = 0
    fakeApi.handle('messages:send', (input) => {
      calls += 1
      if (calls === 1)
        throw new AppError('TIMEOUT', 'The core did not answer.', { retryable: true })
      return sent(input, 'text')
    })
    renderComposer(openWindow)
    await user.type(screen.getByLabelText('Message'), 'Hello')
    await user.click(screen.getByRole('button', { name: 'Send' }))
    expect(await screen.findByRole('alert')).toHaveTextContent('The core did not answer.')
    await user.click(screen.getByRole('button', { name: 'Send' }))
    await waitFor(() => expect(fakeApi.callsTo('messages:send')).toHaveLength(2))
    const [first, second] = fakeApi.callsTo('messages:send') as { idempotencyKey: string }[]
    expect(second!.idempotencyKey).toBe(first!.idempotencyKey)
  })

  it('uploads an attachment and sends it with its caption', async () => {
    const user = userEvent.setup()
    fakeApi.handle('media:upload', ({ mimeType }) => ({
      mediaId: '4490709327',
      kind: 'image',
      mimeType,
      size: 4,
      sha256: 'x',
    }))
    renderComposer(openWindow)
    const file = new File([new Uint8Array([1, 2, 3, 4])], 'bike.png', { type: 'image/png' })
    await user.upload(screen.getByTestId('composer-attach'), file)
    expect(screen.getByTestId('composer-file')).toHaveTextContent('bike.png')
    await user.type(screen.getByLabelText('Caption'), 'This one')
    await user.click(screen.getByRole('button', { name: 'Send' }))
    await waitFor(() => expect(fakeApi.callsTo('messages:send')).toHaveLength(1))
    expect(fakeApi.callsTo('media:upload')).toEqual([
      { clientId: 'c-1', filename: 'bike.png', mimeType: 'image/png', dataBase64: 'AQIDBA==' },
    ])
    expect(fakeApi.callsTo('messages:send')[0]).toMatchObject({
      content: { type: 'media', kind: 'image', mediaId: '4490709327', caption: 'This one' },
    })
  })
})

describe('the composer outside the 24 h window', () => {
  it('locks free-form messages and offers the template picker instead', async () => {
    renderComposer(closedWindow)
    expect(screen.getByTestId('composer-locked')).toHaveTextContent(
      'The 24-hour customer service window is closed',
    )
    expect(screen.queryByLabelText('Message')).not.toBeInTheDocument()
    expect(screen.queryByRole('button', { name: 'Send' })).not.toBeInTheDocument()
    expect(screen.getByRole('button', { name: 'Choose a template' })).toBeEnabled()
  })

  it('locks when the countdown runs out while the conversation is open', async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true })
    try {
      renderComposer(conversationRow({ lastInboundAt: iso(-24 * HOUR), windowEndsAt: iso(90_000) }))
      expect(screen.getByLabelText('Message')).toBeInTheDocument()
      await vi.advanceTimersByTimeAsync(125_000)
      expect(await screen.findByTestId('composer-locked')).toBeInTheDocument()
    } finally {
      vi.useRealTimers()
    }
  })

  it('sends a template with its header media, body and button parameters from the form', async () => {
    const user = userEvent.setup()
    fakeApi.handle('templates:list', () => ({
      templates: [
        template(),
        template({ id: 2, name: 'spring_sale', status: 'PENDING', sendable: false }),
      ],
      syncedAt: iso(-HOUR),
    }))
    renderComposer(closedWindow)
    await user.click(screen.getByRole('button', { name: 'Choose a template' }))
    const picker = await screen.findByTestId('template-picker')
    const select = within(picker).getByLabelText('Template')
    await waitFor(() => expect(select).toBeEnabled())
    // Only approved templates can be chosen.
    expect(
      within(select)
        .getAllByRole('option')
        .map((o) => o.textContent),
    ).toEqual(['Choose a template', 'order_shipped (en_US) · utility'])
    await user.selectOptions(select, 'order_shipped (en_US) · utility')

    // Nothing filled: the form says what is missing and sends nothing.
    await user.click(within(picker).getByRole('button', { name: 'Send template' }))
    expect(within(picker).getByRole('alert')).toHaveTextContent(
      'Fill in: header image, body {{1}}, body {{2}}, button “Track it”.',
    )
    expect(fakeApi.callsTo('messages:send')).toHaveLength(0)

    await user.type(
      within(picker).getByLabelText('Public https link'),
      'https://cdn.example/box.jpg',
    )
    const [first, second] = within(picker).getAllByLabelText(/^Body/)
    await user.type(first!, 'Sheena')
    await user.type(second!, '#8812')
    await user.type(within(picker).getByLabelText(/Track it/), 'ZX81')
    expect(within(picker).getByTestId('template-preview')).toHaveTextContent(
      'Hi Sheena, your order #8812 has shipped.',
    )
    await user.click(within(picker).getByRole('button', { name: 'Send template' }))
    await waitFor(() => expect(fakeApi.callsTo('messages:send')).toHaveLength(1))
    expect(fakeApi.callsTo('messages:send')[0]).toMatchObject({
      conversationId: 1,
      content: {
        type: 'template',
        name: 'order_shipped',
        language: 'en_US',
        header: { type: 'image', link: 'https://cdn.example/box.jpg' },
        body: [
          { name: '1', value: 'Sheena' },
          { name: '2', value: '#8812' },
        ],
        buttons: [{ index: 0, value: 'ZX81' }],
      },
    })
    await waitFor(() => expect(screen.queryByTestId('template-picker')).not.toBeInTheDocument())
  })

  it('syncs templates from the WABA when none were synced yet', async () => {
    const user = userEvent.setup()
    fakeApi.handle('templates:list', () => ({ templates: [], syncedAt: null }))
    fakeApi.handle('templates:sync', () => ({ templates: [template()], syncedAt: iso(0) }))
    renderComposer(closedWindow)
    await user.click(screen.getByRole('button', { name: 'Choose a template' }))
    expect(await screen.findByTestId('templates-empty')).toHaveTextContent(
      'Templates were never synced for this client',
    )
    await user.click(screen.getByRole('button', { name: 'Sync from WhatsApp' }))
    await waitFor(() =>
      expect(within(screen.getByLabelText('Template')).getAllByRole('option')).toHaveLength(2),
    )
    expect(fakeApi.callsTo('templates:sync')).toEqual([{ clientId: 'c-1' }])
  })

  it('cannot send from a number no client owns', () => {
    renderComposer(conversationRow({ clientId: null, clientName: null }))
    expect(screen.getByTestId('composer-unassigned')).toHaveTextContent(
      'No onboarded client owns +1 555-0142',
    )
    expect(screen.queryByRole('button', { name: 'Choose a template' })).not.toBeInTheDocument()
  })
})
