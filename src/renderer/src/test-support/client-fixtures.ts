import type { ClientDetail, ClientRow, SignupLaunch } from '@shared/contract/onboarding'

const at = '2026-03-02T10:00:00.000Z'

export function clientRow(overrides: Partial<ClientRow> = {}): ClientRow {
  return {
    id: 'c-1',
    name: 'Jaspers Market',
    wabaId: '524126980791429',
    phoneNumberId: '106540352242922',
    businessId: '2729063490586005',
    displayPhoneNumber: '+1 555-0142',
    state: 'onboarded',
    signupFinish: 'FINISH',
    paused: false,
    steps: [
      { step: 'exchange_code', status: 'done' },
      { step: 'subscribe_webhooks', status: 'done' },
      { step: 'share_credit_line', status: 'done' },
      { step: 'register_phone', status: 'done' },
      { step: 'sync_business_app', status: 'skipped' },
    ],
    currentStep: null,
    qualityRating: 'GREEN',
    warnings: [],
    lastActivityAt: at,
    createdAt: at,
    onboardedAt: at,
    offboardedAt: null,
    ...overrides,
  }
}

const step = (
  name: ClientDetail['steps'][number]['step'],
  status: ClientDetail['steps'][number]['status'],
) => ({
  step: name,
  status,
  attempts: status === 'pending' || status === 'skipped' ? 0 : 1,
  message: null,
  lastError: null,
  nextAttemptAt: null,
  updatedAt: at,
})

export function clientDetail(overrides: Partial<ClientDetail> = {}): ClientDetail {
  return {
    ...clientRow(),
    steps: [
      step('exchange_code', 'done'),
      step('subscribe_webhooks', 'done'),
      step('share_credit_line', 'done'),
      step('register_phone', 'done'),
      step('sync_business_app', 'skipped'),
    ],
    token: {
      status: 'valid',
      expiresAt: '2026-05-01T00:00:00.000Z',
      dataAccessExpiresAt: '2026-06-01T00:00:00.000Z',
      scopes: ['whatsapp_business_management', 'whatsapp_business_messaging'],
      message: null,
      checkedAt: at,
    },
    phone: {
      displayPhoneNumber: '+1 555-0142',
      verifiedName: 'Jaspers Market',
      qualityRating: 'GREEN',
      messagingLimitTier: 'TIER_250',
      nameStatus: 'APPROVED',
      throughputLevel: 'STANDARD',
      codeVerificationStatus: 'VERIFIED',
      status: 'CONNECTED',
      platformType: 'CLOUD_API',
      checkedAt: at,
    },
    subscription: { subscribed: true, overrideCallbackUri: null, verifiedAt: at },
    creditAllocation: {
      allocationConfigId: '58501441721238',
      creditLineId: '1972385232742146',
      currency: 'USD',
      verified: true,
      revoked: false,
      verifiedAt: at,
    },
    pin: { configured: true, source: 'generated' },
    offboarding: null,
    actions: { retry: false, reauthorize: false, setPin: false, offboard: true },
    history: [
      {
        at,
        actor: 'pipeline',
        action: 'onboarding.step.done',
        details: { step: 'register_phone' },
      },
      {
        at,
        actor: 'user:web',
        action: 'onboarding.signup.submitted',
        details: { event: 'FINISH' },
      },
    ],
    ...overrides,
  }
}

/** What a client detail looks like right after the code exchange, with the rest to do. */
export function startedClient(): ClientDetail {
  return clientDetail({
    state: 'onboarding',
    onboardedAt: null,
    currentStep: 'subscribe_webhooks',
    steps: [
      step('exchange_code', 'done'),
      step('subscribe_webhooks', 'pending'),
      step('share_credit_line', 'pending'),
      step('register_phone', 'pending'),
      step('sync_business_app', 'pending'),
    ],
  })
}

export const LAUNCHER_ORIGIN = 'http://127.0.0.1:4010'

export function signupLaunch(overrides: Partial<SignupLaunch> = {}): SignupLaunch {
  return {
    sessionId: 'sess-0123456789',
    launcherUrl: `${LAUNCHER_ORIGIN}/signup/launcher?state=sess-0123456789`,
    launcherOrigin: LAUNCHER_ORIGIN,
    appId: '1234567890',
    configId: '9876543210',
    graphApiVersion: 'v25.0',
    mode: 'sandbox',
    eventOrigins: [LAUNCHER_ORIGIN],
    clientId: null,
    expiresAt: '2026-03-02T10:10:00.000Z',
    ...overrides,
  }
}
