import { GraphError, enumParam, missingParam, shown, waError } from '../http/graph-error'
import { wamid } from '../ids'
import { phoneMps } from '../world/limits'
import type { Phone, SentMessage, Template } from '../world/types'
import { phoneFor, type GraphCall, type GraphContext } from './context'
import { invalid, isObj, missing, reqStr, type Obj } from './send-checks'
import { resolveTemplate } from './send-template'
import { SEND_TYPES, validateCommon, validateSend } from './send-validate'

/**
 * `POST /{phone}/messages` (https://developers.facebook.com/documentation/business-messaging/whatsapp/messages/send-messages, https://developers.facebook.com/documentation/business-messaging/whatsapp/messages/mark-message-as-read, https://developers.facebook.com/documentation/business-messaging/whatsapp/support/error-codes). This is the hot path: every check is a Map
 * lookup or a few comparisons, and the success body is Meta's, byte for byte:
 * `{"messaging_product":"whatsapp","contacts":[{"input","wa_id"}],"messages":[{"id"}]}`.
 */
export const SERVICE_WINDOW_MS = 24 * 3600_000

const DETAILS = {
  notRegistered:
    'The phone number is not registered with the WhatsApp Cloud API. Register it first.',
  window:
    'Message failed to send because more than 24 hours have passed since the customer last ' +
    'replied to this number.',
  throughput: 'Cloud API message throughput has been reached.',
  pair:
    'Message failed to send because there were too many messages sent from this phone number ' +
    'to the same phone number in a short period of time.',
}

/** Recipients are numbers with country code; "+", spaces, dashes and brackets are tolerated. */
function recipientOf(phone: Phone, body: Obj): { input: string; waId: string } {
  const to = body.to
  if (to === undefined || to === null || to === '') throw missing('to')
  if (typeof to !== 'string' && typeof to !== 'number')
    throw invalid('Parameter to must be a string.')
  const input = String(to)
  const waId = input.replace(/[\s()+-]/g, '')
  if (!/^\d{5,15}$/.test(waId)) {
    throw invalid('Parameter to must be a phone number in international format, e.g. +16505551234.')
  }
  if (waId === phone.display_phone_number) {
    throw waError(131021, 'The recipient is the business phone number sending the message.')
  }
  const recipientType = body.recipient_type
  if (recipientType !== undefined && recipientType !== 'individual') {
    if (recipientType === 'group') throw invalid('Group messaging is not available in the sandbox.')
    throw enumParam('recipient_type', ['individual', 'group'], recipientType)
  }
  return { input, waId }
}

/** `{status:"read", message_id, typing_indicator?}` → `{"success":true}` (https://developers.facebook.com/documentation/business-messaging/whatsapp/messages/mark-message-as-read). */
function markRead(phone: Phone, body: Obj, ctx: GraphContext): unknown {
  if (body.status !== 'read') throw enumParam('status', ['read'], body.status)
  const messageId = reqStr(body, 'message_id', 'message_id')
  const typing = body.typing_indicator
  if (typing !== undefined && (!isObj(typing) || typing.type !== 'text')) {
    throw invalid('Parameter typing_indicator[\'type\'] must be "text".')
  }
  const message = ctx.world.inbound.get(messageId)
  if (!message || message.phone_id !== phone.id) {
    throw invalid(
      `Parameter message_id (${messageId}) is not a message received by this phone number.`,
    )
  }
  // "marks earlier messages in the thread read"
  for (const other of ctx.world.inbound.values()) {
    if (
      other.phone_id === phone.id &&
      other.from === message.from &&
      other.timestamp <= message.timestamp
    ) {
      other.read = true
      ctx.world.inbound.touch(other.id)
    }
  }
  return { success: true }
}

export function sendMessage(call: GraphCall, ctx: GraphContext): unknown {
  const { world, limits } = ctx
  const phone = phoneFor(call, ctx)
  const body = call.params
  const product = body.messaging_product
  if (product === undefined) throw missingParam('messaging_product')
  if (product !== 'whatsapp') throw enumParam('messaging_product', ['whatsapp'], product)
  if (!phone.registered) throw waError(133010, DETAILS.notRegistered)
  if (body.status !== undefined) return markRead(phone, body, ctx)

  const type = body.type === undefined ? 'text' : body.type
  if (typeof type !== 'string' || !SEND_TYPES.has(type)) {
    throw waError(131051, `Message type ${shown(type)} is not supported.`)
  }
  const { input, waId } = recipientOf(phone, body)
  validateCommon(body)
  const waba = world.wabas.get(phone.waba_id)
  if (!waba)
    throw new GraphError(131000, { details: 'The phone number has no WhatsApp Business Account.' })
  let template: Template | null = null
  if (type === 'template') template = resolveTemplate(world, waba, body)
  else validateSend(world, phone, body, type)

  const now = world.clock.now()
  const last = world.lastInbound.get(`${phone.id}:${waId}`)
  const inWindow = last !== undefined && now - last < SERVICE_WINDOW_MS
  if (template === null && !inWindow) throw waError(131047, DETAILS.window)
  if (!limits.takeThroughput(phone.id, phoneMps(phone, world.config.throughput), now)) {
    throw waError(130429, DETAILS.throughput)
  }
  if (!limits.takePair(phone.id, waId, now)) throw waError(131056, DETAILS.pair)

  const id = wamid(waId)
  // The body is kept for the lifecycle and customers; a token passed as a parameter is not.
  delete body.access_token
  const context = body.context as Obj | undefined
  const message: SentMessage = {
    id,
    phone_id: phone.id,
    waba_id: waba.id,
    to: input,
    wa_id: waId,
    type,
    created_at: now,
    status: 'accepted',
    history: [{ status: 'accepted', timestamp: now }],
    template: template && {
      name: template.name,
      language: template.language,
      category: template.category,
      id: template.id,
    },
    in_window: inWindow,
    context_id: typeof context?.message_id === 'string' ? context.message_id : null,
    biz_opaque_callback_data:
      typeof body.biz_opaque_callback_data === 'string' ? body.biz_opaque_callback_data : null,
    payload: body,
    pricing: null,
    errors: null,
  }
  world.recordSent(message)
  ctx.counters.messages_accepted++
  ctx.lifecycle.accepted(message)
  return {
    messaging_product: 'whatsapp',
    contacts: [{ input, wa_id: waId }],
    messages: [template ? { id, message_status: 'accepted' } : { id }],
  }
}
