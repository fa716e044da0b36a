// @vitest-environment jsdom
import { screen, waitFor, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { clientRow } from '../../test-support/client-fixtures'
import { fakeApi } from '../../test-support/fake-api'
import { renderWithQueries } from '../../test-support/render'
import { ClientsPage } from './ClientsPage'

vi.mock('../../lib/api', async () => {
  const { fakeApi } = await import('../../test-support/fake-api')
  return { api: fakeApi.api, retryConnection: () => {} }
})

const acme = clientRow({
  id: 'c-2',
  name: 'Acme Bikes',
  wabaId: '700000000000002',
  displayPhoneNumber: '+55 11 5555-0100',
  state: 'failed',
  currentStep: 'share_credit_line',
  qualityRating: null,
  lastActivityAt: '2026-03-03T08:30:00.000Z',
})

beforeEach(() => {
  fakeApi.reset()
  fakeApi.handle('onboarding:sessions', () => [])
  fakeApi.handle('clients:list', ({ state, query }) =>
    [clientRow(), acme].filter(
      (row) =>
        (!state || row.state === state) &&
        (!query ||
          `${row.name} ${row.displayPhoneNumber} ${row.wabaId}`
            .toLowerCase()
            .includes(query.toLowerCase())),
    ),
  )
})

describe('the Clients list', () => {
  it('lists every client with its state, phone, quality and last activity', async () => {
    renderWithQueries(<ClientsPage />)
    const table = await screen.findByRole('table', { name: /clients and their onboarding state/i })
    const rows = within(table).getAllByRole('row').slice(1)
    expect(rows).toHaveLength(2)

    const jaspers = within(table)
      .getByRole('rowheader', { name: /jaspers market/i })
      .closest('tr')!
    expect(within(jaspers).getByText('Onboarded')).toBeInTheDocument()
    expect(within(jaspers).getByText('+1 555-0142')).toBeInTheDocument()
    expect(within(jaspers).getByText('GREEN')).toBeInTheDocument()
    expect(
      within(jaspers).getByText(new Date('2026-03-02T10:00:00.000Z').toLocaleString()),
    ).toBeInTheDocument()
    expect(within(jaspers).getByRole('link', { name: 'Jaspers Market' })).toHaveAttribute(
      'href',
      '#/clients/c-1',
    )

    const bikes = within(table)
      .getByRole('rowheader', { name: /acme bikes/i })
      .closest('tr')!
    expect(within(bikes).getByText('Failed')).toBeInTheDocument()
    // Where a client is stuck: the step it is on.
    expect(within(bikes).getByText('Share the credit line')).toBeInTheDocument()
    expect(within(bikes).getByText('+55 11 5555-0100')).toBeInTheDocument()
  })

  it('filters by state and searches, asking the core with the filter', async () => {
    const user = userEvent.setup()
    renderWithQueries(<ClientsPage />)
    await screen.findByRole('rowheader', { name: /acme bikes/i })

    await user.selectOptions(screen.getByLabelText('Show clients in state'), 'Failed')
    await waitFor(() =>
      expect(screen.queryByRole('rowheader', { name: /jaspers market/i })).not.toBeInTheDocument(),
    )
    expect(screen.getByRole('rowheader', { name: /acme bikes/i })).toBeInTheDocument()
    expect(fakeApi.callsTo('clients:list')).toContainEqual({ state: 'failed' })

    await user.selectOptions(screen.getByLabelText('Show clients in state'), 'All states')
    await user.type(screen.getByLabelText(/search clients/i), 'jaspers')
    await waitFor(() =>
      expect(screen.queryByRole('rowheader', { name: /acme bikes/i })).not.toBeInTheDocument(),
    )
    expect(fakeApi.callsTo('clients:list')).toContainEqual({ query: 'jaspers' })

    await user.clear(screen.getByLabelText(/search clients/i))
    await user.type(screen.getByLabelText(/search clients/i), 'nobody')
    expect(await screen.findByText('No client matches this filter.')).toBeInTheDocument()
  })

  it('says how to start when there are no clients', async () => {
    fakeApi.handle('clients:list', () => [])
    renderWithQueries(<ClientsPage />)
    expect(
      await screen.findByText(
        'No clients yet. Press Continue with Facebook to onboard the first one.',
      ),
    ).toBeInTheDocument()
    expect(screen.getByRole('button', { name: 'Continue with Facebook' })).toBeEnabled()
  })

  it('shows what the core says when the list cannot load', async () => {
    fakeApi.fail('clients:list', {
      code: 'SECRET_UNAVAILABLE',
      message: 'The OS keychain is locked.',
      fix: 'Unlock it.',
      retryable: false,
    })
    renderWithQueries(<ClientsPage />)
    expect(await screen.findByRole('alert')).toHaveTextContent('The OS keychain is locked.')
  })
})
