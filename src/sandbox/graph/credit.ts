import { GraphError, enumParam, missingParam } from '../http/graph-error'
import { paginate, selectFields, type FieldGetters } from '../http/fields'
import type { Allocation } from '../world/types'
import type { World } from '../world/world'
import { denyUnless, stringParam, success, type GraphCall, type GraphContext } from './context'

/**
 * Credit line sharing for Solution Partners (https://developers.facebook.com/documentation/business-messaging/whatsapp/solution-providers/share-and-revoke-credit-lines). Only the partner's
 * system user token sees the credit line; a business token gets Graph's "unsupported request".
 *
 * `waba_currency`: the SP page lists AUD, EUR, GBP, IDR, INR, USD; the pricing page lists more
 * billing currencies (UNCONFIRMED for this param). The sandbox accepts all of them so partners
 * billing in those currencies are not blocked by the emulator; anything else is Graph's enum error.
 */
export const WABA_CURRENCIES = [
  'AUD',
  'EUR',
  'GBP',
  'IDR',
  'INR',
  'USD',
  'AED',
  'ARS',
  'BRL',
  'CLP',
  'COP',
  'MXN',
  'MYR',
  'PEN',
  'SAR',
  'SGD',
] as const

function requireSystemUser(call: GraphCall, ctx: GraphContext): void {
  denyUnless(
    call.principal.kind === 'system_user' && call.id === ctx.world.config.credit_line_id,
    call,
  )
}

/** `POST /{credit_line}/whatsapp_credit_sharing_and_attach?waba_currency=&waba_id=`. */
export function shareAndAttach(call: GraphCall, ctx: GraphContext): unknown {
  requireSystemUser(call, ctx)
  const world = ctx.world
  const wabaId = stringParam(call.params, 'waba_id')
  const currency = stringParam(call.params, 'waba_currency')
  if (!wabaId) throw missingParam('waba_id')
  if (!currency) throw missingParam('waba_currency')
  if (!(WABA_CURRENCIES as readonly string[]).includes(currency)) {
    throw enumParam('waba_currency', WABA_CURRENCIES, currency)
  }
  const waba = world.wabas.get(wabaId)
  if (!waba) {
    // SP: "your system user must also be added to the shared WABA first" → code 200 (TOKENS).
    throw new GraphError(200, {
      message: '(#200) Permissions error',
      details: `The system user does not have access to WhatsApp Business Account ${wabaId}`,
    })
  }
  if (waba.primary_funding_id !== null && waba.primary_funding_id !== call.id) {
    // CREDIT: "A credit line cannot be changed after being attached; a new WABA is needed."
    throw new GraphError(100, {
      message: '(#100) Invalid parameter',
      details: `WhatsApp Business Account ${wabaId} is already attached to another credit line`,
    })
  }
  const existing = [...world.allocations.values()].find(
    (a) => a.waba_id === wabaId && a.credit_line_id === call.id && a.request_status === 'ACTIVE',
  )
  const allocation: Allocation = existing ?? {
    id: world.newId('allocation', 14),
    credit_line_id: call.id,
    waba_id: wabaId,
    receiving_business_id: waba.owner_business_id,
    currency,
    request_status: 'ACTIVE',
    created_at: world.clock.now(),
  }
  world.allocations.set(allocation.id, allocation)
  waba.primary_funding_id = call.id
  waba.currency = currency
  return { allocation_config_id: allocation.id, waba_id: wabaId }
}

function allocationFields(world: World, allocation: Allocation): FieldGetters {
  const business = world.businesses.get(allocation.receiving_business_id)
  return {
    id: () => allocation.id,
    receiving_credential: () => ({ id: allocation.credit_line_id }),
    request_status: () => allocation.request_status,
    receiving_business: () =>
      business
        ? { name: business.name, id: business.id }
        : { id: allocation.receiving_business_id },
    owning_credential: () => ({ id: allocation.credit_line_id }),
    owning_business: () => ({ id: world.config.business_id }),
  }
}

export function getAllocation(call: GraphCall, ctx: GraphContext): unknown {
  denyUnless(call.principal.kind === 'system_user', call)
  const allocation = ctx.world.allocations.get(call.id) as Allocation
  return selectFields(
    'ExtendedCreditAllocationConfig',
    allocationFields(ctx.world, allocation),
    ['id'],
    call.params.fields,
  )
}

/** `DELETE /{allocation_config_id}` — revokes the credit line for that customer (CREDIT "Revoke"). */
export function deleteAllocation(call: GraphCall, ctx: GraphContext): unknown {
  denyUnless(call.principal.kind === 'system_user', call)
  const world = ctx.world
  const allocation = world.allocations.get(call.id) as Allocation
  allocation.request_status = 'DELETED'
  // "Revocation applies to all of that customer's WABAs shared with you."
  for (const waba of world.wabas.values()) {
    if (
      waba.owner_business_id === allocation.receiving_business_id &&
      waba.primary_funding_id === allocation.credit_line_id
    ) {
      waba.primary_funding_id = null
    }
  }
  return success
}

export function getCreditLine(call: GraphCall, ctx: GraphContext): unknown {
  requireSystemUser(call, ctx)
  return selectFields(
    'ExtendedCredit',
    {
      id: () => call.id,
      legal_entity_name: () => 'Sandbox Partner',
      credit_type: () => 'EXTENDED_CREDIT',
    },
    ['id'],
    call.params.fields,
  )
}

/** `GET /{credit_line}/owning_credit_allocation_configs?receiving_business_id=` (CREDIT "Revoke"). */
export function listAllocations(call: GraphCall, ctx: GraphContext): unknown {
  requireSystemUser(call, ctx)
  const world = ctx.world
  const receiving = stringParam(call.params, 'receiving_business_id')
  const rows = [...world.allocations.values()]
    .filter((a) => a.credit_line_id === call.id)
    .filter((a) => receiving === undefined || a.receiving_business_id === receiving)
    .reverse()
  return paginate(rows, call.params, call.url, (allocation) =>
    selectFields(
      'ExtendedCreditAllocationConfig',
      allocationFields(world, allocation),
      ['id'],
      call.params.fields,
    ),
  )
}
