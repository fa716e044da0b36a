import { parseInboundInput, buildInboundEntry, type InboundInput } from '../customers/inbound'
import { grantMediaUrl, INBOUND_MEDIA_TTL_MS, storeMedia } from '../graph/media'
import type { WebhookEmitter } from '../ports'
import type { Phone } from '../world/types'
import type { World } from '../world/world'
import { PLACEHOLDER_MEDIA } from './inbound-media'

/**
 * A simulated customer writes to a registered number (`POST /_sandbox/customers/messages`). The
 * body is validated and turned into Meta's webhook shapes by customers/inbound.ts; here the
 * message is recorded, the 24 h customer service window opens (reference §5.3) — and a 72 h free
 * entry point window when it came from a click-to-WhatsApp ad (§6) — and the `messages` webhook is
 * routed to the app. Media sent without an `id` gets a real placeholder file, so the app can
 * download it through `GET /{media}` as it would real inbound media.
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
const MEDIA_TYPES = new Set(['image', 'audio', 'video', 'document', 'sticker'])

function attachPlaceholderMedia(world: World, phone: Phone, input: InboundInput): void {
  if (!MEDIA_TYPES.has(input.type)) return
  const holder = input as unknown as Record<string, Record<string, unknown> | undefined>
  const given = holder[input.type] ?? {}
  if (given.id !== undefined) return
  const placeholder = PLACEHOLDER_MEDIA[input.type]
  if (!placeholder) return
  const media = storeMedia(world, {
    phoneId: phone.id,
    wabaId: phone.waba_id,
    bytes: placeholder.bytes,
    mime: placeholder.mime.split(';')[0] as string,
    filename: typeof given.filename === 'string' ? given.filename : (placeholder.filename ?? null),
    ttlMs: INBOUND_MEDIA_TTL_MS,
  })
  holder[input.type] = {
    ...given,
    id: media.id,
    mime_type: typeof given.mime_type === 'string' ? given.mime_type : placeholder.mime,
    sha256: media.sha256,
  }
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
  const phone = world.phones.get(input.phone_number_id)
  if (!phone) throw new CustomerInputError(`no phone number with id ${input.phone_number_id}`)
  if (!phone.registered) {
    throw new CustomerInputError(
      `phone number ${phone.id} is not registered; customers can only reach registered numbers`,
    )
  }
  attachPlaceholderMedia(world, phone, input)
  const { entry, wamid } = buildInboundEntry(
    {
      wabaId: phone.waba_id,
      phoneNumberId: phone.id,
      displayPhoneNumber: phone.display_phone_number,
    },
    input,
    {
      clock: world.clock,
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
  })
  // System notices (number changes) are not the customer writing; everything else opens the window.
  if (input.type !== 'system') world.lastInbound.set(key, now)
  if (input.referral) world.freeEntryUntil.set(key, now + FREE_ENTRY_POINT_MS)
  const webhook = emitter.emit(entry, { wabaId: phone.waba_id, phoneId: phone.id })
  return { id: wamid, webhook }
}
