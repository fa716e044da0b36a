import { AppError } from '@shared/contract/errors'
import type { OnboardingStep, StepError } from '@shared/contract/onboarding'
import { WEBHOOK_PATH } from '@shared/relay/protocol'
import type { ClientPatch, ClientRecord, StepRecord } from '../store/clients-repo'
import { nowIso, type OnboardingDeps } from './deps'
import { registerPhone } from './register-step'
import { graphCodeOf } from './step-errors'

/** Meta's "Synchronization request limit exceeded": this sync was already requested. */
const ALREADY_SYNCED = 2593107

/** Why a step waits: what has to change outside the pipeline before it can go on. */
export type WaitReason = 'config' | 'reauth' | 'pin' | 'phone' | 'limit' | 'verification'

export type StepOutcome =
  | { status: 'done'; message: string | null; client?: ClientPatch }
  | { status: 'skipped'; message: string; client?: ClientPatch }
  | {
      status: 'waiting'
      waitFor: WaitReason
      message: string
      /** When to look again by itself; null = only after a staff action. */
      nextAttemptAt: string | null
      /** The Meta error that made it wait (e.g. 133005), recorded as the step's last error. */
      error?: StepError
      client?: ClientPatch
    }

export interface StepContext {
  deps: OnboardingDeps
  client: ClientRecord
  step: StepRecord
  /** Persists step data at once (e.g. which one-time calls were already made). */
  saveData(patch: Record<string, unknown>): void
  /** Persists client fields at once (e.g. the PIN's source before registering). */
  saveClient(patch: ClientPatch): ClientRecord
}

export type WaitingOutcome = Extract<StepOutcome, { status: 'waiting' }>

export const waitForConfig = (deps: OnboardingDeps, message: string): WaitingOutcome => ({
  status: 'waiting',
  waitFor: 'config',
  message,
  nextAttemptAt: new Date(Date.parse(nowIso(deps)) + deps.timings.configRecheckMs).toISOString(),
})

/**
 * Subscribes the app to the WABA's webhooks, GET first: a subscription that exists is not made
 * again. With RELAY_URL set, the WABA's webhooks are pointed at the relay with an override — and
 * only after a plain subscription, because Meta refuses an override before one ((#100) "Before
 * override the current callback uri, your app must be subscribed…").
 * https://developers.facebook.com/documentation/business-messaging/whatsapp/webhooks/override
 */
async function subscribeWebhooks({ deps, client }: StepContext): Promise<StepOutcome> {
  const { graph, secrets } = deps.platform
  const appId = deps.platform.appId()
  if (!appId) return waitForConfig(deps, 'Set the Meta app ID (FACEBOOK_APP_ID) in Settings.')
  const relayUrl = deps.settings.get('relayUrl')
  let override: { callbackUri: string; verifyToken: string } | null = null
  if (relayUrl) {
    const verifyToken = await secrets.get('webhook-verify-token')
    if (!verifyToken) {
      return waitForConfig(
        deps,
        'Set the webhook verify token (WEBHOOK_VERIFY_TOKEN) in Settings → Secrets: it is needed to point this client’s webhooks at the relay (RELAY_URL).',
      )
    }
    override = { callbackUri: new URL(WEBHOOK_PATH, relayUrl).toString(), verifyToken }
  }
  const ours = async () =>
    (await graph.onboarding.listSubscribedApps(client.wabaId)).data.find(
      (entry) => entry.whatsapp_business_api_data?.id === appId,
    )
  const current = await ours()
  if (!current) await graph.onboarding.subscribeApp(client.wabaId)
  if (override && current?.override_callback_uri !== override.callbackUri) {
    await graph.onboarding.subscribeApp(client.wabaId, override)
  }
  const verified = await ours()
  if (!verified || (override && verified.override_callback_uri !== override.callbackUri)) {
    throw new AppError('UNAVAILABLE', 'Meta does not list the subscription yet.', {
      retryable: true,
    })
  }
  return {
    status: 'done',
    message: override ? `Subscribed; webhooks go to ${override.callbackUri}.` : 'Subscribed.',
    client: {
      subscription: {
        subscribed: true,
        overrideCallbackUri: verified.override_callback_uri ?? null,
        verifiedAt: nowIso(deps),
      },
    },
  }
}

/**
 * Shares the partner's credit line with the WABA, after checking the verify fields first: when the
 * WABA's `primary_funding_id` already is one of our allocations' `receiving_credential`, the line
 * is shared and nothing is posted (a retry after a lost answer must not attach twice).
 * https://developers.facebook.com/documentation/business-messaging/whatsapp/solution-providers/share-and-revoke-credit-lines
 */
async function shareCreditLine({ deps, client }: StepContext): Promise<StepOutcome> {
  const { credit } = deps.platform.graph
  const creditLineId = deps.platform.creditLineId()
  if (!creditLineId) {
    return waitForConfig(
      deps,
      'Set the credit line ID (FACEBOOK_CREDIT_LINE_ID) in Settings → Configuration.',
    )
  }
  if (!(await deps.platform.secrets.get('system-user-token'))) {
    return waitForConfig(
      deps,
      'Set the system user token (FACEBOOK_SYSTEM_USER_TOKEN) in Settings → Secrets: sharing the credit line needs it.',
    )
  }
  const funding = await credit.wabaFunding(client.wabaId)
  const done = (allocationConfigId: string, message: string): StepOutcome => ({
    status: 'done',
    message,
    client: {
      creditAllocation: {
        allocationConfigId,
        creditLineId,
        currency: funding.currency ?? null,
        verified: true,
        revoked: false,
        verifiedAt: nowIso(deps),
      },
    },
  })
  if (funding.primary_funding_id) {
    const ownerId = funding.owner_business_info?.id ?? client.businessId
    const candidates = ownerId
      ? (await credit.allocationsFor(creditLineId, ownerId)).data
      : client.creditAllocation?.allocationConfigId
        ? [await credit.allocation(client.creditAllocation.allocationConfigId)]
        : []
    const match = candidates.find(
      (a) =>
        a.request_status !== 'DELETED' && a.receiving_credential?.id === funding.primary_funding_id,
    )
    if (match) return done(match.id, 'Already shared (verified).')
    throw new AppError(
      'GRAPH',
      'This WhatsApp Business Account is already paid by another credit line or payment method.',
      {
        retryable: false,
        fix: 'A credit line cannot be changed once attached: the client removes the other payment method, or signs up with a new WABA.',
      },
    )
  }
  const currency = funding.currency ?? 'USD'
  const shared = await credit.shareAndAttach(creditLineId, client.wabaId, currency)
  const allocation = await credit.allocation(shared.allocation_config_id)
  const after = await credit.wabaFunding(client.wabaId)
  if (
    !after.primary_funding_id ||
    allocation.receiving_credential?.id !== after.primary_funding_id
  ) {
    throw new AppError('UNAVAILABLE', 'Meta does not show the credit line on the WABA yet.', {
      retryable: true,
    })
  }
  return done(shared.allocation_config_id, `Credit line shared (${currency}).`)
}

/**
 * Coexistence: the number stays on the WhatsApp Business app, so it is not registered; instead
 * Meta is asked, once each and within 24 hours of signup, to sync the app's contacts and history
 * (each answer's `request_id` is kept for Meta support). Meta refuses a second request with
 * 2593107: that means an earlier request whose answer was lost went through, so it counts as done.
 * https://developers.facebook.com/documentation/business-messaging/whatsapp/embedded-signup/onboarding-business-app-users
 */
async function syncBusinessApp({
  deps,
  client,
  step,
  saveData,
}: StepContext): Promise<StepOutcome> {
  const phoneId = client.phoneNumberId
  if (!phoneId) {
    return {
      status: 'skipped',
      message: 'Signup reported no phone number to sync.',
    }
  }
  const data = { ...step.data }
  for (const syncType of ['smb_app_state_sync', 'history'] as const) {
    if (data[syncType]) continue
    if (Date.parse(nowIso(deps)) - Date.parse(client.signedUpAt) > 24 * 3600_000) {
      throw new AppError(
        'GRAPH',
        'More than 24 hours passed since signup: Meta no longer accepts the WhatsApp Business app sync.',
        {
          retryable: false,
          fix: 'The client can offboard and run Embedded Signup again to sync contacts and history.',
        },
      )
    }
    let requestId: string | null = null
    try {
      const answer = await deps.platform.graph.phoneNumbers.syncBusinessAppData(
        client.wabaId,
        phoneId,
        syncType,
      )
      requestId = answer.request_id ?? null
    } catch (error) {
      if (graphCodeOf(error) !== ALREADY_SYNCED) throw error
    }
    data[syncType] = nowIso(deps)
    data[`${syncType}_request_id`] = requestId ?? 'requested before'
    saveData(data)
  }
  return { status: 'done', message: 'Contacts and history sync requested.' }
}

async function exchangeCode(): Promise<StepOutcome> {
  // Done when the signup is submitted (the code lives 30 seconds); a pipeline never redoes it.
  throw new AppError('GRAPH_AUTH', 'The signup code can only be exchanged when it arrives.', {
    retryable: false,
    fix: 'Ask the client to run Embedded Signup again.',
  })
}

export const stepRunners: Record<OnboardingStep, (ctx: StepContext) => Promise<StepOutcome>> = {
  exchange_code: exchangeCode,
  subscribe_webhooks: subscribeWebhooks,
  share_credit_line: shareCreditLine,
  register_phone: registerPhone,
  sync_business_app: syncBusinessApp,
}
