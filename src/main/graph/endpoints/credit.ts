import { z } from 'zod'
import type { GraphClient } from '../graph-client'

const idList = z.object({ data: z.array(z.object({ id: z.string() }).passthrough()) }).passthrough()

/** Credit-line sharing for Solution Partners (https://developers.facebook.com/documentation/business-messaging/whatsapp/solution-providers/share-and-revoke-credit-lines). Uses the partner's system user token. */
export function creditEndpoints(graph: GraphClient) {
  return {
    extendedCredits(businessId: string) {
      return graph.call({
        method: 'GET',
        path: `/${businessId}/extendedcredits`,
        query: { fields: 'id,legal_entity_name' },
        token: { kind: 'system-user' },
        schema: idList,
        endpoint: 'extendedcredits',
        idempotent: true,
      })
    },

    /** Shares the credit line with the client's WABA and attaches it; cannot be changed afterwards. */
    shareAndAttach(creditLineId: string, wabaId: string, currency: string) {
      return graph.call({
        method: 'POST',
        path: `/${creditLineId}/whatsapp_credit_sharing_and_attach`,
        query: { waba_currency: currency, waba_id: wabaId },
        token: { kind: 'system-user' },
        schema: z
          .object({ allocation_config_id: z.string(), waba_id: z.string().optional() })
          .passthrough(),
        endpoint: 'credit_sharing',
        // Repeating it re-attaches the same line, but Meta documents no idempotency: don't guess.
        idempotent: false,
      })
    },

    allocation(allocationConfigId: string) {
      return graph.call({
        method: 'GET',
        path: `/${allocationConfigId}`,
        query: { fields: 'receiving_credential,request_status,receiving_business' },
        token: { kind: 'system-user' },
        schema: z
          .object({
            id: z.string(),
            receiving_credential: z.object({ id: z.string() }).passthrough().optional(),
            request_status: z.string().optional(),
            receiving_business: z
              .object({ id: z.string(), name: z.string().optional() })
              .passthrough()
              .optional(),
          })
          .passthrough(),
        endpoint: 'allocation',
        idempotent: true,
      })
    },

    /**
     * The partner's allocations of a credit line to one client business: how an allocation whose
     * id was never recorded (a lost answer) is found again, and what offboarding revokes.
     * https://developers.facebook.com/documentation/business-messaging/whatsapp/solution-providers/share-and-revoke-credit-lines
     */
    allocationsFor(creditLineId: string, receivingBusinessId: string) {
      return graph.call({
        method: 'GET',
        path: `/${creditLineId}/owning_credit_allocation_configs`,
        query: {
          receiving_business_id: receivingBusinessId,
          fields: 'id,receiving_business,receiving_credential,request_status',
        },
        token: { kind: 'system-user' },
        schema: z
          .object({
            data: z.array(
              z
                .object({
                  id: z.string(),
                  receiving_credential: z.object({ id: z.string() }).passthrough().optional(),
                  request_status: z.string().optional(),
                })
                .passthrough(),
            ),
          })
          .passthrough(),
        endpoint: 'allocation',
        idempotent: true,
      })
    },

    revokeAllocation(allocationConfigId: string) {
      return graph.call({
        method: 'DELETE',
        path: `/${allocationConfigId}`,
        token: { kind: 'system-user' },
        schema: z.object({ success: z.boolean() }).passthrough(),
        endpoint: 'allocation',
        idempotent: true,
      })
    },

    /** The WABA's funding source and owner: shared correctly iff funding id = receiving credential. */
    wabaFunding(wabaId: string) {
      return graph.call({
        method: 'GET',
        path: `/${wabaId}`,
        query: { fields: 'primary_funding_id,owner_business_info,currency,name' },
        token: { kind: 'system-user' },
        schema: z
          .object({
            id: z.string(),
            primary_funding_id: z.string().optional(),
            owner_business_info: z
              .object({ id: z.string(), name: z.string().optional() })
              .passthrough()
              .optional(),
            currency: z.string().optional(),
            name: z.string().optional(),
          })
          .passthrough(),
        endpoint: 'waba',
        idempotent: true,
      })
    },
  }
}
