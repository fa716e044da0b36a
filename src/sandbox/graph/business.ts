import { paginate, selectFields } from '../http/fields'
import type { Business } from '../world/types'
import { partnerWabaIds } from '../world/world'
import { denyUnless, type GraphCall, type GraphContext } from './context'
import { WABA_DEFAULT_FIELDS, wabaFields } from './waba-fields'

/**
 * Business portfolio endpoints (https://developers.facebook.com/documentation/business-messaging/whatsapp/embedded-signup/onboarding-customers-as-a-solution-partner, https://developers.facebook.com/documentation/business-messaging/whatsapp/solution-providers/share-and-revoke-credit-lines). The partner's portfolio is only visible to
 * its system user; a client's portfolio to its own business token and to the partner.
 */
function businessFor(call: GraphCall, ctx: GraphContext): { business: Business; partner: boolean } {
  const config = ctx.world.config
  const principal = call.principal
  if (call.id === config.business_id) {
    denyUnless(principal.kind === 'system_user', call)
    return {
      business: { id: config.business_id, name: 'Sandbox Partner', created_at: 0, partner: true },
      partner: true,
    }
  }
  const business = ctx.world.businesses.get(call.id)
  denyUnless(
    business !== undefined &&
      (principal.kind === 'system_user' ||
        (principal.kind === 'business' && principal.user.business_id === business.id)),
    call,
  )
  return { business: business as Business, partner: false }
}

export function getBusiness(call: GraphCall, ctx: GraphContext): unknown {
  const { business } = businessFor(call, ctx)
  return selectFields(
    'Business',
    { id: () => business.id, name: () => business.name, verification_status: () => 'not_verified' },
    ['id', 'name'],
    call.params.fields,
  )
}

/** `GET /{business}/extendedcredits` → `{"data":[{"id":"<credit line>"}]}` (CREDIT). */
export function listExtendedCredits(call: GraphCall, ctx: GraphContext): unknown {
  const { partner } = businessFor(call, ctx)
  const config = ctx.world.config
  const lines = partner ? [config.credit_line_id] : []
  return paginate(lines, call.params, call.url, (id) =>
    selectFields(
      'ExtendedCredit',
      {
        id: () => id,
        legal_entity_name: () => 'Sandbox Partner',
        credit_type: () => 'EXTENDED_CREDIT',
      },
      ['id'],
      call.params.fields,
    ),
  )
}

/** `GET /{business}/client_whatsapp_business_accounts` — WABAs shared with the partner (ACCTS). */
export function listClientWabas(call: GraphCall, ctx: GraphContext): unknown {
  const { partner } = businessFor(call, ctx)
  const world = ctx.world
  const ids = partner ? partnerWabaIds(world) : []
  return paginate(ids, call.params, call.url, (id) => {
    const waba = world.wabas.get(id)
    return waba
      ? selectFields(
          'WhatsAppBusinessAccount',
          wabaFields(world, waba),
          WABA_DEFAULT_FIELDS,
          call.params.fields,
        )
      : { id }
  })
}

/** `GET /{business}/owned_whatsapp_business_accounts` — a client's own WABAs. */
export function listOwnedWabas(call: GraphCall, ctx: GraphContext): unknown {
  const { business, partner } = businessFor(call, ctx)
  const world = ctx.world
  const owned = partner
    ? []
    : [...world.wabas.values()].filter((w) => w.owner_business_id === business.id).reverse()
  return paginate(owned, call.params, call.url, (waba) =>
    selectFields(
      'WhatsAppBusinessAccount',
      wabaFields(world, waba),
      WABA_DEFAULT_FIELDS,
      call.params.fields,
    ),
  )
}
