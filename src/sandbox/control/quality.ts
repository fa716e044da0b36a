import type { WebhookEmitter } from '../ports'
import { phoneQualityEntry } from '../webhooks/payloads'
import type { World } from '../world/world'
import { ControlError } from './config-routes'
import type { z } from 'zod'
import type { qualitySchema } from './schemas'

/**
 * Phone quality on demand (`POST /_sandbox/phones/{id}/quality`): updates the number and sends
 * `phone_number_quality_update` (https://developers.facebook.com/documentation/business-messaging/whatsapp/webhooks/reference/phone_number_quality_update). THROUGHPUT_UPGRADE lifts the number to 1,000
 * mps (https://developers.facebook.com/documentation/business-messaging/whatsapp/throughput).
 */
export function setQuality(
  world: World,
  emitter: WebhookEmitter,
  phoneId: string,
  input: z.infer<typeof qualitySchema>,
): Record<string, unknown> {
  const phone = world.phones.get(phoneId)
  if (!phone) throw new ControlError(`no phone number with id ${phoneId}`, undefined, 404)
  if (input.quality_rating) phone.quality_rating = input.quality_rating
  if (input.event === 'THROUGHPUT_UPGRADE' && !phone.coexistence) phone.throughput_level = 'HIGH'
  const event =
    input.event ??
    (phone.quality_rating === 'RED' || phone.quality_rating === 'YELLOW' ? 'FLAGGED' : 'UNFLAGGED')
  const limit = input.max_daily_conversations_per_business ?? phone.messaging_limit_tier
  const entry = phoneQualityEntry(phone.waba_id, {
    displayPhoneNumber: phone.display_phone_number,
    event,
    maxDailyConversationsPerBusiness: limit,
  })
  const webhook = emitter.emit(entry, { wabaId: phone.waba_id })
  return {
    id: phone.id,
    quality_rating: phone.quality_rating,
    throughput_level: phone.throughput_level,
    event,
    webhook,
  }
}
