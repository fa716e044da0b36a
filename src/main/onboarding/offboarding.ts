import { AppError } from '@shared/contract/errors'
import { businessTokenAccount, pinAccount } from '../secrets/secret-store'
import type { ClientRecord } from '../store/clients-repo'
import type { OffboardingRecord } from '../store/offboardings-repo'
import { clientSubject, nowIso, type OnboardingDeps } from './deps'
import { graphCodeOf } from './step-errors'

type Step = OffboardingRecord['steps'][number]
type Result = Omit<Step, 'step'>

const ORDER = [
  'unsubscribe_webhooks',
  'revoke_credit_line',
  'deregister_phone',
  'delete_secrets',
] as const

const finished = (step: Step) => step.status === 'done' || step.status === 'skipped'
const ok = (message: string): Result => ({ status: 'done', message, notBefore: null })
const skip = (message: string): Result => ({ status: 'skipped', message, notBefore: null })

async function unsubscribe(deps: OnboardingDeps, client: ClientRecord): Promise<Result> {
  const { onboarding } = deps.platform.graph
  const appId = deps.platform.appId()
  const listed = await onboarding.listSubscribedApps(client.wabaId)
  if (!listed.data.some((entry) => entry.whatsapp_business_api_data?.id === appId)) {
    return ok('Not subscribed.')
  }
  await onboarding.unsubscribeApp(client.wabaId)
  return ok('Unsubscribed from the WABA’s webhooks.')
}

/** https://developers.facebook.com/documentation/business-messaging/whatsapp/solution-providers/share-and-revoke-credit-lines */
async function revokeCredit(deps: OnboardingDeps, client: ClientRecord): Promise<Result> {
  const { credit } = deps.platform.graph
  const creditLineId = client.creditAllocation?.creditLineId ?? deps.platform.creditLineId()
  let allocationId = client.creditAllocation?.allocationConfigId ?? null
  if (!allocationId && creditLineId && client.businessId) {
    const found = await credit.allocationsFor(creditLineId, client.businessId)
    allocationId = found.data.find((a) => a.request_status !== 'DELETED')?.id ?? null
  }
  if (!allocationId) return skip('No credit allocation was made for this client.')
  const allocation = await credit.allocation(allocationId)
  if (allocation.request_status !== 'DELETED') await credit.revokeAllocation(allocationId)
  deps.clients.update(client.id, {
    creditAllocation: {
      allocationConfigId: allocationId,
      creditLineId,
      currency: client.creditAllocation?.currency ?? null,
      verified: false,
      revoked: true,
      verifiedAt: nowIso(deps),
    },
  })
  return ok('Credit allocation revoked.')
}

/** Deregistration counts toward Meta's 10 register/deregister requests per number per 72 hours. */
async function deregister(deps: OnboardingDeps, client: ClientRecord): Promise<Result> {
  if (client.signupFinish === 'FINISH_WHATSAPP_BUSINESS_APP_ONBOARDING') {
    return skip(
      'Coexistence numbers cannot be deregistered; the client keeps using the WhatsApp Business app.',
    )
  }
  if (!client.phoneNumberId) return skip('The client has no phone number.')
  const { phoneNumbers } = deps.platform.graph
  const phone = await phoneNumbers.get(client.wabaId, client.phoneNumberId)
  if (phone.platform_type !== 'CLOUD_API' && phone.status !== 'CONNECTED') {
    return ok('Not registered.')
  }
  try {
    await phoneNumbers.deregister(client.wabaId, client.phoneNumberId)
  } catch (error) {
    if (graphCodeOf(error) !== 133016) throw error
    const wait = Number((error as AppError).details?.retryAfterMs ?? 72 * 3600_000)
    const notBefore = new Date(Date.parse(nowIso(deps)) + wait).toISOString()
    return {
      status: 'waiting',
      message: `Meta allows 10 register/deregister requests per number in 72 hours and this number has used them: offboard again after ${notBefore} to deregister it.`,
      notBefore,
    }
  }
  return ok('Deregistered.')
}

async function deleteSecrets(deps: OnboardingDeps, client: ClientRecord): Promise<Result> {
  await deps.platform.secrets.delete(businessTokenAccount(client.wabaId))
  if (client.phoneNumberId) await deps.platform.secrets.delete(pinAccount(client.phoneNumberId))
  return ok('Business token and PIN deleted from the keychain.')
}

const runners = {
  unsubscribe_webhooks: unsubscribe,
  revoke_credit_line: revokeCredit,
  deregister_phone: deregister,
  delete_secrets: deleteSecrets,
}

/**
 * Offboards a client: unsubscribe, revoke the credit allocation, deregister, then delete its
 * secrets (last, because the calls before need the token). Each part is checked before it is done
 * and is kept when finished, so offboarding again resumes; the client's history stays.
 */
export async function offboardClient(
  deps: OnboardingDeps,
  client: ClientRecord,
  actor: string,
): Promise<OffboardingRecord> {
  const now = nowIso(deps)
  const record: OffboardingRecord = deps.offboardings.get(client.id) ?? {
    startedAt: now,
    finishedAt: null,
    steps: ORDER.map((step) => ({ step, status: 'pending', message: null, notBefore: null })),
  }
  deps.clients.update(client.id, { state: 'offboarding', paused: true, lastActivityAt: now })
  for (const step of record.steps) {
    if (finished(step)) continue
    if (step.notBefore && step.notBefore > nowIso(deps)) continue
    if (step.step === 'delete_secrets' && !record.steps.every((s) => s === step || finished(s))) {
      step.message = 'Kept until the steps before are done: they need the business token.'
      continue
    }
    try {
      Object.assign(step, await runners[step.step](deps, deps.clients.get(client.id)!))
    } catch (error) {
      const e = AppError.is(error) ? error : new AppError('INTERNAL', String(error))
      Object.assign(step, {
        status: 'failed',
        message: `${e.message}${e.fix ? ` ${e.fix}` : ''}`,
        notBefore: null,
      })
    }
    deps.audit.append({
      actor,
      action: `clients.offboard.${step.step}`,
      subject: clientSubject(client.id),
      details: { status: step.status },
    })
  }
  const complete = record.steps.every(finished)
  if (complete) record.finishedAt = nowIso(deps)
  deps.offboardings.save(client.id, record)
  deps.clients.update(client.id, {
    state: complete ? 'offboarded' : 'offboarding',
    ...(complete ? { offboardedAt: record.finishedAt } : {}),
    lastActivityAt: nowIso(deps),
  })
  deps.log.info(complete ? 'clients.offboarded' : 'clients.offboarding', {
    clientId: client.id,
    wabaId: client.wabaId,
    phoneNumberId: client.phoneNumberId,
  })
  return record
}
