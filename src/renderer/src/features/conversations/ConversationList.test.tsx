// @vitest-environment jsdom
import type { ConversationRow } from '@shared/contract/messaging'
import { fireEvent, screen, waitFor, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { clientRow } from '../../test-support/client-fixtures'
import { fakeApi } from '../../test-support/fake-api'
import { stubLayout } from '../../test-support/layout'
import {
  contact,
  conversationDetail,
  conversationRow,
  messageRow,
  searchHit,
} from '../../test-support/messaging-fixtures'
import { renderWithQueries } from '../../test-support/render'
import { PushEventBridge } from '../../components/PushEventBridge'
import { ConversationsPage } from './ConversationsPage'
import { useConversationsUi } from './conversations-store'

vi.mock('../../lib/api', async () => {
  const { fakeApi } = await import('../../test-support/fake-api')
  return { api: fakeApi.api, retryConnection: () => {} }
})

stubLayout({ viewport: 600, row: 60 })

const HOUR = 3_600_000
const minutesAgo = (minutes: number) => new Date(Date.now() - minutes * 60_000).toISOString()

function row(id: number, name: string, overrides: Partial<ConversationRow> = {}) {
  const at = overrides.lastMessageAt ?? minutesAgo(id)
  return conversationRow({
    id,
    contact: contact(id, name),
    lastMessageAt: at,
    lastInboundAt: at,
    windowEndsAt: new Date(Date.parse(at) + 24 * HOUR).toISOString(),
    lastMessage: {
      id: id * 10,
      direction: 'in',
      type: 'text',
      text: `Hello from ${name}`,
      status: 'received',
      timestamp: at,
    },
    ...overrides,
  })
}

const names = () =>
  within(screen.getByTestId('conversation-list'))
    .queryAllByTestId('conversation-row')
    .map((link) => link.querySelector('.conversation-row__name')?.textContent)

beforeEach(() => {
  fakeApi.reset()
  useConversationsUi.setState({
    clientFilter: '',
    search: '',
    unreadFirst: true,
    jumpTo: null,
    highlighted: null,
  })
  fakeApi.handle('clients:list', () => [
    clientRow(),
    clientRow({ id: 'c-2', name: 'Acme Bikes', phoneNumberId: '106540352242999' }),
  ])
  fakeApi.handle('messages:list', () => ({ items: [], nextBefore: null }))
})

describe('the conversation list', () => {
  it('shows unread first with badges, the last message, the client and the window countdown', async () => {
    fakeApi.handle('conversations:list', () => ({
      items: [
        row(1, 'Sheena Nelson', { unreadCount: 3 }),
        row(2, 'Pedro Alves', {
          clientId: null,
          clientName: null,
          displayPhoneNumber: '+55 11 4000-0000',
          windowEndsAt: new Date(Date.now() - HOUR).toISOString(),
        }),
      ],
      nextCursor: null,
    }))
    renderWithQueries(<ConversationsPage />)
    const sheena = (await screen.findByText('Sheena Nelson')).closest('a')!
    expect(fakeApi.callsTo('conversations:list')[0]).toMatchObject({ unreadFirst: true })
    expect(within(sheena).getByTestId('unread-badge')).toHaveTextContent('3')
    expect(sheena).toHaveTextContent('Hello from Sheena Nelson')
    expect(sheena).toHaveTextContent('Jaspers Market · +1 555-0142')
    // 24 h from a message 1 minute ago.
    expect(within(sheena).getByTestId('window-countdown')).toHaveTextContent(/^23 h 5\d min$/)
    expect(sheena).toHaveAttribute('href', '#/conversations/1')

    const pedro = screen.getByText('Pedro Alves').closest('a')!
    expect(within(pedro).queryByTestId('unread-badge')).not.toBeInTheDocument()
    expect(within(pedro).queryByTestId('window-countdown')).not.toBeInTheDocument()
    expect(pedro).toHaveTextContent('Unassigned · +55 11 4000-0000')
  })

  it('filters by client and by unassigned numbers, asking the core', async () => {
    const user = userEvent.setup()
    fakeApi.handle('conversations:list', ({ clientId }) => ({
      items: [
        row(1, 'Sheena Nelson'),
        row(2, 'Pedro Alves', { clientId: null, clientName: null }),
      ].filter(
        (r) => !clientId || (clientId === 'unassigned' ? !r.clientId : r.clientId === clientId),
      ),
      nextCursor: null,
    }))
    renderWithQueries(<ConversationsPage />)
    await screen.findByText('Pedro Alves')
    const filter = screen.getByLabelText('Show conversations of client')
    expect(
      within(filter)
        .getAllByRole('option')
        .map((o) => o.textContent),
    ).toEqual(['All clients', 'Jaspers Market', 'Acme Bikes', 'Unassigned numbers'])
    await user.selectOptions(filter, 'Unassigned numbers')
    await waitFor(() => expect(names()).toEqual(['Pedro Alves']))
    expect(fakeApi.callsTo('conversations:list')).toContainEqual(
      expect.objectContaining({ clientId: 'unassigned' }),
    )
    await user.selectOptions(filter, 'Jaspers Market')
    await waitFor(() => expect(names()).toEqual(['Sheena Nelson']))
    await user.click(screen.getByLabelText('Unread first'))
    await waitFor(() =>
      expect(fakeApi.callsTo('conversations:list')).toContainEqual(
        expect.objectContaining({ clientId: 'c-1', unreadFirst: false }),
      ),
    )
  })

  it('renders only the rows on screen and loads the next page as the list scrolls', async () => {
    const all = Array.from({ length: 120 }, (_, i) => row(i + 1, `Customer ${i + 1}`))
    fakeApi.handle('conversations:list', ({ cursor, limit }) => {
      const start = cursor ? Number(cursor) : 0
      const end = start + (limit ?? 50)
      return { items: all.slice(start, end), nextCursor: end < all.length ? String(end) : null }
    })
    renderWithQueries(<ConversationsPage />)
    await screen.findByText('Customer 1')
    const rendered = names().length
    expect(rendered).toBeGreaterThan(5)
    expect(rendered).toBeLessThan(50)
    expect(fakeApi.callsTo('conversations:list')).toHaveLength(1)

    const scroller = screen.getByTestId('conversation-list')
    scroller.scrollTop = 45 * 60
    fireEvent.scroll(scroller)
    await waitFor(() => expect(fakeApi.callsTo('conversations:list')).toHaveLength(2))
    expect(fakeApi.callsTo('conversations:list')[1]).toMatchObject({ cursor: '50' })
    await screen.findByText('Customer 50')
    expect(screen.queryByText('Customer 1')).not.toBeInTheDocument()
  })

  it('moves a conversation to its place when a push event says it changed', async () => {
    fakeApi.handle('conversations:list', () => ({
      items: [row(1, 'Sheena Nelson'), row(2, 'Pedro Alves')],
      nextCursor: null,
    }))
    renderWithQueries(
      <>
        <PushEventBridge />
        <ConversationsPage />
      </>,
    )
    await waitFor(() => expect(names()).toEqual(['Sheena Nelson', 'Pedro Alves']))
    const fresh = row(2, 'Pedro Alves', { unreadCount: 1, lastMessageAt: minutesAgo(0) })
    fakeApi.handle('conversations:get', ({ conversationId }) =>
      conversationDetail({ ...fresh, id: conversationId }),
    )
    fakeApi.emit('conversations:changed', { conversationIds: [2], removed: [] })
    await waitFor(() => expect(names()).toEqual(['Pedro Alves', 'Sheena Nelson']))
    expect(screen.getByText('Pedro Alves').closest('a')).toHaveAttribute('data-unread', '1')
    // Only that row was fetched: the list itself was not asked again.
    expect(fakeApi.callsTo('conversations:list')).toHaveLength(1)
    expect(fakeApi.callsTo('conversations:get')).toEqual([{ conversationId: 2 }])

    fakeApi.emit('conversations:changed', { conversationIds: [], removed: [1] })
    await waitFor(() => expect(names()).toEqual(['Pedro Alves']))
  })

  it('searches contacts and message text; a message result opens its thread at that message', async () => {
    const user = userEvent.setup()
    fakeApi.handle('conversations:list', ({ query }) => ({
      items: query ? [] : [row(1, 'Sheena Nelson')],
      nextCursor: null,
    }))
    fakeApi.handle('messages:search', () => ({
      hits: [searchHit({ conversationId: 1, messageId: 7 })],
    }))
    fakeApi.handle('conversations:get', () => conversationDetail(row(1, 'Sheena Nelson')))
    // The thread's newest page does not hold message 7: the older page does.
    fakeApi.handle('messages:list', ({ before }) =>
      before
        ? {
            items: [messageRow({ id: 7, text: 'Do you have the bikes in blue?' })],
            nextBefore: null,
          }
        : {
            items: [messageRow({ id: 90, text: 'Any news?', timestamp: minutesAgo(1) })],
            nextBefore: 'older',
          },
    )
    renderWithQueries(<ConversationsPage />)
    await screen.findByText('Sheena Nelson')
    await user.type(screen.getByLabelText('Search contacts and messages'), 'bikes')
    const hit = await screen.findByTestId('search-hit')
    expect(within(hit).getByText('bikes', { selector: 'mark' })).toBeInTheDocument()
    expect(screen.getByText('No contact matches.')).toBeInTheDocument()
    expect(fakeApi.callsTo('messages:search')).toContainEqual({ query: 'bikes', limit: 100 })

    await user.click(hit)
    expect(window.location.hash).toBe('#/conversations/1')
    const thread = await screen.findByTestId('thread')
    const found = await within(thread).findByText('Do you have the bikes in blue?')
    await waitFor(() => expect(found.closest('article')).toHaveClass('bubble--highlighted'))
    expect(fakeApi.callsTo('messages:list')).toContainEqual({
      conversationId: 1,
      limit: 50,
      before: 'older',
    })
  })
})
