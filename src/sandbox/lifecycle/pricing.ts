import type { Pricing } from '@shared/whatsapp/webhook-schema'

/**
 * Per-message pricing (PMP, since 1 July 2025) as status webhooks report it (https://developers.facebook.com/documentation/business-messaging/whatsapp/pricing, https://developers.facebook.com/documentation/business-messaging/whatsapp/webhooks/reference/messages/status):
 *   classifyPricing({ templateCategory, inServiceWindow, inFreeEntryPointWindow? })
 *     → { category, pricingType }
 *   - inside a 72 h free entry point window everything is free: `free_entry_point`, category
 *     `referral_conversion`;
 *   - non-template (service) messages are free inside the 24 h window: `free_customer_service`,
 *     category `service` (outside it they are rejected with 131047 before reaching here);
 *   - utility templates inside an open window are free: `free_customer_service`, category `utility`;
 *   - every other template is billable: `regular` with its category.
 *   pricingObject(category, pricingType) → the `pricing` object ({billable, pricing_model:'PMP', type, category})
 */

export type PricingCategory =
  | 'service'
  | 'utility'
  | 'marketing'
  | 'authentication'
  | 'authentication-international'
  | 'marketing_lite'
  | 'referral_conversion'

export type PricingType = 'regular' | 'free_customer_service' | 'free_entry_point'

export interface PricingInput {
  /** The template's category (any case), or null for a non-template message. */
  templateCategory: string | null
  inServiceWindow: boolean
  inFreeEntryPointWindow?: boolean
}

export function classifyPricing(input: PricingInput): {
  category: PricingCategory
  pricingType: PricingType
} {
  if (input.inFreeEntryPointWindow) {
    return { category: 'referral_conversion', pricingType: 'free_entry_point' }
  }
  if (input.templateCategory === null) {
    return { category: 'service', pricingType: 'free_customer_service' }
  }
  const category = input.templateCategory.toLowerCase() as PricingCategory
  if (category === 'utility' && input.inServiceWindow) {
    return { category, pricingType: 'free_customer_service' }
  }
  return { category, pricingType: 'regular' }
}

export function pricingObject(category: PricingCategory, pricingType: PricingType): Pricing {
  return { billable: pricingType === 'regular', pricing_model: 'PMP', type: pricingType, category }
}
