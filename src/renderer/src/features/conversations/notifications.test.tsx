// @vitest-environment jsdom
import { screen } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { PushEventBridge } from '../../components/PushEventBridge'
import { fakeApi } from '../../test-support/fake-api'
import { renderWithQueries } from '../../test-support/render'
import { NotificationPrompt } from './NotificationPrompt'

vi.mock('../../lib/api', async () => {
  const { fakeApi } = await import('../../test-support/fake-api')
  return { api: fakeApi.api, retryConnection: () => {} }
})

/** The browser's Notification API as the page sees it: a permission and what was shown. */
class FakeNotification {
  static permission: NotificationPermission = 'granted'
  static shown: FakeNotification[] = []
  static requestPermission = vi.fn(async () => {
    FakeNotification.permission = 'granted'
    return FakeNotification.permission
  })
  onclick: (() => void) | null = null
  closed = false
  constructor(
    readonly title: string,
    readonly options: NotificationOptions,
  ) {
    FakeNotification.shown.push(this)
  }
  close() {
    this.closed = true
  }
}

const received = (count: number, conversationId = 7) => ({
  messages: Array.from({ length: count }, (_, i) => ({
    messageId: 100 + i,
    conversationId,
    clientId: 'c-1',
    contactName: 'Sheena Nelson',
    type: i === 0 ? 'text' : 'image',
    text: i === 0 ? 'Are you open on Sunday?' : null,
    timestamp: new Date().toISOString(),
  })),
})

beforeEach(() => {
  fakeApi.reset()
  FakeNotification.permission = 'granted'
  FakeNotification.shown = []
  vi.stubGlobal('Notification', FakeNotification)
})

afterEach(() => {
  vi.unstubAllGlobals()
  vi.restoreAllMocks()
})

describe('desktop notifications', () => {
  it('shows one per new inbound message, and a click opens its conversation', () => {
    const focus = vi.spyOn(window, 'focus').mockImplementation(() => undefined)
    renderWithQueries(<PushEventBridge />)
    fakeApi.emit('messages:received', received(2))
    expect(FakeNotification.shown.map((n) => [n.title, n.options.body])).toEqual([
      ['Sheena Nelson', 'Are you open on Sunday?'],
      ['Sheena Nelson', 'Photo'],
    ])
    FakeNotification.shown[0]!.onclick?.()
    expect(focus).toHaveBeenCalled()
    expect(window.location.hash).toBe('#/conversations/7')
    expect(FakeNotification.shown[0]!.closed).toBe(true)
  })

  it('sums up a catch-up batch instead of flooding the desktop', () => {
    renderWithQueries(<PushEventBridge />)
    fakeApi.emit('messages:received', received(12))
    expect(FakeNotification.shown.map((n) => [n.title, n.options.body])).toEqual([
      ['12 new messages', 'From Sheena Nelson'],
    ])
  })

  it('does not notify for the conversation the agent is reading in a focused window', () => {
    vi.spyOn(document, 'hasFocus').mockReturnValue(true)
    window.location.hash = '#/conversations/7'
    renderWithQueries(<PushEventBridge />)
    fakeApi.emit('messages:received', received(1, 7))
    expect(FakeNotification.shown).toHaveLength(0)
    fakeApi.emit('messages:received', received(1, 8))
    expect(FakeNotification.shown).toHaveLength(1)
  })

  it('shows nothing without permission, and asks for it on the agent’s click', async () => {
    const user = userEvent.setup()
    FakeNotification.permission = 'default'
    renderWithQueries(
      <>
        <PushEventBridge />
        <NotificationPrompt />
      </>,
    )
    fakeApi.emit('messages:received', received(1))
    expect(FakeNotification.shown).toHaveLength(0)
    await user.click(screen.getByRole('button', { name: 'Turn on desktop notifications' }))
    expect(FakeNotification.requestPermission).toHaveBeenCalled()
    expect(screen.queryByRole('button', { name: /notifications/ })).not.toBeInTheDocument()
    fakeApi.emit('messages:received', received(1))
    expect(FakeNotification.shown).toHaveLength(1)
  })

  it('says where to allow them when the browser blocks them', () => {
    FakeNotification.permission = 'denied'
    renderWithQueries(<NotificationPrompt />)
    expect(screen.getByTestId('notifications-denied')).toHaveTextContent(
      'Desktop notifications are blocked',
    )
  })
})
