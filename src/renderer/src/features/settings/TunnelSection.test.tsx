// @vitest-environment jsdom
import { screen, waitFor } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { fakeApi } from '../../test-support/fake-api'
import { renderWithQueries } from '../../test-support/render'
import { tunnelStatus } from '../tunnel/tunnel-fixtures'
import { localInputValue, TunnelSection } from './TunnelSection'

vi.mock('../../lib/api', async () => {
  const { fakeApi } = await import('../../test-support/fake-api')
  return { api: fakeApi.api, retryConnection: () => {} }
})

beforeEach(() => fakeApi.reset())

describe('Settings → Webhook relay', () => {
  it('shows the relay, the connection and the newest event', async () => {
    fakeApi.handle('tunnel:status', () =>
      tunnelStatus({ relay: 'remote', relayUrl: 'https://relay.example.com' }),
    )
    renderWithQueries(<TunnelSection />)
    expect(await screen.findByTestId('tunnel-relay')).toHaveTextContent('https://relay.example.com')
    expect(screen.getByTestId('tunnel-state')).toHaveTextContent('Connected — up to date')
    expect(
      screen.getByText(new RegExp(`${new Date('2026-03-02T10:00:00.000Z').toLocaleString()}`)),
    ).toHaveTextContent('1,234 received')
  })

  it('re-syncs from the chosen date and says that nothing is applied twice', async () => {
    const user = userEvent.setup()
    fakeApi.handle('tunnel:status', () => tunnelStatus())
    fakeApi.handle('tunnel:resync', ({ since }) =>
      tunnelStatus({ state: 'connecting', resyncSince: since }),
    )
    renderWithQueries(<TunnelSection />)
    await screen.findByTestId('tunnel-relay')
    const input = screen.getByLabelText('Re-sync from')
    const chosen = new Date(2026, 2, 1, 8, 30)
    await user.clear(input)
    await user.type(input, localInputValue(chosen))
    await user.click(screen.getByRole('button', { name: 'Re-sync' }))

    expect(await screen.findByRole('status')).toHaveTextContent(/never applied twice/)
    expect(fakeApi.callsTo('tunnel:resync')).toEqual([{ since: chosen.toISOString() }])
    await waitFor(() =>
      expect(screen.getByTestId('tunnel-state')).toHaveAttribute('data-state', 'connecting'),
    )
  })

  it('shows why the relay refused, with the fix, and offers no re-sync without a relay', async () => {
    fakeApi.handle('tunnel:status', () =>
      tunnelStatus({
        relay: 'none',
        relayUrl: null,
        state: 'off',
        error: { message: 'No relay is configured.', fix: 'Set RELAY_URL and RELAY_TOKEN.' },
      }),
    )
    renderWithQueries(<TunnelSection />)
    expect(await screen.findByTestId('tunnel-error')).toHaveTextContent(
      'No relay is configured.How to fix: Set RELAY_URL and RELAY_TOKEN.',
    )
    expect(screen.getByRole('button', { name: 'Re-sync' })).toBeDisabled()
  })

  it('shows the core refusing a re-sync', async () => {
    const user = userEvent.setup()
    fakeApi.handle('tunnel:status', () => tunnelStatus())
    fakeApi.fail('tunnel:resync', {
      code: 'VALIDATION',
      message: 'Invalid input for tunnel:resync: since must not be in the future',
      retryable: false,
    })
    renderWithQueries(<TunnelSection />)
    await screen.findByTestId('tunnel-relay')
    await user.click(screen.getByRole('button', { name: 'Re-sync' }))
    expect(await screen.findByRole('alert')).toHaveTextContent('must not be in the future')
  })
})
