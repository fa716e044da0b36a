import type { Clock } from '../clock'
import type { SandboxConfig } from '../config'
import { numericId } from '../ids'
import { EntityMap } from '../store/entity-map'
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
 * The world's entities, each kind in a Map that the store (src/sandbox/store) keeps in SQLite:
 * loaded at start, changes written through once per tick. Change entities freely after `get` or
 * `set`; after changing a *message* found by iterating `sent`/`inbound`, call `touch(id)` on the
 * map (see store/entity-map.ts). Values must be plain JSON apart from what store/tables.ts
 * converts (a WABA's `subscriptions` Map, a template's `cancelReview`, media bytes).
 */
export interface WorldMaps {
  businesses: EntityMap<Business>
  wabas: EntityMap<Waba>
  phones: EntityMap<Phone>
  users: EntityMap<BisuUser>
  /** token value → token (the partner's system user token is resolved from config instead). */
  tokens: EntityMap<Token>
  codes: EntityMap<AuthCode>
  allocations: EntityMap<Allocation>
  templates: EntityMap<Template>
  media: EntityMap<Media>
  /** URL hash → media URL grant (5 minutes). */
  mediaUrls: EntityMap<MediaUrl>
  sent: EntityMap<SentMessage>
  inbound: EntityMap<InboundMessage>
  /** `${phone_id}:${wa_id}` → virtual time of the customer's last message (24 h window). */
  lastInbound: EntityMap<number>
  /** `${phone_id}:${wa_id}` → end of a free entry point window (click-to-WhatsApp ads, https://developers.facebook.com/documentation/business-messaging/whatsapp/pricing). */
  freeEntryUntil: EntityMap<number>
}

/** The maps whose ids are Graph object ids, with their kind (for `kindOf` after a restart). */
const ID_KINDS = {
  businesses: 'business',
  wabas: 'waba',
  phones: 'phone',
  users: 'user',
  allocations: 'allocation',
  templates: 'template',
  media: 'media',
} as const satisfies Partial<Record<keyof WorldMaps, ObjectKind>>

/**
 * The whole world. Every lookup on the messages path is a Map hit; lists for management
 * endpoints are built on demand (they are small and rarely called).
 */
export interface World extends WorldMaps {
  readonly clock: Clock
  config: SandboxConfig
  /** The partner's system user (owner of `config.system_user_token`). */
  readonly systemUserId: string
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
  /** Rebuilds the id registry and the template index from the maps (after the store loads). */
  reindex(): void
  reset(): void
}

export function createWorld(
  clock: Clock,
  config: SandboxConfig,
  options: { systemUserId?: string } = {},
): World {
  const kinds = new Map<string, ObjectKind>()
  const templateIndex = new Map<string, Template>()
  const systemUserId = options.systemUserId ?? numericId(15)
  kinds.set(systemUserId, 'user')
  const templateKey = (waba: string, name: string, language: string) =>
    `${waba}\u0000${name}\u0000${language}`
  // Orders messages of both directions even within one millisecond: microseconds of virtual time,
  // bumped past the last one given. Virtual time only moves forward, so it survives a restart.
  let lastOrder = 0
  const nextOrder = () => (lastOrder = Math.max(lastOrder + 1, clock.now() * 1000))

  const world: World = {
    clock,
    config,
    systemUserId,
    businesses: new EntityMap(),
    wabas: new EntityMap(),
    phones: new EntityMap(),
    users: new EntityMap(),
    tokens: new EntityMap(),
    codes: new EntityMap(),
    allocations: new EntityMap(),
    templates: new EntityMap(),
    media: new EntityMap(),
    mediaUrls: new EntityMap(),
    // Up to 100k each: iterating them does not mark every message changed (see WorldMaps).
    sent: new EntityMap(false),
    inbound: new EntityMap(false),
    lastInbound: new EntityMap(),
    freeEntryUntil: new EntityMap(),
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
      message.order ??= nextOrder()
      world.sent.set(message.id, message)
      if (world.sent.size > MAX_MESSAGES) {
        const oldest = world.sent.keys().next().value
        if (oldest !== undefined) world.sent.delete(oldest)
      }
    },
    recordInbound(message) {
      message.order ??= nextOrder()
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
    reindex() {
      kinds.clear()
      kinds.set(world.systemUserId, 'user')
      for (const [name, kind] of Object.entries(ID_KINDS)) {
        for (const id of world[name as keyof typeof ID_KINDS].keys()) kinds.set(id, kind)
      }
      templateIndex.clear()
      for (const template of world.templates.peekValues()) world.indexTemplate(template)
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
