import type { OutboundMessage } from './status-lifecycle'
import { classifyPricing } from './pricing'

/**
 * Adapter from the world's record of an accepted send to the lifecycle's `OutboundMessage`.
 * Structurally typed on the fields it reads, so it fits `SentMessage` (world/types.ts) without
 * importing the world:
 *   outboundFromSent(sent, { displayPhoneNumber, inFreeEntryPointWindow?, failure? }) → OutboundMessage
 */
export interface SentMessageLike {
  id: string
  phone_id: string
  waba_id: string
  wa_id: string
  type: string
  template: { category: string } | null
  in_window: boolean
  biz_opaque_callback_data: string | null
}

export function outboundFromSent(
  sent: SentMessageLike,
  extra: {
    displayPhoneNumber: string
    inFreeEntryPointWindow?: boolean
    failure?: OutboundMessage['failure']
  },
): OutboundMessage {
  const pricing = classifyPricing({
    templateCategory: sent.template?.category ?? null,
    inServiceWindow: sent.in_window,
    inFreeEntryPointWindow: extra.inFreeEntryPointWindow ?? false,
  })
  return {
    wamid: sent.id,
    wabaId: sent.waba_id,
    phoneNumberId: sent.phone_id,
    displayPhoneNumber: extra.displayPhoneNumber,
    recipientWaId: sent.wa_id,
    type: sent.type,
    ...pricing,
    ...(extra.failure ? { failure: extra.failure } : {}),
    ...(sent.biz_opaque_callback_data === null
      ? {}
      : { bizOpaqueCallbackData: sent.biz_opaque_callback_data }),
  }
}
