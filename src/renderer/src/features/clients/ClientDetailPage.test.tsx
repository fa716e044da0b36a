// @vitest-environment jsdom
import type { ClientDetail } from '@shared/contract/onboarding'
import { screen, waitFor, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { useConnectionStore } from '../../stores/connection-store'
import { clientDetail, signupLaunch } from '../../test-support/client-fixtures'
import { fakeApi } from '../../test-support/fake-api'
import { renderWithQueries } from '../../test-support/render'
import { clientPolicy } from '../../test-support/review-fixtures'
import { ClientsPage } from './ClientsPage'
import { abandonSignup } from './signup-flow'
import { useSignupStore } from './signup-store'

vi.mock('../../lib/api', async () => {
  const { fakeApi } = await import('../../test-support/fake-api')
  return { api: fakeApi.api, retryConnection: () => {} }
})

let server: ClientDetail

function openDetail(client: ClientDetail) {
  server = client
  window.location.hash = `#/clients/${client.id}`
  return renderWithQueries(<ClientsPage />)
}

const section = (name: string) => screen.getByRole('region', { name })

beforeEach(() => {
  fakeApi.reset()
  useSignupStore.getState().reset()
  useConnectionStore.setState({ transport: 'websocket', state: 'open' })
  fakeApi.handle('clients:get', ({ clientId }) => {
    if (clientId !== server.id) throw new Error(`unexpected client ${clientId}`)
    return server
  })
  fakeApi.handle('drafts:client-policy', ({ clientId }) => clientPolicy({ clientId }))
})

afterEach(() => {
  abandonSignup()
  vi.restoreAllMocks()
})

describe('the client detail page', () => {
  it('shows the ids, token health with expiry, the phone, the subscription, the credit allocation and the history', async () => {
    openDetail(clientDetail())
    expect(
      await screen.findByRole('heading', { level: 1, name: 'Jaspers Market' }),
    ).toBeInTheDocument()
    expect(fakeApi.callsTo('clients:get')).toEqual([{ clientId: 'c-1' }])

    const ids = section('Identifiers')
    expect(within(ids).getByTestId('client-waba-id')).toHaveTextContent('524126980791429')
    expect(within(ids).getByTestId('client-phone-number-id')).toHaveTextContent('106540352242922')
    expect(within(ids).getByTestId('client-business-id')).toHaveTextContent('2729063490586005')

    const token = section('Business token')
    expect(within(token).getByTestId('token-status')).toHaveTextContent('Valid')
    expect(within(token).getByTestId('token-expires')).toHaveTextContent(
      new Date('2026-05-01T00:00:00.000Z').toLocaleString(),
    )
    expect(token).toHaveTextContent('whatsapp_business_messaging')

    const phone = section('Phone number')
    expect(within(phone).getByTestId('phone-quality')).toHaveTextContent('GREEN')
    expect(within(phone).getByTestId('phone-tier')).toHaveTextContent('TIER_250')
    expect(within(phone).getByTestId('phone-name-status')).toHaveTextContent('APPROVED')
    expect(within(phone).getByTestId('phone-throughput')).toHaveTextContent('STANDARD')

    const links = section('Webhooks and credit line')
    expect(within(links).getByTestId('client-subscription')).toHaveTextContent('Subscribed')
    expect(within(links).getByTestId('client-credit')).toHaveTextContent('Shared')
    expect(within(links).getByTestId('client-credit')).toHaveTextContent('58501441721238')

    const steps = within(section('Onboarding steps')).getByRole('list', {
      name: 'Onboarding steps',
    })
    expect(
      within(steps)
        .getAllByRole('listitem')
        .map((item) => item.dataset.status),
    ).toEqual(['done', 'done', 'done', 'done', 'skipped'])
    const history = within(section('History')).getByRole('table')
    expect(history).toHaveTextContent('onboarding.step.done')
    expect(history).toHaveTextContent('step: register_phone')
  })

  it('warns about an expiring token and a paused client, and re-authorizes by running signup again', async () => {
    const user = userEvent.setup()
    const popup = { closed: false, location: { replace: vi.fn() }, close: vi.fn(), focus: vi.fn() }
    vi.spyOn(window, 'open').mockReturnValue(popup as unknown as Window)
    fakeApi.handle('onboarding:begin-signup', ({ clientId }) =>
      signupLaunch({ clientId: clientId ?? null }),
    )
    openDetail(
      clientDetail({
        paused: true,
        warnings: ['The business token expired: sending is paused.'],
        token: {
          ...clientDetail().token,
          status: 'invalid',
          message: 'Error validating access token (190).',
        },
        actions: { retry: false, reauthorize: true, setPin: false, offboard: true },
      }),
    )
    expect(
      await screen.findByText('The business token expired: sending is paused.'),
    ).toBeInTheDocument()
    expect(within(section('Business token')).getByTestId('token-status')).toHaveTextContent(
      'Expired or revoked',
    )

    await user.click(screen.getByRole('button', { name: 'Re-authorize (run signup again)' }))
    await waitFor(() =>
      expect(fakeApi.callsTo('onboarding:begin-signup')).toEqual([
        { clientId: 'c-1', openerOrigin: window.location.origin },
      ]),
    )
    expect(
      await screen.findByText('Waiting for the client to finish Embedded Signup…'),
    ).toBeInTheDocument()
  })

  it('offboards only after confirmation', async () => {
    const user = userEvent.setup()
    fakeApi.handle('clients:offboard', () => {
      server = { ...server, state: 'offboarded', actions: { ...server.actions, offboard: false } }
      return server
    })
    openDetail(clientDetail())
    await user.click(await screen.findByRole('button', { name: 'Offboard' }))
    const dialog = screen.getByRole('dialog', { name: 'Offboard Jaspers Market?' })
    expect(dialog).toHaveTextContent('deletes its token and PIN from the OS keychain')
    await user.click(within(dialog).getByRole('button', { name: 'Cancel' }))
    expect(fakeApi.callsTo('clients:offboard')).toEqual([])

    await user.click(screen.getByRole('button', { name: 'Offboard' }))
    await user.click(
      within(screen.getByRole('dialog', { name: 'Offboard Jaspers Market?' })).getByRole('button', {
        name: 'Offboard client',
      }),
    )
    await waitFor(() => expect(fakeApi.callsTo('clients:offboard')).toEqual([{ clientId: 'c-1' }]))
    expect(await screen.findByTestId('client-detail-state')).toHaveAttribute(
      'data-state',
      'offboarded',
    )
    expect(screen.queryByRole('button', { name: 'Offboard' })).not.toBeInTheDocument()
  })

  it('takes a staff-entered PIN: 6 digits only, sent once, never left in the field', async () => {
    const user = userEvent.setup()
    const waiting = clientDetail({
      state: 'waiting',
      actions: { retry: true, reauthorize: false, setPin: true, offboard: true },
      pin: { configured: false, source: null },
    })
    fakeApi.handle('onboarding:set-pin', () => ({
      ...server,
      pin: { configured: true, source: 'staff' },
    }))
    openDetail(waiting)
    const input = await screen.findByLabelText(/two-step verification pin/i)

    await user.type(input, '12ab')
    await user.click(screen.getByRole('button', { name: 'Use this PIN' }))
    expect(screen.getByRole('alert')).toHaveTextContent('Enter exactly 6 digits.')
    expect(input).toHaveValue('')
    expect(fakeApi.callsTo('onboarding:set-pin')).toEqual([])

    await user.type(input, '482913')
    await user.click(screen.getByRole('button', { name: 'Use this PIN' }))
    await waitFor(() =>
      expect(fakeApi.callsTo('onboarding:set-pin')).toEqual([{ clientId: 'c-1', pin: '482913' }]),
    )
    expect(input).toHaveValue('')
    expect(await screen.findByText(/PIN saved to the OS keychain/)).toBeInTheDocument()
    expect(document.body.innerHTML).not.toContain('482913')
  })

  it('says when the client does not exist', async () => {
    fakeApi.fail('clients:get', { code: 'NOT_FOUND', message: 'No client c-9.', retryable: false })
    window.location.hash = '#/clients/c-9'
    renderWithQueries(<ClientsPage />)
    expect(await screen.findByRole('alert')).toHaveTextContent('No client c-9.')
    expect(screen.getByRole('link', { name: '← All clients' })).toHaveAttribute('href', '#/clients')
  })
})
