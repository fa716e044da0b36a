// @vitest-environment jsdom
import type { MessageRow } from '@shared/contract/messaging'
import { screen, waitFor, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { PushEventBridge } from '../../components/PushEventBridge'
import { fakeApi } from '../../test-support/fake-api'
import { stubLayout } from '../../test-support/layout'
import { conversationDetail, messageRow } from '../../test-support/messaging-fixtures'
import { renderWithQueries } from '../../test-support/render'
import { useConversationsUi } from './conversations-store'
import { Thread } from './Thread'

vi.mock('../../lib/api', async () => {
  const { fakeApi } = await import('../../test-support/fake-api')
  return { api: fakeApi.api, retryConnection: () => {} }
})

stubLayout({ viewport: 2000, row: 60 })

const now = Date.now()
const at = (minutesAgo: number) => new Date(now - minutesAgo * 60_000).toISOString()
const open = conversationDetail({ lastInboundAt: at(30), windowEndsAt: at(30 - 24 * 60) })

let thread: MessageRow[] = []

function bubble(text: string): HTMLElement {
  return screen.getByText(text).closest('article')!
}

function renderThread() {
  return renderWithQueries(
    <>
      <PushEventBridge />
      <Thread conversationId={1} />
    </>,
  )
}

beforeEach(() => {
  fakeApi.reset()
  useConversationsUi.setState({ jumpTo: null, highlighted: null, replyTo: {} })
  thread = []
  fakeApi.handle('conversations:get', () => open)
  fakeApi.handle('messages:list', () => ({ items: thread, nextBefore: null }))
  fakeApi.handle('messages:get', ({ messageIds }) =>
    thread.filter((m) => messageIds.includes(m.id)),
  )
  fakeApi.handle('media:get', () => ({
    state: 'none',
    url: null,
    mimeType: null,
    filename: null,
    size: null,
    sha256: null,
    error: null,
    nextAttemptAt: null,
  }))
})

describe('the thread', () => {
  it('shows ✓ sent, ✓✓ delivered and blue ✓✓ read on the business’s messages', async () => {
    thread = [
      messageRow({ id: 1, text: 'Hi! Do you ship to Lisbon?', timestamp: at(40) }),
      messageRow({ id: 2, direction: 'out', text: 'We do.', status: 'sent', timestamp: at(39) }),
      messageRow({
        id: 3,
        direction: 'out',
        text: 'In 2 days.',
        status: 'delivered',
        timestamp: at(38),
      }),
      messageRow({
        id: 4,
        direction: 'out',
        text: 'Free above €50.',
        status: 'read',
        timestamp: at(37),
      }),
    ]
    renderThread()
    await screen.findByText('Free above €50.')

    const ticks = (text: string) => within(bubble(text)).getByTestId('message-status')
    expect(ticks('We do.')).toHaveAccessibleName('Sent')
    expect(ticks('We do.')).toHaveTextContent(/^✓$/)
    expect(ticks('In 2 days.')).toHaveAccessibleName('Delivered')
    expect(ticks('In 2 days.')).toHaveTextContent('✓✓')
    expect(ticks('In 2 days.')).not.toHaveClass('ticks--read')
    expect(ticks('Free above €50.')).toHaveAccessibleName('Read')
    expect(ticks('Free above €50.')).toHaveClass('ticks--read')
    // The customer's message has no ticks, and sits on the other side.
    expect(within(bubble('Hi! Do you ship to Lisbon?')).queryByTestId('message-status')).toBeNull()
    expect(bubble('Hi! Do you ship to Lisbon?')).toHaveAttribute('data-direction', 'in')
    expect(bubble('We do.')).toHaveAttribute('data-direction', 'out')
  })

  it('moves the ticks live when a status event arrives', async () => {
    thread = [
      messageRow({ id: 2, direction: 'out', text: 'We do.', status: 'sent', timestamp: at(1) }),
    ]
    renderThread()
    await screen.findByText('We do.')
    thread = [{ ...thread[0]!, status: 'read', statusTimes: { sent: at(1), read: at(0) } }]
    fakeApi.emit('messages:status-changed', {
      messages: [{ messageId: 2, conversationId: 1, wamid: 'wamid.2', status: 'read' }],
    })
    await waitFor(() =>
      expect(within(bubble('We do.')).getByTestId('message-status')).toHaveAccessibleName('Read'),
    )
    expect(fakeApi.callsTo('messages:list')).toHaveLength(1)
  })

  it('shows a failure with Meta’s reason and retries it through the outbox', async () => {
    const user = userEvent.setup()
    thread = [
      messageRow({
        id: 5,
        direction: 'out',
        text: 'Your order shipped',
        status: 'failed',
        outboxId: 'ob-5',
        error: {
          code: 131026,
          title: 'Message undeliverable',
          message: 'Message undeliverable',
          details: 'The recipient is not a WhatsApp user.',
        },
        timestamp: at(2),
      }),
    ]
    fakeApi.handle('messages:retry', ({ messageId }) => ({
      outboxId: 'ob-5',
      messageId,
      conversationId: 1,
      clientId: 'c-1',
      phoneNumberId: '106540352242922',
      to: '16505551234',
      type: 'text',
      state: 'queued',
      attempts: 1,
      nextAttemptAt: null,
      error: null,
      wamid: null,
      createdAt: at(2),
      updatedAt: at(0),
    }))
    renderThread()
    const failure = await screen.findByTestId('message-failure')
    expect(failure).toHaveTextContent(
      'Not delivered. Message undeliverable: The recipient is not a WhatsApp user. (131026)',
    )
    expect(within(bubble('Your order shipped')).getByTestId('message-status')).toHaveAccessibleName(
      'Failed',
    )
    thread = [{ ...thread[0]!, status: 'pending', error: null }]
    await user.click(within(failure).getByRole('button', { name: 'Retry' }))
    await waitFor(() => expect(fakeApi.callsTo('messages:retry')).toEqual([{ messageId: 5 }]))
    await waitFor(() => expect(screen.queryByTestId('message-failure')).not.toBeInTheDocument())
  })

  it('shows media inline from the local copy, and a pending download once it lands', async () => {
    const media = (id: string) => ({
      id,
      url: null,
      mimeType: 'image/jpeg',
      sha256: null,
      filename: null,
      voice: null,
      animated: null,
    })
    thread = [
      messageRow({
        id: 6,
        type: 'image',
        text: 'The blue one',
        media: media('m6'),
        timestamp: at(3),
      }),
      messageRow({
        id: 7,
        type: 'audio',
        text: null,
        media: { ...media('m7'), mimeType: 'audio/ogg', voice: true },
        timestamp: at(2),
      }),
      messageRow({
        id: 8,
        type: 'document',
        text: null,
        media: { ...media('m8'), mimeType: 'application/pdf', filename: 'invoice.pdf' },
        timestamp: at(1),
      }),
    ]
    let imageStored = false
    fakeApi.handle('media:get', ({ messageId }) => ({
      state: messageId === 6 && !imageStored ? 'pending' : 'stored',
      url: `/media/${messageId}`,
      mimeType: null,
      filename: messageId === 8 ? 'invoice.pdf' : null,
      size: messageId === 8 ? 52_000 : null,
      sha256: null,
      error: null,
      nextAttemptAt: null,
    }))
    renderThread()
    expect(await screen.findByTestId('media-pending')).toHaveTextContent('Downloading photo…')
    expect(await screen.findByLabelText('Voice message')).toHaveAttribute('src', '/media/7')
    const pdf = screen.getByTestId('message-document')
    expect(pdf).toHaveAttribute('href', '/media/8')
    expect(pdf).toHaveTextContent('invoice.pdf')
    expect(pdf).toHaveTextContent('51 KB')

    imageStored = true
    fakeApi.emit('media:changed', { messageIds: [6] })
    const image = await screen.findByRole('img', { name: 'The blue one' })
    expect(image).toHaveAttribute('src', '/media/6')
  })

  it('shows quoted replies and reactions on the message reacted to', async () => {
    thread = [
      messageRow({ id: 1, wamid: 'wamid.A', text: 'Is it waterproof?', timestamp: at(5) }),
      messageRow({
        id: 2,
        direction: 'out',
        text: 'Yes, fully.',
        replyTo: 'wamid.A',
        quoted: {
          id: 1,
          wamid: 'wamid.A',
          direction: 'in',
          type: 'text',
          text: 'Is it waterproof?',
          status: 'received',
          timestamp: at(5),
        },
        reactions: [{ direction: 'in', emoji: '👍' }],
        timestamp: at(4),
      }),
      messageRow({
        id: 3,
        type: 'reaction',
        text: null,
        reaction: { messageId: 'wamid.B', emoji: '❤️' },
        timestamp: at(3),
      }),
    ]
    renderThread()
    const reply = (await screen.findByText('Yes, fully.')).closest('article')!
    expect(within(reply).getByTestId('quoted-message')).toHaveTextContent(
      'Sheena NelsonIs it waterproof?',
    )
    expect(within(reply).getByTestId('message-reactions')).toHaveTextContent('👍')
    // A reaction to a message not in the thread is shown on its own.
    expect(screen.getByText('Reacted ❤️ to a message')).toBeInTheDocument()
  })

  it('marks the conversation read when it is viewed (Meta’s receipt and the unread count)', async () => {
    thread = [messageRow({ id: 1, text: 'Hello?', timestamp: at(1) })]
    fakeApi.handle('conversations:get', () => ({ ...open, unreadCount: 2 }))
    fakeApi.handle('messages:mark-read', () => ({
      conversation: { ...open, unreadCount: 0 },
      receiptFor: 'wamid.1',
    }))
    renderThread()
    await screen.findByText('Hello?')
    await waitFor(() =>
      expect(fakeApi.callsTo('messages:mark-read')).toEqual([{ conversationId: 1 }]),
    )
  })

  it('still resets the unread count when the receipt cannot reach Meta', async () => {
    thread = [messageRow({ id: 1, text: 'Hello?', timestamp: at(1) })]
    fakeApi.handle('conversations:get', () => ({ ...open, unreadCount: 1 }))
    fakeApi.fail('messages:mark-read', {
      code: 'UNAVAILABLE',
      message: 'Sending is not available yet.',
      retryable: false,
    })
    fakeApi.handle('conversations:mark-read', () => ({ ...open, unreadCount: 0 }))
    renderThread()
    await waitFor(() =>
      expect(fakeApi.callsTo('conversations:mark-read')).toEqual([{ conversationId: 1 }]),
    )
  })
})
