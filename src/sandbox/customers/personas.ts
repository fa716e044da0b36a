import { COMMON_MESSAGE_TYPES } from '@shared/whatsapp/message-types'
import type { InboundInputBody } from './inbound-input'
import { PERSONAS, type Persona } from './persona-data'
import { seededRandom, seedFromString } from '@shared/random'

/**
 * Simulated customers who read and answer what the business sends (driving `read` statuses) and
 * start conversations of any inbound type.
 *   createCustomers({ clock, sendInbound, markRead, seed?, personas? }) → {
 *     onBusinessMessage(msg: BusinessMessage): void  // call for every accepted outbound message
 *     personas(): Persona[]
 *     startConversation(phoneNumberId, personaId, type?, opts?): Promise<string>  // the wamid
 *     close(): void
 *   }
 *   sendInbound(phoneNumberId, body) → wamid   body = the control API's compact input
 *                                              (POST /_sandbox/customers/messages)
 *   markRead(wamid)                            → lifecycle.read(wamid)
 * Deterministic for a seed: each persona draws from its own generator (seed × persona id), so one
 * persona's behaviour does not depend on traffic to the others.
 */

export type { Persona, ReplyStyle } from './persona-data'

export interface BusinessMessage {
  wamid: string
  phoneNumberId: string
  recipientWaId: string
  /** The send type: text, template, interactive, image, reaction, … */
  type: string
  /** The send request body as accepted (`interactive`, `template`, `text`…). */
  payload?: Record<string, unknown>
  /** A template's quick-reply buttons when the caller knows their labels. */
  quickReplies?: { text: string; payload: string }[]
}

/** The message types a persona can open a conversation with. */
export const START_TYPES = [...COMMON_MESSAGE_TYPES, 'order', 'unsupported'] as const
export type StartType = (typeof START_TYPES)[number]

export interface CustomersDeps {
  clock: { after(ms: number, fn: () => void): () => void }
  sendInbound: (phoneNumberId: string, body: InboundInputBody) => string | Promise<string>
  markRead: (wamid: string) => unknown
  seed?: number
  personas?: readonly Persona[]
  /** Reports a failed sendInbound from a timer (nothing else would see it). */
  onError?: (error: unknown) => void
}

export interface Customers {
  onBusinessMessage(msg: BusinessMessage): void
  personas(): Persona[]
  startConversation(
    phoneNumberId: string,
    personaId: string,
    type?: StartType,
    opts?: { viaAd?: boolean },
  ): Promise<string>
  close(): void
}

/** Nominal typing time between reading and answering. */
const TYPING_MS: [number, number] = [2_000, 8_000]
const REACTIONS = ['👍', '❤️', '🙏', '😂']

export function createCustomers(deps: CustomersDeps): Customers {
  const list = deps.personas ?? PERSONAS
  const byWaId = new Map(list.map((p) => [p.waId, p]))
  const byId = new Map(list.map((p) => [p.id, p]))
  const seed = deps.seed ?? 1
  const rngs = new Map(list.map((p) => [p.id, seededRandom(seed ^ seedFromString(p.id))]))
  const timers = new Set<() => void>()

  const rng = (p: Persona) => rngs.get(p.id) as () => number
  const pick = <T>(p: Persona, items: readonly T[]): T =>
    items[Math.floor(rng(p)() * items.length)] as T
  const between = (p: Persona, [lo, hi]: [number, number]) => lo + rng(p)() * (hi - lo)

  function later(ms: number, fn: () => void): void {
    const cancel = deps.clock.after(ms, () => {
      timers.delete(cancel)
      fn()
    })
    timers.add(cancel)
  }

  function send(phoneNumberId: string, p: Persona, body: Record<string, unknown>) {
    const full = {
      phone_number_id: phoneNumberId,
      from: p.waId,
      profile_name: p.name,
      user_id: p.userId,
      ...body,
    } as InboundInputBody
    return Promise.resolve().then(() => deps.sendInbound(phoneNumberId, full))
  }

  function reply(p: Persona, msg: BusinessMessage): Record<string, unknown> {
    const context = { context: { id: msg.wamid } }
    const interactive = msg.payload?.interactive as InteractivePayload | undefined
    const buttons = interactive?.action?.buttons?.map((b) => b.reply).filter(isIdTitle) ?? []
    const rows = interactive?.action?.sections?.flatMap((s) => s.rows ?? []).filter(isIdTitle) ?? []
    const quick = msg.quickReplies ?? templateQuickReplies(msg.payload)
    // Offered choices are answered with a choice (as people do), whatever the style.
    if (buttons.length) {
      const b = pick(p, buttons)
      const button_reply = { id: b.id, title: b.title }
      return {
        type: 'interactive',
        interactive: { type: 'button_reply', button_reply },
        ...context,
      }
    }
    if (rows.length) {
      const r = pick(p, rows)
      const list_reply = {
        id: r.id,
        title: r.title,
        ...(r.description ? { description: r.description } : {}),
      }
      return { type: 'interactive', interactive: { type: 'list_reply', list_reply }, ...context }
    }
    if (quick.length) {
      const q = pick(p, quick)
      return { type: 'button', button: { text: q.text, payload: q.payload }, ...context }
    }
    switch (p.replyStyle) {
      case 'reaction':
        return { type: 'reaction', reaction: { message_id: msg.wamid, emoji: pick(p, REACTIONS) } }
      case 'media':
        return rng(p)() < 0.5
          ? { type: 'image', image: { caption: pick(p, p.replies) } }
          : { type: 'audio', audio: { voice: true } }
      default:
        return { type: 'text', text: { body: pick(p, p.replies.length ? p.replies : p.openers) } }
    }
  }

  function opener(p: Persona, type: StartType): Record<string, unknown> {
    switch (type) {
      case 'text':
        return { type, text: { body: pick(p, p.openers) } }
      case 'image':
        return { type, image: { caption: pick(p, p.openers) } }
      case 'video':
        return { type, video: { caption: pick(p, p.openers) } }
      case 'audio':
        return { type, audio: { voice: true } }
      case 'document':
        return { type, document: { filename: 'order-receipt.pdf', caption: 'Receipt' } }
      case 'sticker':
        return { type, sticker: { animated: rng(p)() < 0.5 } }
      case 'location':
        return { type, location: p.location }
      case 'contacts':
        return {
          type,
          contacts: [
            {
              name: { first_name: 'Sam', last_name: 'Lee' },
              phones: [{ phone: '+1 415 555 0199', type: 'CELL' }],
            },
          ],
        }
      case 'order':
        return {
          type,
          order: {
            catalog_id: '194836987003835',
            text: pick(p, p.openers),
            product_items: [
              {
                product_retailer_id: 'sku-tee-blue-m',
                quantity: 2,
                item_price: 19.9,
                currency: 'USD',
              },
            ],
          },
        }
      case 'unsupported':
        return { type, unsupported: { type: 'poll_creation' } }
    }
  }

  return {
    onBusinessMessage(msg) {
      const p = byWaId.get(msg.recipientWaId)
      // Reactions are not read; a persona that never reads never answers either.
      if (!p || msg.type === 'reaction' || p.readDelayMs === null) return
      later(between(p, p.readDelayMs), () => {
        deps.markRead(msg.wamid)
        if (rng(p)() >= p.replyProbability) return
        const body = reply(p, msg)
        later(between(p, TYPING_MS), () => {
          send(msg.phoneNumberId, p, body).catch((err) => deps.onError?.(err))
        })
      })
    },
    personas: () => list.map((p) => ({ ...p })),
    startConversation(phoneNumberId, personaId, type = 'text', opts = {}) {
      const p = byId.get(personaId)
      if (!p) return Promise.reject(new Error(`Unknown persona "${personaId}"`))
      const body = opener(p, type)
      if (opts.viaAd) body.referral = {}
      return send(phoneNumberId, p, body)
    },
    close() {
      for (const cancel of timers) cancel()
      timers.clear()
    },
  }
}

interface IdTitle {
  id: string
  title: string
  description?: string
}
interface InteractivePayload {
  action?: {
    buttons?: { reply?: unknown }[]
    sections?: { rows?: unknown[] }[]
  }
}

function isIdTitle(value: unknown): value is IdTitle {
  const v = value as Partial<IdTitle> | null | undefined
  return typeof v?.id === 'string' && typeof v.title === 'string'
}

/** Quick-reply payloads of a template send: components[{type:'button', sub_type:'quick_reply'}]. */
function templateQuickReplies(payload: Record<string, unknown> | undefined) {
  const template = payload?.template as { components?: unknown[] } | undefined
  const out: { text: string; payload: string }[] = []
  for (const c of template?.components ?? []) {
    const comp = c as { type?: string; sub_type?: string; parameters?: { payload?: unknown }[] }
    if (comp.type !== 'button' || comp.sub_type !== 'quick_reply') continue
    const value = comp.parameters?.[0]?.payload
    if (typeof value === 'string') out.push({ text: value, payload: value })
  }
  return out
}
