import { SEND_MESSAGE_TYPES } from '@shared/whatsapp/message-types'
import type { World } from '../world/world'
import type { Phone } from '../world/types'
import { waError } from '../http/graph-error'
import { sendableAs, type MediaKind } from './media-types'
import {
  at,
  invalid,
  isHttpUrl,
  isObj,
  missing,
  optStr,
  reqArr,
  reqCoordinate,
  reqObj,
  reqStr,
  type Obj,
} from './send-checks'
import { validateInteractive } from './send-interactive'

/**
 * Per-type validation of `POST /{phone}/messages` bodies (https://developers.facebook.com/documentation/business-messaging/whatsapp/messages/send-messages table). Templates are
 * resolved separately (send-template.ts) because they need the WABA's templates.
 */
export const SEND_TYPES: ReadonlySet<string> = new Set(SEND_MESSAGE_TYPES)

const CAPTION_TYPES = new Set(['image', 'video', 'document'])

function validateText(body: Obj): void {
  const text = reqObj(body, 'text', 'text')
  reqStr(text, 'body', "text['body']", 4096)
  const preview = text.preview_url
  if (preview !== undefined && typeof preview !== 'boolean') {
    throw invalid("Parameter text['preview_url'] must be a boolean.")
  }
}

/** `{id | link, caption?, filename?}`: exactly one of id and link; uploaded ids must fit the type. */
function validateMedia(world: World, phone: Phone, body: Obj, type: MediaKind): void {
  const media = reqObj(body, type, type)
  const id = media.id
  const link = media.link
  if (id === undefined && link === undefined) throw missing(`${type}['id'] or ${type}['link']`)
  if (id !== undefined && link !== undefined) {
    throw invalid(`Parameter ${type} must have either an id or a link, not both.`)
  }
  if (CAPTION_TYPES.has(type)) optStr(media, 'caption', at(type, 'caption'), 1024)
  else if (media.caption !== undefined) {
    throw invalid(`Parameter ${type}['caption'] is not supported for ${type} messages.`)
  }
  if (type === 'document') optStr(media, 'filename', at(type, 'filename'), 240)
  if (link !== undefined) {
    if (typeof link !== 'string' || !isHttpUrl(link)) {
      throw invalid(`Parameter ${type}['link'] must be a valid http(s) URL.`)
    }
    return
  }
  const stored = typeof id === 'string' ? world.media.get(id) : undefined
  if (!stored || stored.waba_id !== phone.waba_id || stored.expires_at <= world.clock.now()) {
    throw invalid(`Parameter ${type}['id'] is not a valid media id for this phone number.`)
  }
  if (!sendableAs(stored.mime_type, type)) {
    throw waError(131053, `Media of type ${stored.mime_type} cannot be sent as a ${type} message.`)
  }
}

function validateLocation(body: Obj): void {
  const location = reqObj(body, 'location', 'location')
  reqCoordinate(location, 'latitude', "location['latitude']", 90)
  reqCoordinate(location, 'longitude', "location['longitude']", 180)
  optStr(location, 'name', "location['name']", 1000)
  optStr(location, 'address', "location['address']", 1000)
}

/** Same structure as the inbound contacts webhook; `name.formatted_name` is what Meta requires. */
function validateContacts(body: Obj): void {
  const contacts = reqArr(body, 'contacts', 'contacts')
  if (contacts.length === 0) throw missing('contacts[0]')
  contacts.forEach((contact, i) => {
    const path = at('contacts', i)
    if (!isObj(contact)) throw invalid(`Parameter ${path} must be a JSON object.`)
    const name = reqObj(contact, 'name', at(path, 'name'))
    reqStr(name, 'formatted_name', at(at(path, 'name'), 'formatted_name'))
    const phones = contact.phones
    if (phones !== undefined && !Array.isArray(phones)) {
      throw invalid(`Parameter ${at(path, 'phones')} must be an array.`)
    }
  })
}

/** Reactions: `{message_id, emoji}`; an empty emoji removes the reaction (MSG-reaction). */
function validateReaction(body: Obj): void {
  const reaction = reqObj(body, 'reaction', 'reaction')
  reqStr(reaction, 'message_id', "reaction['message_id']")
  const emoji = reaction.emoji
  if (emoji === undefined || emoji === null) throw missing("reaction['emoji']")
  if (typeof emoji !== 'string' || [...emoji].length > 10) {
    throw invalid("Parameter reaction['emoji'] must be a single emoji or an empty string.")
  }
  if (body.context !== undefined) {
    // MSG-context: a contextual reply cannot be used with reactions.
    throw invalid('Parameter context cannot be used with reaction messages.')
  }
}

/** Validates the type-specific object; templates are handled by the caller. */
export function validateSend(world: World, phone: Phone, body: Obj, type: string): void {
  switch (type) {
    case 'text':
      return validateText(body)
    case 'image':
    case 'audio':
    case 'video':
    case 'document':
    case 'sticker':
      return validateMedia(world, phone, body, type)
    case 'location':
      return validateLocation(body)
    case 'contacts':
      return validateContacts(body)
    case 'interactive':
      return validateInteractive(reqObj(body, 'interactive', 'interactive'))
    case 'reaction':
      return validateReaction(body)
  }
}

export function validateCommon(body: Obj): void {
  const context = body.context
  if (context !== undefined) {
    if (!isObj(context)) throw invalid('Parameter context must be a JSON object.')
    reqStr(context, 'message_id', "context['message_id']")
  }
  optStr(body, 'biz_opaque_callback_data', 'biz_opaque_callback_data', 512)
}
