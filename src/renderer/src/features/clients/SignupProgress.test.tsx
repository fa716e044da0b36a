// @vitest-environment jsdom
import type { ClientDetail, OnboardingStep, StepStatus } from '@shared/contract/onboarding'
import { act, screen, waitFor, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { PushEventBridge } from '../../components/PushEventBridge'
import { Toaster } from '../../components/Toaster'
import { useConnectionStore } from '../../stores/connection-store'
import { useToastStore } from '../../stores/toast-store'
import { LAUNCHER_ORIGIN, signupLaunch, startedClient } from '../../test-support/client-fixtures'
import { fakeApi } from '../../test-support/fake-api'
import { renderWithQueries } from '../../test-support/render'
import { ClientsPage } from './ClientsPage'
import { useProgressStore } from './progress-store'
import { abandonSignup } from './signup-flow'
import { useSignupStore } from './signup-store'

vi.mock('../../lib/api', async () => {
  const { fakeApi } = await import('../../test-support/fake-api')
  return { api: fakeApi.api, retryConnection: () => {} }
})

const launch = signupLaunch()
const finish = JSON.stringify({
  type: 'WA_EMBEDDED_SIGNUP',
  event: 'FINISH',
  data: { waba_id: '524126980791429', phone_number_id: '106540352242922', business_id: '1' },
  version: 3,
})

function fakePopup() {
  const popup = {
    closed: false,
    location: { replace: vi.fn() },
    close: () => void (popup.closed = true),
    focus: vi.fn(),
  }
  vi.spyOn(window, 'open').mockReturnValue(popup as unknown as Window)
  return popup
}

function postMessage(data: unknown, from: { origin?: string; source?: unknown }) {
  const event = new MessageEvent('message', { data, origin: from.origin ?? LAUNCHER_ORIGIN })
  Object.defineProperty(event, 'source', { value: from.source ?? null })
  act(() => void window.dispatchEvent(event))
}

const result = (overrides: Record<string, unknown> = {}) => ({
  type: 'WAPC_SIGNUP_RESULT',
  state: launch.sessionId,
  code: 'AQD-one-time-code',
  events: [finish],
  ...overrides,
})

/** The core's view of the client, moved along with the progress events it pushes. */
let server: ClientDetail

function progress(
  step: OnboardingStep,
  status: StepStatus,
  state: ClientDetail['state'],
  message: string | null = null,
) {
  server = {
    ...server,
    state,
    steps: server.steps.map((entry) =>
      entry.step === step ? { ...entry, status, message } : entry,
    ),
  }
  act(() =>
    fakeApi.emit('onboarding:progress', {
      clientId: server.id,
      step,
      status,
      attempts: 1,
      message,
      error: null,
      state,
      at: new Date().toISOString(),
    }),
  )
}

function renderConsole() {
  return renderWithQueries(
    <>
      <PushEventBridge />
      <ClientsPage />
      <Toaster />
    </>,
  )
}

beforeEach(() => {
  fakeApi.reset()
  useSignupStore.getState().reset()
  useProgressStore.setState({ byClient: {} })
  useToastStore.setState({ toasts: [] })
  useConnectionStore.setState({ transport: 'websocket', state: 'open' })
  server = startedClient()
  fakeApi.handle('clients:list', () => [])
  fakeApi.handle('onboarding:sessions', () => [])
  fakeApi.handle('onboarding:begin-signup', () => launch)
  fakeApi.handle('clients:get', () => server)
  fakeApi.handle('onboarding:submit-signup', () => ({ outcome: 'started', client: server }))
})

afterEach(() => {
  abandonSignup()
  vi.restoreAllMocks()
})

describe('Continue with Facebook (browser mode)', () => {
  it('opens the launcher in a popup, takes only its result, submits it and shows each step live, then the toast', async () => {
    const user = userEvent.setup()
    const popup = fakePopup()
    renderConsole()

    await user.click(screen.getByRole('button', { name: 'Continue with Facebook' }))
    await waitFor(() => expect(popup.location.replace).toHaveBeenCalledWith(launch.launcherUrl))
    expect(fakeApi.callsTo('onboarding:begin-signup')).toEqual([
      { openerOrigin: window.location.origin },
    ])
    expect(
      screen.getByText(/waiting for the client to finish embedded signup/i),
    ).toBeInTheDocument()

    // Not the launcher, not this popup, not this attempt, not a result: ignored.
    postMessage(result({ code: 'evil-origin' }), { origin: 'https://evil.example', source: popup })
    postMessage(result({ code: 'look-alike' }), {
      origin: `${LAUNCHER_ORIGIN}.evil.example`,
      source: popup,
    })
    postMessage(result({ code: 'other-window' }), { source: {} })
    postMessage(result({ code: 'stale', state: 'another-attempt' }), { source: popup })
    postMessage(finish, { source: popup })
    await act(async () => {})
    expect(fakeApi.callsTo('onboarding:submit-signup')).toEqual([])
    expect(screen.getByTestId('signup-phase')).toHaveAttribute('data-phase', 'in-popup')

    postMessage(result(), { source: popup })
    await waitFor(() =>
      expect(fakeApi.callsTo('onboarding:submit-signup')).toEqual([
        { sessionId: launch.sessionId, code: 'AQD-one-time-code', events: [finish] },
      ]),
    )
    expect(popup.closed).toBe(true)
    const steps = await screen.findByRole('list', { name: 'Onboarding steps' })
    const status = (step: string) => within(steps).getByTestId(`step-${step}`)
    expect(status('exchange_code')).toHaveAttribute('data-status', 'done')
    expect(status('subscribe_webhooks')).toHaveAttribute('data-status', 'pending')

    progress('subscribe_webhooks', 'running', 'onboarding')
    expect(status('subscribe_webhooks')).toHaveAttribute('data-status', 'running')
    progress('subscribe_webhooks', 'done', 'onboarding')
    progress('share_credit_line', 'done', 'onboarding')
    expect(status('share_credit_line')).toHaveAttribute('data-status', 'done')
    expect(screen.queryByText('Client onboarded successfully!')).not.toBeInTheDocument()
    progress('register_phone', 'done', 'onboarded')
    progress('sync_business_app', 'skipped', 'onboarded')

    for (const step of ['subscribe_webhooks', 'share_credit_line', 'register_phone']) {
      expect(status(step)).toHaveAttribute('data-status', 'done')
    }
    const log = screen.getByRole('list', { name: 'Step log' })
    expect(
      within(log)
        .getAllByRole('listitem')
        .map((item) => item.dataset.status),
    ).toEqual(['running', 'done', 'done', 'done', 'skipped'])
    // Once, in the live region, however many events say "onboarded".
    const region = screen.getByRole('status', { name: 'Notifications' })
    expect(region).toHaveAttribute('aria-live', 'polite')
    expect(within(region).getAllByText('Client onboarded successfully!')).toHaveLength(1)
    await waitFor(() =>
      expect(screen.getByTestId('onboarding-progress')).toHaveAttribute('data-state', 'onboarded'),
    )
  })

  it('shows a CANCEL with the screen the client left, and runs signup again on request', async () => {
    const user = userEvent.setup()
    const popup = fakePopup()
    fakeApi.handle('onboarding:submit-signup', () => ({
      outcome: 'cancelled',
      currentStep: 'BUSINESS_ACCOUNT_SELECTION',
      session: {
        id: launch.sessionId,
        clientId: null,
        status: 'cancelled',
        createdAt: server.createdAt,
        updatedAt: server.createdAt,
        error: null,
        events: [],
      },
    }))
    renderConsole()
    await user.click(screen.getByRole('button', { name: 'Continue with Facebook' }))
    await waitFor(() => expect(popup.location.replace).toHaveBeenCalled())
    postMessage(result({ code: null, events: [] }), { source: popup })

    const notice = await screen.findByTestId('signup-cancelled')
    expect(notice).toHaveTextContent(
      'The client left Embedded Signup while choosing the business portfolio (BUSINESS_ACCOUNT_SELECTION).',
    )
    await user.click(within(notice).getByRole('button', { name: 'Run signup again' }))
    await waitFor(() => expect(fakeApi.callsTo('onboarding:begin-signup')).toHaveLength(2))
  })

  it('asks to run signup again when the code expired, with a button that does it', async () => {
    const user = userEvent.setup()
    const popup = fakePopup()
    fakeApi.fail('onboarding:submit-signup', {
      code: 'VALIDATION',
      message:
        'The authorization code expired before it could be exchanged (codes live 30 seconds).',
      fix: 'Ask the client to run Embedded Signup again.',
      retryable: false,
      details: { action: 'restart-signup' },
    })
    renderConsole()
    await user.click(screen.getByRole('button', { name: 'Continue with Facebook' }))
    await waitFor(() => expect(popup.location.replace).toHaveBeenCalled())
    postMessage(result(), { source: popup })

    const failed = await screen.findByTestId('signup-failed')
    expect(within(failed).getByRole('alert')).toHaveTextContent(
      'Ask the client to run signup again',
    )
    expect(within(failed).getByRole('alert')).toHaveTextContent('codes live 30 seconds')
    await user.click(within(failed).getByRole('button', { name: 'Run signup again' }))
    await waitFor(() => expect(fakeApi.callsTo('onboarding:begin-signup')).toHaveLength(2))
  })

  it('says so when the popup is closed before the launcher reports', async () => {
    const user = userEvent.setup()
    const popup = fakePopup()
    renderConsole()
    await user.click(screen.getByRole('button', { name: 'Continue with Facebook' }))
    await waitFor(() => expect(popup.location.replace).toHaveBeenCalled())
    popup.closed = true
    expect(await screen.findByTestId('signup-closed', {}, { timeout: 4000 })).toHaveTextContent(
      'closed before the client finished',
    )
    expect(fakeApi.callsTo('onboarding:submit-signup')).toEqual([])
  })

  it('says what a waiting step needs, links to Settings, and retries a failed step', async () => {
    const user = userEvent.setup()
    const popup = fakePopup()
    fakeApi.handle('onboarding:retry', () => server)
    renderConsole()
    await user.click(screen.getByRole('button', { name: 'Continue with Facebook' }))
    await waitFor(() => expect(popup.location.replace).toHaveBeenCalled())
    postMessage(result(), { source: popup })
    const steps = await screen.findByRole('list', { name: 'Onboarding steps' })

    const waiting = 'Set the credit line ID in Settings → Configuration (FACEBOOK_CREDIT_LINE_ID).'
    progress('subscribe_webhooks', 'done', 'onboarding')
    server = { ...server, actions: { ...server.actions, retry: true } }
    progress('share_credit_line', 'waiting', 'waiting', waiting)
    const step = within(steps).getByTestId('step-share_credit_line')
    expect(step).toHaveTextContent(waiting)
    expect(within(step).getByRole('link', { name: 'Open Settings' })).toHaveAttribute(
      'href',
      '#/settings',
    )

    await user.click(await screen.findByRole('button', { name: 'Retry from the failed step' }))
    await waitFor(() =>
      expect(fakeApi.callsTo('onboarding:retry')).toEqual([{ clientId: server.id }]),
    )
  })
})

describe('Continue with Facebook (Electron)', () => {
  it('lets main open the signup window and follows the attempt through the recorded session', async () => {
    const user = userEvent.setup()
    useConnectionStore.setState({ transport: 'ipc' })
    const open = vi.spyOn(window, 'open')
    renderConsole()

    await user.click(screen.getByRole('button', { name: 'Continue with Facebook' }))
    expect(
      await screen.findByText('Complete Embedded Signup in the window that opened.'),
    ).toBeInTheDocument()
    expect(open).not.toHaveBeenCalled()
    expect(fakeApi.callsTo('onboarding:begin-signup')).toEqual([{}])

    fakeApi.handle('onboarding:sessions', () => [
      {
        id: launch.sessionId,
        clientId: null,
        status: 'error',
        createdAt: server.createdAt,
        updatedAt: server.createdAt,
        error: null,
        events: [
          {
            at: server.createdAt,
            kind: 'error',
            event: 'CANCEL',
            currentStep: null,
            errorCode: '524126',
            errorMessage: 'Your verified name violates WhatsApp guidelines.',
            metaSessionId: 'f34b51dab5e0498',
            wabaId: null,
            phoneNumberId: null,
            businessId: null,
          },
        ],
      },
    ])
    act(() => fakeApi.emit('clients:changed', { clientId: null, reason: 'session' }))
    const error = await screen.findByTestId('signup-error')
    expect(error).toHaveTextContent('Your verified name violates WhatsApp guidelines.')
    expect(error).toHaveTextContent('Meta error 524126')
  })
})
