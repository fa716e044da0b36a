import type { InboundMessageUpdate } from './normalise-types'

/**
 * Who a contact is, across the ids Meta uses for one WhatsApp user.
 *
 *   contactKeys({waId, userId, parentUserId}) → {primary, aliases} | null
 *   contactKey(ref)                            → the primary key
 *   canonicalWaId(waId) / brazilianVariants(waId)
 *   identityLinks(message)                     → old ids → new ids, for number / user-id changes
 *
 * Rules (also in docs/messaging.md):
 * - A contact is keyed by its business-scoped user id (BSUID, `user:<id>`) when one is known and
 *   by its phone number (`wa:<canonical wa_id>`) otherwise. Every id seen for the user is an alias
 *   of the same contact: when a webhook carries both (a message's `from` and its contact's
 *   `user_id`, a status's `recipient_id` and `recipient_user_id`), the store links them, so
 *   history stays in one conversation when Meta later sends only one of the two. The parent BSUID
 *   (linked portfolios) is an alias too.
 *   https://developers.facebook.com/documentation/business-messaging/whatsapp/business-scoped-user-ids
 * - Phone numbers are compared in canonical form: digits only, and Brazilian mobile numbers with
 *   their ninth digit (see canonicalWaId).
 * - Keys are for matching only. To send, use the wa_id or BSUID Meta last reported for the contact:
 *   Meta's wa_id "may not always match" the number a user typed
 *   (https://developers.facebook.com/documentation/business-messaging/whatsapp/webhooks/reference/smb_message_echoes).
 */

export interface IdentityRef {
  waId?: string | null
  userId?: string | null
  parentUserId?: string | null
}

export interface ContactKeys {
  /** `user:<BSUID>` if known, else `wa:<canonical wa_id>`. */
  primary: string
  /** Every key naming this contact, primary first; the store links all of them. */
  aliases: string[]
}

/** Digits of a phone number as typed or sent (`+55 (11) 98765-4321` → `5511987654321`). */
export function digitsOnly(phone: string): string {
  return phone.replace(/\D/g, '')
}

/**
 * Brazil (+55) added a ninth digit, 9, in front of every 8-digit mobile number between 2012 and
 * 2016 (ANATEL's plan: landlines are 8 digits starting 2–5; mobiles were 8 digits starting 6–9 and
 * are now 9 digits starting 9), https://en.wikipedia.org/wiki/Telephone_numbers_in_Brazil.
 * WhatsApp ids registered before the change kept the old 8-digit form, so one user can appear as
 * `55 DD 9XXXXXXXX` (what they type) and `55 DD XXXXXXXX` (their wa_id).
 *
 * The rule: `55` + a two-digit area code (digits 1–9) + `9`? + eight digits starting 6–9 is one
 * mobile line with or without the 9. Eight digits starting 2–5 are a landline and are never merged
 * with a mobile; 9-digit mobiles whose second digit is 1–5 never had an 8-digit form.
 */
const BRAZIL_MOBILE = /^55([1-9]{2})(9?)([6-9]\d{7})$/

/** Both forms of a Brazilian mobile number (with the 9 first), or just the digits otherwise. */
export function brazilianVariants(waId: string): string[] {
  const digits = digitsOnly(waId)
  const match = BRAZIL_MOBILE.exec(digits)
  if (!match) return [digits]
  const [, area, , line] = match
  return [`55${area}9${line}`, `55${area}${line}`]
}

/** The form phone numbers are compared in: digits only, Brazilian mobiles with the ninth digit. */
export function canonicalWaId(waId: string): string {
  return brazilianVariants(waId)[0] as string
}

const userKey = (id: string) => `user:${id}`
const waKey = (id: string) => `wa:${canonicalWaId(id)}`

/** The keys of a contact; null when the reference names nobody. */
export function contactKeys(ref: IdentityRef): ContactKeys | null {
  const aliases: string[] = []
  const add = (key: string) => {
    if (!aliases.includes(key)) aliases.push(key)
  }
  if (ref.userId) add(userKey(ref.userId))
  if (ref.parentUserId) add(userKey(ref.parentUserId))
  if (ref.waId && digitsOnly(ref.waId).length > 0) add(waKey(ref.waId))
  const primary = aliases[0]
  return primary === undefined ? null : { primary, aliases }
}

/** The primary key of a contact (BSUID first, wa_id otherwise); null when it names nobody. */
export function contactKey(ref: IdentityRef): string | null {
  return contactKeys(ref)?.primary ?? null
}

/**
 * A user changed their number or their BSUID: `from` are the contact's old keys, `to` the new
 * ones. The store finds the contact by any `from` alias, adds the `to` aliases, and sends to the
 * new ids from then on, so the conversation continues. The old keys are then history, not used to
 * match new events: a phone number given up may be reassigned to someone else (statuses of
 * earlier messages still find their message by wamid).
 */
export interface IdentityLink {
  reason: 'user_changed_number' | 'user_changed_user_id'
  from: ContactKeys
  to: ContactKeys
}

/**
 * The identity change a system message announces, or null for any other message.
 * - user_changed_number: the old number is `from`, the new one `system.wa_id` (with the new BSUID
 *   `system.user_id`, which Meta regenerates on a number change).
 * - user_changed_user_id: `system.previous_user_id` → `system.user_id`.
 * https://developers.facebook.com/documentation/business-messaging/whatsapp/webhooks/reference/messages/system
 */
export function identityLinks(message: InboundMessageUpdate): IdentityLink | null {
  const system = message.system
  if (message.type !== 'system' || !system) return null
  if (system.type === 'user_changed_number') {
    const from = contactKeys(message.from)
    const to = contactKeys({
      waId: system.newWaId,
      userId: system.newUserId,
      parentUserId: system.newParentUserId,
    })
    return from && to ? { reason: 'user_changed_number', from, to } : null
  }
  if (system.type === 'user_changed_user_id') {
    const from = contactKeys({ userId: system.previousUserId ?? message.from.userId })
    const to = contactKeys({
      userId: system.newUserId,
      parentUserId: system.newParentUserId,
      waId: system.newWaId,
    })
    return from && to ? { reason: 'user_changed_user_id', from, to } : null
  }
  return null
}
