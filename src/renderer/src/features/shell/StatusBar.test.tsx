// @vitest-environment jsdom
import { act, screen, waitFor, within } from '@testing-library/react'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { appInfo } from '../../test-support/app-fixtures'
import { fakeApi } from '../../test-support/fake-api'
import { renderWithQueries } from '../../test-support/render'
import { PushEventBridge } from '../../components/PushEventBridge'
import { tunnelStatus } from '../tunnel/tunnel-fixtures'
import { StatusBar } from './StatusBar'

vi.mock('../../lib/api', async () => {
  const { fakeApi } = await import('../../test-support/fake-api')
  return { api: fakeApi.api, retryConnection: () => {} }
})

beforeEach(() => {
  fakeApi.reset()
  fakeApi.handle('app:info', () => appInfo())
})

const renderBar = () =>
  renderWithQueries(
    <>
      <PushEventBridge />
      <StatusBar />
    </>,
  )

describe('the status bar', () => {
  it("shows the webhook tunnel's state and lag from the core", async () => {
    fakeApi.handle('tunnel:status', () =>
      tunnelStatus({ state: 'catching-up', lag: { events: null, seconds: 150 } }),
    )
    renderBar()
    const tunnel = await screen.findByTestId('status-tunnel')
    expect(tunnel).toHaveAttribute('data-state', 'catching-up')
    expect(within(tunnel).getByText('Webhooks: Catching up')).toBeInTheDocument()
    expect(within(tunnel).getByTestId('status-tunnel-lag')).toHaveTextContent('2.5 min behind')
    expect(tunnel.title).toContain('Embedded relay (http://127.0.0.1:5181)')
  })

  it('follows tunnel:state-changed live, without asking the core again', async () => {
    fakeApi.handle('tunnel:status', () => tunnelStatus())
    renderBar()
    const tunnel = await screen.findByTestId('status-tunnel')
    expect(within(tunnel).getByTestId('status-tunnel-lag')).toHaveTextContent('up to date')

    act(() =>
      fakeApi.emit(
        'tunnel:state-changed',
        tunnelStatus({
          state: 'disconnected',
          lag: { events: null, seconds: null },
          retryAt: '2026-03-02T10:05:00.000Z',
          error: {
            message: "The relay refused this desktop's token (HTTP 401).",
            fix: 'Set RELAY_TOKEN.',
          },
        }),
      ),
    )
    // The query cache notifies on its own schedule (a macrotask), hence waitFor.
    await waitFor(() => expect(tunnel).toHaveAttribute('data-state', 'disconnected'))
    expect(within(tunnel).getByText('Webhooks: Disconnected')).toBeInTheDocument()
    expect(
      within(tunnel).getByText(
        `retry at ${new Date('2026-03-02T10:05:00.000Z').toLocaleTimeString()}`,
      ),
    ).toBeInTheDocument()
    expect(tunnel.title).toContain('HTTP 401')
    expect(tunnel.title).toContain('Set RELAY_TOKEN.')

    act(() => fakeApi.emit('tunnel:state-changed', tunnelStatus({ state: 'connected' })))
    await waitFor(() => expect(tunnel).toHaveAttribute('data-state', 'connected'))
    expect(fakeApi.callsTo('tunnel:status')).toHaveLength(1)
  })

  it('says when no relay is configured', async () => {
    fakeApi.handle('tunnel:status', () =>
      tunnelStatus({
        relay: 'none',
        relayUrl: null,
        state: 'off',
        lag: { events: null, seconds: null },
        error: { message: 'No relay is configured.' },
      }),
    )
    renderBar()
    const tunnel = await screen.findByTestId('status-tunnel')
    expect(within(tunnel).getByText('Webhooks: Off')).toBeInTheDocument()
    expect(within(tunnel).queryByTestId('status-tunnel-lag')).not.toBeInTheDocument()
  })

  it('shows the inbox filling behind the tunnel after a long absence, live from tunnel:events-projected', async () => {
    fakeApi.handle('tunnel:status', () => tunnelStatus({ inboxBacklog: 120_000 }))
    renderBar()
    const tunnel = await screen.findByTestId('status-tunnel')
    expect(await within(tunnel).findByTestId('status-tunnel-inbox')).toHaveTextContent(
      'filling the inbox: 120,000 left',
    )
    act(() => fakeApi.emit('tunnel:events-projected', { projected: 500, backlog: 119_500 }))
    await waitFor(() =>
      expect(within(tunnel).getByTestId('status-tunnel-inbox')).toHaveTextContent(
        'filling the inbox: 119,500 left',
      ),
    )
    act(() => fakeApi.emit('tunnel:events-projected', { projected: 500, backlog: 0 }))
    await waitFor(() =>
      expect(within(tunnel).queryByTestId('status-tunnel-inbox')).not.toBeInTheDocument(),
    )
    expect(fakeApi.callsTo('tunnel:status')).toHaveLength(1)
  })
})
