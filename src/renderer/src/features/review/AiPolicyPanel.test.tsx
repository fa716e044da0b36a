// @vitest-environment jsdom
import type { ClientPolicy } from '@shared/contract/drafts'
import { screen, waitFor, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { clientDetail } from '../../test-support/client-fixtures'
import { fakeApi } from '../../test-support/fake-api'
import { renderWithQueries } from '../../test-support/render'
import { clientPolicy } from '../../test-support/review-fixtures'
import { ClientsPage } from '../clients/ClientsPage'

vi.mock('../../lib/api', async () => {
  const { fakeApi } = await import('../../test-support/fake-api')
  return { api: fakeApi.api, retryConnection: () => {} }
})

let policy: ClientPolicy

beforeEach(() => {
  fakeApi.reset()
  policy = clientPolicy()
  fakeApi.handle('clients:get', () => clientDetail())
  fakeApi.handle('drafts:client-policy', () => policy)
  fakeApi.handle('drafts:set-client-policy', ({ clientId, policy: chosen, timeoutSeconds }) => {
    policy = clientPolicy({
      clientId,
      policy: chosen,
      timeoutSeconds: timeoutSeconds ?? policy.timeoutSeconds,
      updatedBy: 'Ana',
      updatedAt: '2026-03-02T10:00:00.000Z',
    })
    return policy
  })
  window.location.hash = '#/clients/c-1'
})

describe('the client page’s AI policy', () => {
  it('shows that a new client starts on review, and saves review-with-timeout with its delay', async () => {
    renderWithQueries(<ClientsPage />)
    const panel = await screen.findByTestId('ai-policy')
    const select = within(panel).getByLabelText('Policy')
    await waitFor(() => expect(select).toHaveValue('review'))
    expect(panel).toHaveTextContent('New clients start on review.')
    expect(within(panel).getByRole('button', { name: 'Save policy' })).toBeDisabled()

    await userEvent.selectOptions(select, 'review-with-timeout')
    const seconds = within(panel).getByLabelText('Send after (seconds)')
    expect(seconds).toHaveValue(120)
    await userEvent.clear(seconds)
    await userEvent.type(seconds, '2')
    expect(seconds).toHaveAttribute('aria-invalid', 'true')
    await userEvent.type(seconds, '0')
    await userEvent.click(within(panel).getByRole('button', { name: 'Save policy' }))
    await waitFor(() =>
      expect(fakeApi.callsTo('drafts:set-client-policy')).toEqual([
        { clientId: 'c-1', policy: 'review-with-timeout', timeoutSeconds: 20 },
      ]),
    )
    expect(await within(panel).findByTestId('ai-policy-updated')).toHaveTextContent('Set by Ana')
  })

  it('switches to automatic sending', async () => {
    renderWithQueries(<ClientsPage />)
    const panel = await screen.findByTestId('ai-policy')
    await waitFor(() => expect(within(panel).getByLabelText('Policy')).toHaveValue('review'))
    await userEvent.selectOptions(within(panel).getByLabelText('Policy'), 'auto')
    expect(within(panel).queryByLabelText('Send after (seconds)')).toBeNull()
    await userEvent.click(within(panel).getByRole('button', { name: 'Save policy' }))
    await waitFor(() =>
      expect(fakeApi.callsTo('drafts:set-client-policy')).toEqual([
        { clientId: 'c-1', policy: 'auto' },
      ]),
    )
  })
})
