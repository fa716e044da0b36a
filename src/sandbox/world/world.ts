import type { Clock } from '../clock'
import type { SandboxConfig } from '../config'
import { numericId } from '../ids'
import type {
  Allocation,
  AuthCode,
  BisuUser,
  Business,
  InboundMessage,
  Media,
  MediaUrl,
  Phone,
  SentMessage,
  Template,
  Token,
  Waba,
} from './types'

export type ObjectKind =
  | 'app'
  | 'business'
  | 'credit_line'
  | 'waba'
  | 'phone'
  | 'media'
  | 'allocation'
  | 'template'
  | 'user'

/** Sent/inbound messages kept for reactions, replies, read receipts and `/_sandbox/state`. */
const MAX_MESSAGES = 100_000

/**
 * The whole in-memory world. Every lookup on the messages path is a Map hit; lists for
 * management endpoints are built on demand (they are small and rarely called).
 */
export interface World {
  readonly clock: Clock
  config: SandboxConfig
  /** The partner's system user (owner of `config.system_user_token`). */
  readonly systemUserId: string
  businesses: Map<string, Business>
  wabas: Map<string, Waba>
  phones: Map<string, Phone>
  users: Map<string, BisuUser>
  /** token value → token (the partner's system user token is resolved from config instead). */
  tokens: Map<string, Token>
  codes: Map<string, AuthCode>
  allocations: Map<string, Allocation>
  templates: Map<string, Template>
  media: Map<string, Media>
  /** URL hash → media URL grant (5 minutes). */
  mediaUrls: Map<string, MediaUrl>
  sent: Map<string, SentMessage>
  inbound: Map<string, InboundMessage>
  /** `${phone_id}:${wa_id}` → virtual time of the customer's last message (24 h window). */
  lastInbound: Map<string, number>
  /** `${phone_id}:${wa_id}` → end of a free entry point window (click-to-WhatsApp ads, §6). */
  freeEntryUntil: Map<string, number>
  kindOf(id: string): ObjectKind | undefined
  /** A fresh id of the given kind, unique across all kinds (Graph routes by id alone). */
  newId(kind: ObjectKind, digits?: number): string
  forget(id: string): void
  recordSent(message: SentMessage): void
  recordInbound(message: InboundMessage): void
  /** Template lookup for sends: by WABA, name and language code. */
  findTemplate(wabaId: string, name: string, language: string): Template | undefined
  indexTemplate(template: Template): void
  unindexTemplate(template: Template): void
  reset(): void
}

export function createWorld(clock: Clock, config: SandboxConfig): World {
  const kinds = new Map<string, ObjectKind>()
  const templateIndex = new Map<string, Template>()
  const systemUserId = numericId(15)
  kinds.set(systemUserId, 'user')
  const templateKey = (waba: string, name: string, language: string) =>
    `${waba}\u0000${name}\u0000${language}`

  const world: World = {
    clock,
    config,
    systemUserId,
    businesses: new Map(),
    wabas: new Map(),
    phones: new Map(),
    users: new Map(),
    tokens: new Map(),
    codes: new Map(),
    allocations: new Map(),
    templates: new Map(),
    media: new Map(),
    mediaUrls: new Map(),
    sent: new Map(),
    inbound: new Map(),
    lastInbound: new Map(),
    freeEntryUntil: new Map(),
    kindOf(id) {
      // The partner's ids come from config and can be changed at runtime, so they are never
      // stored in the registry.
      const c = world.config
      if (id === c.app_id) return 'app'
      if (id === c.business_id) return 'business'
      if (id === c.credit_line_id) return 'credit_line'
      return kinds.get(id)
    },
    newId(kind, digits = 15) {
      for (;;) {
        const id = numericId(digits)
        if (world.kindOf(id) === undefined) {
          kinds.set(id, kind)
          return id
        }
      }
    },
    forget(id) {
      kinds.delete(id)
    },
    recordSent(message) {
      world.sent.set(message.id, message)
      if (world.sent.size > MAX_MESSAGES) {
        const oldest = world.sent.keys().next().value
        if (oldest !== undefined) world.sent.delete(oldest)
      }
    },
    recordInbound(message) {
      world.inbound.set(message.id, message)
      if (world.inbound.size > MAX_MESSAGES) {
        const oldest = world.inbound.keys().next().value
        if (oldest !== undefined) world.inbound.delete(oldest)
      }
    },
    findTemplate(wabaId, name, language) {
      return templateIndex.get(templateKey(wabaId, name, language))
    },
    indexTemplate(template) {
      templateIndex.set(templateKey(template.waba_id, template.name, template.language), template)
    },
    unindexTemplate(template) {
      const key = templateKey(template.waba_id, template.name, template.language)
      if (templateIndex.get(key) === template) templateIndex.delete(key)
    },
    reset() {
      for (const template of world.templates.values()) template.cancelReview?.()
      kinds.clear()
      kinds.set(world.systemUserId, 'user')
      templateIndex.clear()
      for (const map of [
        world.businesses,
        world.wabas,
        world.phones,
        world.users,
        world.tokens,
        world.codes,
        world.allocations,
        world.templates,
        world.media,
        world.mediaUrls,
        world.sent,
        world.inbound,
        world.lastInbound,
        world.freeEntryUntil,
      ] as Map<string, unknown>[]) {
        map.clear()
      }
    },
  }
  return world
}

/** The WABAs visible to the partner: every client WABA (shared through Embedded Signup). */
export function partnerWabaIds(world: World): string[] {
  // Maps keep insertion order, so the newest WABA is the last one inserted.
  return [...world.wabas.keys()].reverse()
}

export function phonesOf(world: World, wabaId: string): Phone[] {
  return [...world.phones.values()].filter((phone) => phone.waba_id === wabaId)
}
