import type { Media, Template, Waba } from '../world/types'
import type { WorldMaps } from '../world/world'
import type { MediaFiles } from './media-files'

/**
 * How each of the world's maps is kept in its table (migrations/0001-world.ts): the key, a few
 * indexed columns, and the entity as JSON. Plain JSON for most entities, so a field another part
 * of the sandbox adds later is stored with no change here; only what JSON cannot carry is
 * converted: a WABA's `subscriptions` Map (as its entries), a template's pending-review timer
 * (runtime only: the review is scheduled again at start), and media bytes (a file each).
 */
export type MapName = keyof WorldMaps
export type EntityOf<K extends MapName> = WorldMaps[K] extends Map<string, infer V> ? V : never
type Column = string | number | null

export interface TableSpec<V> {
  map: MapName
  table: string
  /** Indexed columns besides `key` and `data`, in the order `columns()` gives their values. */
  columnNames: readonly string[]
  columns(value: V): Column[]
  toJson(value: V): string
  /** null: the row cannot be restored (its media file is gone) and is dropped. */
  fromJson(json: string, key: string): V | null
  /**
   * Small tables keep the JSON last written and skip unchanged rows, and compare every entry
   * after an iteration; the message tables (up to 100k rows) write every entity handed out.
   */
  compare: boolean
  /** Runs before a row is written (`isNew`: not written before in this run or on disk). */
  beforeWrite?(key: string, value: V, isNew: boolean): void
  afterRemove?(key: string): void
  afterClear?(): void
}

export type AnySpec = { [K in MapName]: TableSpec<EntityOf<K>> }[MapName]

const plain = <K extends MapName>(
  map: K,
  table: string,
  columnNames: readonly string[] = [],
  columns: (value: EntityOf<K>) => Column[] = () => [],
  compare = true,
): TableSpec<EntityOf<K>> => ({
  map,
  table,
  columnNames,
  columns,
  toJson: (value) => JSON.stringify(value),
  fromJson: (json) => JSON.parse(json) as EntityOf<K>,
  compare,
})

const wabas: TableSpec<Waba> = {
  ...plain('wabas', 'wabas', ['owner_business_id'], (w) => [w.owner_business_id]),
  toJson: (waba) => JSON.stringify({ ...waba, subscriptions: [...waba.subscriptions] }),
  fromJson(json) {
    const row = JSON.parse(json) as Omit<Waba, 'subscriptions'> & {
      subscriptions: [string, Waba['subscriptions'] extends Map<string, infer S> ? S : never][]
    }
    return { ...row, subscriptions: new Map(row.subscriptions) }
  },
}

const templates: TableSpec<Template> = {
  ...plain('templates', 'templates', ['waba_id', 'name', 'language', 'status'], (t) => [
    t.waba_id,
    t.name,
    t.language,
    t.status,
  ]),
  // JSON.stringify leaves the `cancelReview` function out.
  fromJson: (json) => ({ ...(JSON.parse(json) as Template), cancelReview: null }),
}

function media(files: MediaFiles): TableSpec<Media> {
  return {
    ...plain('media', 'media', ['phone_id'], (m) => [m.phone_id]),
    toJson: ({ bytes: _bytes, ...meta }) => JSON.stringify(meta),
    fromJson(json, key) {
      const bytes = files.read(key)
      return bytes === null ? null : { ...(JSON.parse(json) as Omit<Media, 'bytes'>), bytes }
    },
    // Media bytes never change once uploaded: written with the row's first version only.
    beforeWrite: (key, value, isNew) => {
      if (isNew) files.write(key, value.bytes)
    },
    afterRemove: (key) => files.remove(key),
    afterClear: () => files.clear(),
  }
}

/** Every map of the world with its table, in load order (owners before what they own). */
export function tableSpecs(files: MediaFiles): AnySpec[] {
  return [
    plain('businesses', 'businesses'),
    wabas,
    plain('phones', 'phones', ['waba_id'], (p) => [p.waba_id]),
    plain('users', 'users', ['business_id'], (u) => [u.business_id]),
    plain('tokens', 'tokens', ['user_id'], (t) => [t.user_id]),
    plain('codes', 'auth_codes', ['user_id'], (c) => [c.user_id]),
    plain('allocations', 'credit_allocations', ['waba_id'], (a) => [a.waba_id]),
    templates,
    media(files),
    plain('mediaUrls', 'media_urls', ['media_id'], (u) => [u.media_id]),
    plain('sent', 'sent_messages', ['phone_id', 'status'], (m) => [m.phone_id, m.status], false),
    plain('inbound', 'inbound_messages', ['phone_id'], (m) => [m.phone_id], false),
    plain('lastInbound', 'service_windows'),
    plain('freeEntryUntil', 'free_entry_windows'),
  ]
}
