// @vitest-environment jsdom
import type { ConversationAi } from '@shared/contract/drafts'
import { act, screen, waitFor } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { PushEventBridge } from '../../components/PushEventBridge'
import { fakeApi } from '../../test-support/fake-api'
import { renderWithQueries } from '../../test-support/render'
import { conversationAi } from '../../test-support/review-fixtures'
import { ConversationAiControls } from './ConversationAiControls'

vi.mock('../../lib/api', async () => {
  const { fakeApi } = await import('../../test-support/fake-api')
  return { api: fakeApi.api, retryConnection: () => {} }
})

let state: ConversationAi

beforeEach(() => {
  fakeApi.reset()
  state = conversationAi()
  fakeApi.handle('drafts:conversation', () => state)
  fakeApi.handle('drafts:take-over', () => {
    state = { ...state, paused: { kind: 'taken-over', by: 'Ana', at: '2026-03-02T10:00:00Z' } }
    return state
  })
  fakeApi.handle('drafts:release', () => {
    state = { ...state, paused: null }
    return state
  })
  fakeApi.handle('drafts:set-conversation-policy', ({ policy }) => {
    state = {
      ...state,
      override: policy === null ? null : { policy, timeoutSeconds: 120 },
      effective:
        policy === null
          ? { policy: 'review', timeoutSeconds: 120, from: 'client' }
          : { policy, timeoutSeconds: 120, from: 'conversation' },
    }
    return state
  })
})

describe('the conversation header’s AI controls', () => {
  it('takes the conversation over (the bot pauses) and releases it', async () => {
    renderWithQueries(<ConversationAiControls conversationId={7} />)
    await userEvent.click(await screen.findByRole('button', { name: 'Take over' }))
    expect(fakeApi.callsTo('drafts:take-over')).toEqual([{ conversationId: 7 }])
    expect(await screen.findByTestId('conversation-paused')).toHaveTextContent('Taken over by Ana')
    await userEvent.click(screen.getByRole('button', { name: 'Release to the bot' }))
    await waitFor(() => expect(screen.queryByTestId('conversation-paused')).toBeNull())
    expect(fakeApi.callsTo('drafts:release')).toEqual([{ conversationId: 7 }])
  })

  it('overrides the client’s policy for this conversation, and goes back to it', async () => {
    renderWithQueries(<ConversationAiControls conversationId={7} />)
    const select = await screen.findByLabelText('AI')
    expect(select).toHaveValue('client')
    expect(screen.getByRole('option', { name: 'Client’s policy (Review)' })).toBeInTheDocument()
    await userEvent.selectOptions(select, 'auto')
    await waitFor(() => expect(select).toHaveValue('auto'))
    await userEvent.selectOptions(select, 'client')
    expect(fakeApi.callsTo('drafts:set-conversation-policy')).toEqual([
      { conversationId: 7, policy: 'auto' },
      { conversationId: 7, policy: null },
    ])
  })

  it('shows a handoff pushed by the core, and nothing for a number no client owns', async () => {
    const view = renderWithQueries(
      <>
        <PushEventBridge />
        <ConversationAiControls conversationId={7} />
      </>,
    )
    await screen.findByRole('button', { name: 'Take over' })
    act(() =>
      fakeApi.emit(
        'drafts:conversation-changed',
        conversationAi({ paused: { kind: 'handoff', by: 'refund', at: '2026-03-02T10:00:00Z' } }),
      ),
    )
    expect(await screen.findByTestId('conversation-paused')).toHaveTextContent(
      'Handed off: a refund',
    )
    view.unmount()
    state = conversationAi({ conversationId: 9, clientId: null })
    renderWithQueries(<ConversationAiControls conversationId={9} />)
    await waitFor(() =>
      expect(fakeApi.callsTo('drafts:conversation')).toContainEqual({ conversationId: 9 }),
    )
    expect(screen.queryByTestId('conversation-ai')).toBeNull()
  })
})
