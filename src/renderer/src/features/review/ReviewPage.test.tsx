// @vitest-environment jsdom
import type { DraftDetail, DraftSummary } from '@shared/contract/drafts'
import { act, screen, waitFor, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { PushEventBridge } from '../../components/PushEventBridge'
import { fakeApi } from '../../test-support/fake-api'
import { renderWithQueries } from '../../test-support/render'
import { draftDetail } from '../../test-support/review-fixtures'
import { NavSidebar } from '../shell/NavSidebar'
import { WINDOW_ID } from './presence'
import { ReviewPage } from './ReviewPage'

vi.mock('../../lib/api', async () => {
  const { fakeApi } = await import('../../test-support/fake-api')
  return { api: fakeApi.api, retryConnection: () => {} }
})

let drafts: DraftDetail[]

const summaryOf = (detail: DraftDetail): DraftSummary => {
  const { context: _context, history: _history, ...summary } = detail
  return summary
}

function serve(...details: DraftDetail[]) {
  drafts = details
  fakeApi.handle('drafts:list', () => ({
    items: drafts.filter((d) => ['drafting', 'pending', 'failed'].includes(d.state)).map(summaryOf),
    pendingCount: drafts.filter((d) => ['drafting', 'pending', 'failed'].includes(d.state)).length,
  }))
  fakeApi.handle('drafts:get', ({ draftId }) => drafts.find((d) => d.id === draftId)!)
  fakeApi.handle('drafts:presence', () => ({ editors: [] }))
  fakeApi.handle('drafts:rates', () => ({ clients: [] }))
  const decide = (draftId: number, patch: Partial<DraftDetail>) => {
    drafts = drafts.map((d) => (d.id === draftId ? { ...d, ...patch } : d))
    return summaryOf(drafts.find((d) => d.id === draftId)!)
  }
  fakeApi.handle('drafts:approve', ({ draftId }) =>
    decide(draftId, { state: 'sent', decision: 'approved' }),
  )
  fakeApi.handle('drafts:send', ({ draftId, text }) =>
    decide(draftId, { state: 'sent', decision: 'edited', sentText: text }),
  )
  fakeApi.handle('drafts:reject', ({ draftId, reason }) =>
    decide(draftId, { state: 'rejected', decision: 'rejected', rejectReason: reason }),
  )
  fakeApi.handle('drafts:regenerate', ({ draftId }) =>
    decide(draftId, { state: 'pending', text: 'A fresh draft.', attempts: 2, error: null }),
  )
  fakeApi.handle('drafts:take-over', ({ conversationId }) => ({
    conversationId,
    clientId: 'c-1',
    override: null,
    effective: { policy: 'review', timeoutSeconds: 120, from: 'client' },
    paused: { kind: 'taken-over', by: 'Ana', at: new Date().toISOString() },
  }))
}

const first = () => draftDetail({ id: 1, contactName: 'Sheena Nelson', inboundAt: minutesAgo(10) })
const second = () =>
  draftDetail({
    id: 2,
    conversationId: 8,
    contactName: 'Kerry Fisher',
    inboundText: 'Do you sell gift cards?',
    inboundAt: minutesAgo(3),
    text: '',
    needsAnswer: true,
    confidence: 0,
    rule: 'needs-answer',
    sources: [],
  })
function minutesAgo(minutes: number) {
  return new Date(Date.now() - minutes * 60_000).toISOString()
}

const panel = () => screen.findByTestId('draft-panel')
const reply = () => screen.getByLabelText(/^Reply/)

beforeEach(() => {
  fakeApi.reset()
  window.location.hash = '#/review'
})
afterEach(() => {
  vi.unstubAllGlobals()
  vi.restoreAllMocks()
})

describe('the review queue', () => {
  it('lists open drafts oldest first and opens the first with its context, sources, confidence, rule and window', async () => {
    serve(second(), first())
    renderWithQueries(<ReviewPage />)
    const rows = await screen.findAllByTestId('draft-row')
    // The server answers oldest first; the queue keeps its order.
    expect(rows.map((row) => within(row).getByText(/Nelson|Fisher/).textContent)).toEqual([
      'Kerry Fisher',
      'Sheena Nelson',
    ])
    expect(within(rows[0]!).getByText('Needs an answer')).toBeInTheDocument()
    const open = await panel()
    expect(open).toHaveAttribute('data-draft-id', '2')
    window.location.hash = '#/review/1'
    act(() => window.dispatchEvent(new HashChangeEvent('hashchange')))
    await waitFor(async () => expect(await panel()).toHaveAttribute('data-draft-id', '1'))
    const view = await panel()
    expect(within(view).getByRole('heading', { name: 'Sheena Nelson' })).toBeInTheDocument()
    expect(within(view).getByLabelText('The conversation')).toHaveTextContent('Hi!')
    expect(reply()).toHaveValue('Jaspers Market is open 9 am to 6 pm, Monday to Saturday.')
    expect(within(view).getByTestId('draft-confidence')).toHaveTextContent('92%')
    expect(within(view).getByTestId('draft-rule')).toHaveTextContent(
      'The policy holds every draft for review',
    )
    expect(within(view).getByTestId('draft-sources')).toHaveTextContent(
      'What are your opening hours? (faq:1)',
    )
    expect(within(view).getByTestId('window-status')).toHaveTextContent(
      'Customer service window open',
    )
    expect(within(view).getByRole('link', { name: 'Open the conversation' })).toHaveAttribute(
      'href',
      '#/conversations/7',
    )
  })

  it('approves with the button or A, and moves to the next draft', async () => {
    serve(first(), second())
    renderWithQueries(<ReviewPage />)
    await panel()
    await userEvent.keyboard('a')
    await waitFor(() => expect(fakeApi.callsTo('drafts:approve')).toEqual([{ draftId: 1 }]))
    await waitFor(() => expect(window.location.hash).toBe('#/review/2'))
  })

  it('edit and send: typing turns Approve into Send edited; Ctrl+Enter sends the edited text', async () => {
    serve(first())
    renderWithQueries(<ReviewPage />)
    await panel()
    await userEvent.keyboard('e')
    expect(reply()).toHaveFocus()
    await userEvent.clear(reply())
    await userEvent.type(reply(), 'We open at 9 tomorrow.')
    expect(screen.queryByRole('button', { name: /^Approve/ })).toBeNull()
    expect(screen.getByRole('button', { name: /^Send edited/ })).toBeEnabled()
    // Typing in the reply box is not a shortcut.
    expect(fakeApi.callsTo('drafts:approve')).toEqual([])
    await userEvent.keyboard('{Control>}{Enter}{/Control}')
    await waitFor(() =>
      expect(fakeApi.callsTo('drafts:send')).toEqual([
        { draftId: 1, text: 'We open at 9 tomorrow.' },
      ]),
    )
    // This window told the core the agent was editing it.
    expect(fakeApi.callsTo('drafts:presence')).toContainEqual({
      windowId: WINDOW_ID,
      draftId: 1,
      editing: true,
    })
  })

  it('an empty draft that needs an answer cannot be approved; the agent writes and sends it', async () => {
    serve(second())
    renderWithQueries(<ReviewPage />)
    await panel()
    expect(screen.getByTestId('needs-answer')).toBeInTheDocument()
    expect(screen.getByRole('button', { name: /^Approve/ })).toBeDisabled()
    await userEvent.type(reply(), 'Yes, from $10.')
    await userEvent.click(screen.getByRole('button', { name: /^Send edited/ }))
    await waitFor(() =>
      expect(fakeApi.callsTo('drafts:send')).toEqual([{ draftId: 2, text: 'Yes, from $10.' }]),
    )
  })

  it('rejects with a reason (R), regenerates (G) and takes the conversation over (T)', async () => {
    serve(first())
    renderWithQueries(<ReviewPage />)
    await panel()
    await userEvent.keyboard('g')
    await waitFor(() => expect(reply()).toHaveValue('A fresh draft.'))
    expect(fakeApi.callsTo('drafts:regenerate')).toEqual([{ draftId: 1 }])
    await userEvent.keyboard('t')
    await waitFor(() =>
      expect(fakeApi.callsTo('drafts:take-over')).toEqual([{ conversationId: 7 }]),
    )
    await userEvent.keyboard('r')
    const dialog = screen.getByTestId('reject-dialog')
    expect(dialog).toHaveAttribute('open')
    // Shortcuts sleep while the dialog is open.
    await userEvent.type(within(dialog).getByLabelText(/Why/), 'Already answered by phone')
    await userEvent.click(within(dialog).getByRole('button', { name: 'Reject draft' }))
    await waitFor(() =>
      expect(fakeApi.callsTo('drafts:reject')).toEqual([
        { draftId: 1, reason: 'Already answered by phone' },
      ]),
    )
    expect(fakeApi.callsTo('drafts:regenerate')).toHaveLength(1)
  })

  it('moves through the queue with J and K, and lists every shortcut with ?', async () => {
    serve(first(), second())
    renderWithQueries(<ReviewPage />)
    await panel()
    await userEvent.keyboard('j')
    expect(window.location.hash).toBe('#/review/2')
    await userEvent.keyboard('k')
    expect(window.location.hash).toBe('#/review/1')
    await userEvent.keyboard('?')
    const help = screen.getByTestId('review-shortcuts')
    for (const keys of ['J', 'K', 'E', 'A', 'Ctrl+Enter', 'R', 'G', 'T', '?', 'Esc'])
      expect(within(help).getByText(keys, { selector: 'kbd' })).toBeInTheDocument()
    // Every action button shows its key.
    expect(screen.getByRole('button', { name: /^Approve/ })).toHaveTextContent('A')
    expect(screen.getByRole('button', { name: /^Reject/ })).toHaveTextContent('R')
  })

  it('shows a failed draft with the provider’s reason, retryable by regenerating', async () => {
    serve(
      draftDetail({
        state: 'failed',
        rule: 'provider-failed',
        text: '',
        confidence: null,
        sources: [],
        error: {
          code: 'RATE_LIMITED',
          message: 'The AI server at api.openai.com is rate limiting requests (429).',
          retryable: true,
        },
      }),
    )
    renderWithQueries(<ReviewPage />)
    await panel()
    expect(screen.getByRole('alert')).toHaveTextContent('is rate limiting requests (429)')
    expect(within(screen.getAllByTestId('draft-row')[0]!).getByText('Failed')).toBeInTheDocument()
    await userEvent.click(screen.getByRole('button', { name: /^Regenerate/ }))
    await waitFor(() => expect(fakeApi.callsTo('drafts:regenerate')).toEqual([{ draftId: 1 }]))
  })

  it('refuses a free-form send once the window closed and points to a template', async () => {
    serve(draftDetail({ windowEndsAt: minutesAgo(1) }))
    renderWithQueries(<ReviewPage />)
    await panel()
    expect(screen.getByTestId('draft-window-closed')).toHaveTextContent('Send an approved template')
    expect(screen.getByRole('button', { name: /^Approve/ })).toBeDisabled()
    await userEvent.keyboard('a')
    expect(fakeApi.callsTo('drafts:approve')).toEqual([])
  })

  it('shows who else has the draft open, from the core’s presence events', async () => {
    serve(first())
    renderWithQueries(
      <>
        <PushEventBridge />
        <ReviewPage />
      </>,
    )
    await panel()
    act(() =>
      fakeApi.emit('drafts:presence-changed', {
        editors: [
          { draftId: 1, agentName: 'Ana', windowId: 'other-window-1', editing: true },
          { draftId: 1, agentName: 'Me', windowId: WINDOW_ID, editing: false },
        ],
      }),
    )
    expect(await screen.findByTestId('draft-presence')).toHaveTextContent(
      'Ana is editing this draft',
    )
    expect(screen.getByTestId('draft-row-editor')).toHaveTextContent('Ana editing')
  })

  it('counts drafts in the sidebar badge and notifies new ones on the desktop', async () => {
    const shown: { title: string; body?: string }[] = []
    vi.stubGlobal(
      'Notification',
      class {
        static permission = 'granted'
        onclick: (() => void) | null = null
        constructor(title: string, options: NotificationOptions) {
          shown.push({ title, ...(options.body ? { body: options.body } : {}) })
        }
        close() {}
      },
    )
    serve(first())
    window.location.hash = '#/conversations'
    renderWithQueries(
      <>
        <PushEventBridge />
        <NavSidebar current="conversations" />
      </>,
    )
    expect(await screen.findByTestId('review-badge')).toHaveTextContent('1')
    drafts = [first(), second()]
    act(() =>
      fakeApi.emit('drafts:changed', {
        drafts: [
          {
            id: 2,
            clientId: 'c-1',
            conversationId: 8,
            state: 'pending',
            created: true,
            contactName: 'Kerry Fisher',
            inboundText: 'Do you sell gift cards?',
            needsAnswer: true,
          },
        ],
        pendingCount: 2,
      }),
    )
    await waitFor(() => expect(screen.getByTestId('review-badge')).toHaveTextContent('2'))
    expect(screen.getByTestId('review-badge')).toHaveAccessibleName('2 drafts to review')
    expect(shown).toEqual([
      { title: 'Draft to review: Kerry Fisher', body: 'Needs an answer: Do you sell gift cards?' },
    ])
  })
})
