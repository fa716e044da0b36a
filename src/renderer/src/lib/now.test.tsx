// @vitest-environment jsdom
import { act, screen } from '@testing-library/react'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { PushEventBridge } from '../components/PushEventBridge'
import { Composer } from '../features/conversations/Composer'
import { WindowStatus } from '../features/conversations/WindowStatus'
import { appInfo } from '../test-support/app-fixtures'
import { fakeApi } from '../test-support/fake-api'
import { conversationRow } from '../test-support/messaging-fixtures'
import { renderWithQueries } from '../test-support/render'
import { setPlatformClockOffset } from './now'

vi.mock('./api', async () => {
  const { fakeApi } = await import('../test-support/fake-api')
  return { api: fakeApi.api, retryConnection: () => {} }
})

const HOUR = 3_600_000
const iso = (offsetMs: number) => new Date(Date.now() + offsetMs).toISOString()

const info = (platformClockOffsetMs: number) => appInfo({ platformClockOffsetMs })

beforeEach(() => fakeApi.reset())
afterEach(() => setPlatformClockOffset(0))

describe('countdowns on the platform’s clock', () => {
  it('counts the 24-hour window down from the platform’s time, and follows app:clock-changed', async () => {
    fakeApi.handle('app:info', () => info(0))
    renderWithQueries(
      <>
        <PushEventBridge />
        <WindowStatus windowEndsAt={iso(3 * HOUR + 30 * 60_000)} />
      </>,
    )
    expect(await screen.findByTestId('window-status')).toHaveTextContent('3 h 29 min left')

    // The sandbox's clock moved an hour on: an hour less is left.
    act(() => fakeApi.emit('app:clock-changed', { offsetMs: HOUR }))
    expect(screen.getByTestId('window-status')).toHaveTextContent('2 h 29 min left')

    // 25 hours on: the window is closed on the platform's clock, whatever this machine says.
    act(() => fakeApi.emit('app:clock-changed', { offsetMs: 25 * HOUR }))
    expect(screen.getByTestId('window-status')).toHaveAttribute('data-open', 'false')
  })

  it('locks the composer when the core reports a platform clock past the window', async () => {
    fakeApi.handle('app:info', () => info(25 * HOUR))
    renderWithQueries(
      <>
        <PushEventBridge />
        <Composer
          conversation={conversationRow({
            lastInboundAt: iso(-2 * HOUR),
            windowEndsAt: iso(22 * HOUR),
          })}
        />
      </>,
    )
    expect(await screen.findByTestId('composer-locked')).toHaveTextContent(
      'The 24-hour customer service window is closed',
    )
    expect(screen.queryByLabelText('Message')).not.toBeInTheDocument()
  })

  it('keeps this machine’s time in live mode (offset 0)', async () => {
    fakeApi.handle('app:info', () => ({ ...info(0), mode: 'live', sandboxUrl: null }))
    renderWithQueries(
      <>
        <PushEventBridge />
        <Composer
          conversation={conversationRow({
            lastInboundAt: iso(-2 * HOUR),
            windowEndsAt: iso(22 * HOUR),
          })}
        />
      </>,
    )
    expect(await screen.findByLabelText('Message')).toBeInTheDocument()
    expect(screen.queryByTestId('composer-locked')).not.toBeInTheDocument()
  })
})
