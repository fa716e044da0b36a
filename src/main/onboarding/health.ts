import { AppError } from '@shared/contract/errors'
import type { PhoneHealth, TokenHealth } from '@shared/contract/onboarding'
import { businessTokenAccount } from '../secrets/secret-store'
import type { ClientRecord } from '../store/clients-repo'
import { clientSubject, nowIso, type OnboardingDeps } from './deps'
import { graphCodeOf } from './step-errors'
import { UNKNOWN_TOKEN } from './views'

/** Tokens expiring sooner than this are warned about. */
export const TOKEN_WARNING_MS = 7 * 24 * 3600_000

export interface HealthResult {
  clientId: string
  token: TokenHealth
  phone: PhoneHealth | null
  paused: boolean
  warnings: string[]
}

const iso = (unixSeconds: number | undefined) =>
  unixSeconds ? new Date(unixSeconds * 1000).toISOString() : null

/**
 * FINISH_ONLY_WABA: a client waiting for a number gets the WABA's first one as soon as it appears
 * (the client added it in WhatsApp Manager), and `onPhoneFound` resumes registration.
 * https://developers.facebook.com/documentation/business-messaging/whatsapp/solution-providers/manage-accounts
 */
export async function lookForPhone(
  deps: OnboardingDeps,
  client: ClientRecord,
  onPhoneFound: (clientId: string) => void,
): Promise<ClientRecord> {
  if (client.phoneNumberId || client.state !== 'waiting_for_phone') return client
  const first = (await deps.platform.graph.phoneNumbers.list(client.wabaId)).data[0]
  if (!first) return client
  const found = deps.clients.update(client.id, { phoneNumberId: first.id })
  deps.log.info('onboarding.phone-found', {
    clientId: found.id,
    wabaId: found.wabaId,
    phoneNumberId: first.id,
  })
  onPhoneFound(found.id)
  return found
}

/**
 * Checks one client's business token (debug_token: valid, expiry, scopes) and phone (quality,
 * messaging tier, name status, throughput). An invalid token pauses the client's sending until it
 * is re-authorized; a valid one lifts a pause. A WABA still without a number (FINISH_ONLY_WABA)
 * is looked at for one, and registration continues when it appears.
 * https://developers.facebook.com/documentation/business-messaging/whatsapp/access-tokens
 */
export async function checkClientHealth(
  deps: OnboardingDeps,
  client: ClientRecord,
  onPhoneFound: (clientId: string) => void,
): Promise<HealthResult> {
  const now = nowIso(deps)
  const { graph, secrets } = deps.platform
  const warnings: string[] = []
  let token: TokenHealth = { ...UNKNOWN_TOKEN, checkedAt: now }
  let phone: PhoneHealth | null = client.phoneHealth
  const stored = await secrets.get(businessTokenAccount(client.wabaId))
  if (stored === null) {
    token = { ...token, status: 'missing', message: 'No business token is stored for this client.' }
  } else {
    try {
      const data = await graph.onboarding.debugToken(stored)
      const expiresAt = iso(data.expires_at)
      // Meta's expiry against Meta's clock (the sandbox's virtual one in sandbox mode).
      const soon =
        expiresAt !== null && Date.parse(expiresAt) - deps.platform.clock.now() < TOKEN_WARNING_MS
      token = {
        status: !data.is_valid ? 'invalid' : soon ? 'expiring' : 'valid',
        expiresAt,
        dataAccessExpiresAt: iso(data.data_access_expires_at),
        scopes: data.scopes,
        message: !data.is_valid
          ? 'The business token is expired or revoked.'
          : expiresAt
            ? `Expires ${expiresAt}.`
            : 'Never expires.',
        checkedAt: now,
      }
    } catch (error) {
      token = {
        ...(client.tokenHealth ?? token),
        message: `Could not check the token: ${AppError.is(error) ? error.message : String(error)}`,
        checkedAt: now,
      }
    }
  }
  if (token.status === 'valid' || token.status === 'expiring') {
    try {
      client = await lookForPhone(deps, client, onPhoneFound)
      if (client.phoneNumberId) {
        const p = await graph.phoneNumbers.get(client.wabaId, client.phoneNumberId)
        phone = {
          displayPhoneNumber: p.display_phone_number ?? null,
          verifiedName: p.verified_name ?? null,
          qualityRating: p.quality_rating ?? null,
          messagingLimitTier: p.whatsapp_business_manager_messaging_limit ?? null,
          nameStatus: p.name_status ?? null,
          throughputLevel: p.throughput?.level ?? null,
          codeVerificationStatus: p.code_verification_status ?? null,
          status: p.status ?? null,
          platformType: p.platform_type ?? null,
          checkedAt: now,
        }
      }
    } catch (error) {
      if (graphCodeOf(error) === 190) {
        token = { ...token, status: 'invalid', message: 'Meta refused the business token (190).' }
      } else {
        warnings.push(
          `Could not read the phone number: ${AppError.is(error) ? error.message : String(error)}`,
        )
      }
    }
  }
  const invalid = token.status === 'invalid' || token.status === 'missing'
  if (invalid)
    warnings.push(
      'The business token is not valid: sending is paused until the client re-authorizes.',
    )
  if (token.status === 'expiring' && token.expiresAt) {
    warnings.push(
      `The business token expires ${token.expiresAt.slice(0, 10)}: re-authorize before then.`,
    )
  }
  if (phone?.qualityRating === 'RED' || phone?.qualityRating === 'YELLOW') {
    warnings.push(`Phone quality is ${phone.qualityRating}: messaging limits may drop.`)
  }
  const paused = invalid
  if (paused !== client.paused) {
    deps.audit.append({
      actor: 'system:health',
      action: paused ? 'clients.paused' : 'clients.resumed',
      subject: clientSubject(client.id),
      details: { tokenStatus: token.status },
    })
    deps.log.warn(paused ? 'clients.paused' : 'clients.resumed', {
      clientId: client.id,
      wabaId: client.wabaId,
      tokenStatus: token.status,
    })
  }
  deps.clients.update(client.id, {
    tokenHealth: token,
    phoneHealth: phone,
    qualityRating: phone?.qualityRating ?? client.qualityRating,
    displayPhoneNumber: phone?.displayPhoneNumber ?? client.displayPhoneNumber,
    name: phone?.verifiedName ?? client.name,
    warnings,
    paused,
  })
  return { clientId: client.id, token, phone, paused, warnings }
}
