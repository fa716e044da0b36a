import { buildInboundEntry, parseInboundInput } from '../customers/inbound'
import { formatIssues, protoKeyPath } from '../customers/inbound-input'
import { grantMediaUrl, INBOUND_MEDIA_TTL_MS, storeMedia } from '../graph/media'
import { baseMime } from '../graph/media-types'
import type { WebhookEmitter } from '../ports'
import { completeErrors, valueErrorsEntry } from '../webhooks/payloads'
import type { Phone } from '../world/types'
import type { World } from '../world/world'
import { placeholderBytes } from './inbound-media'
import { customerErrorsSchema } from './schemas'

/**
 * A simulated customer writes to a registered number (`POST /_sandbox/customers/messages`). The
 * body is validated and turned into Meta's webhook shapes by customers/inbound.ts; here the
 * message is recorded (with the object delivered, for the customer view), the 24 h customer
 * service window opens — and a 72 h free entry point window when it came from a click-to-WhatsApp
 * ad (https://developers.facebook.com/documentation/business-messaging/whatsapp/pricing) — and the
 * `messages` webhook is routed to the app. Media given without an `id` gets a real placeholder
 * file, so the app can download it through `GET /{media}` as it would real inbound media.
 * `POST /_sandbox/customers/errors` sends value-level errors (`value.errors`, no message).
 */
export class CustomerInputError extends Error {
  constructor(
    message: string,
    readonly details?: unknown,
  ) {
    super(message)
  }
}

export const FREE_ENTRY_POINT_MS = 72 * 3600_000

function registeredPhone(world: World, id: string): Phone {
  const phone = world.phones.get(id)
  if (!phone) throw new CustomerInputError(`no phone number with id ${id}`)
  if (!phone.registered) {
    throw new CustomerInputError(
      `phone number ${phone.id} is not registered; customers can only reach registered numbers`,
    )
  }
  return phone
}

export interface CustomerMessageResult {
  id: string
  /** The callback the webhook was queued for, or null when the app would not receive it. */
  webhook: string | null
}

export function customerMessage(
  world: World,
  emitter: WebhookEmitter,
  body: unknown,
  origin: string,
): CustomerMessageResult {
  const parsed = parseInboundInput(body)
  if (!parsed.ok) throw new CustomerInputError('Invalid request body', parsed.error)
  const input = parsed.input
  const phone = registeredPhone(world, input.phone_number_id)
  const { entry, wamid, message } = buildInboundEntry(
    {
      wabaId: phone.waba_id,
      phoneNumberId: phone.id,
      displayPhoneNumber: phone.display_phone_number,
    },
    input,
    {
      clock: world.clock,
      createMedia: (type, mime, filename) =>
        storeMedia(world, {
          phoneId: phone.id,
          wabaId: phone.waba_id,
          bytes: placeholderBytes(type, mime),
          mime: baseMime(mime),
          filename,
          ttlMs: INBOUND_MEDIA_TTL_MS,
        }),
      mediaUrl: (mediaId) =>
        world.media.has(mediaId) ? grantMediaUrl(world, mediaId, origin) : null,
    },
  )
  const now = world.clock.now()
  const key = `${phone.id}:${input.from}`
  world.recordInbound({
    id: wamid,
    phone_id: phone.id,
    from: input.from,
    type: input.type,
    timestamp: now,
    read: false,
    message,
  })
  // System notices (number changes) are not the customer writing; everything else opens the window.
  if (input.type !== 'system') world.lastInbound.set(key, now)
  if (message.referral?.source_type === 'ad')
    world.freeEntryUntil.set(key, now + FREE_ENTRY_POINT_MS)
  const webhook = emitter.emit(entry, { wabaId: phone.waba_id, phoneId: phone.id })
  return { id: wamid, webhook }
}

/** Value-level errors (e.g. 130429), delivered as given in a `messages` change of the number. */
export function customerErrors(
  world: World,
  emitter: WebhookEmitter,
  body: unknown,
): { webhook: string | null } {
  const proto = protoKeyPath(body)
  if (proto)
    throw new CustomerInputError('Invalid request body', `${proto}: this key is not allowed`)
  const parsed = customerErrorsSchema.safeParse(body)
  if (!parsed.success) {
    throw new CustomerInputError('Invalid request body', formatIssues(parsed.error.issues))
  }
  const phone = registeredPhone(world, parsed.data.phone_number_id)
  const entry = valueErrorsEntry(
    phone.waba_id,
    { phoneNumberId: phone.id, displayPhoneNumber: phone.display_phone_number },
    completeErrors(parsed.data.errors),
  )
  return { webhook: emitter.emit(entry, { wabaId: phone.waba_id, phoneId: phone.id }) }
}
