import type { Db } from '@server-kit/sqlite/open'
import { configPatchSchema, type ConfigPatch } from '../config'

/**
 * The `meta` table: single values of the world — the partner app's config (credentials, callback,
 * knobs), the virtual clock's offset and the partner system user's id.
 */
export type MetaKey = 'config' | 'clock_offset' | 'system_user_id'

export interface SavedMeta {
  /** The config a previous run saved, field by field valid (a field that is not is left out). */
  config: ConfigPatch | null
  clockOffset: number
  systemUserId: string | null
}

export interface MetaRepo {
  read(log: (line: string) => void): SavedMeta
  /** Writes the value unless it is what was last written; `commit()` once the transaction is. */
  write(key: MetaKey, value: string): boolean
  commit(): void
}

export function createMetaRepo(db: Db): MetaRepo {
  const get = db.prepare<[string], { value: string }>('SELECT value FROM meta WHERE key = ?')
  const put = db.prepare(
    'INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
  )
  const written = new Map<MetaKey, string>()
  const pending = new Map<MetaKey, string>()
  const value = (key: MetaKey) => {
    const row = get.get(key)
    if (row) written.set(key, row.value)
    return row?.value ?? null
  }
  return {
    read(log) {
      const config = value('config')
      const offset = Number(value('clock_offset') ?? 0)
      return {
        config: config === null ? null : savedConfig(config, log),
        clockOffset: Number.isFinite(offset) && offset >= 0 ? offset : 0,
        systemUserId: value('system_user_id'),
      }
    },
    write(key, next) {
      if ((pending.get(key) ?? written.get(key)) === next) return false
      put.run(key, next)
      pending.set(key, next)
      return true
    },
    commit() {
      for (const [key, next] of pending) written.set(key, next)
      pending.clear()
    },
  }
}

/**
 * The saved config, checked field by field with the control API's own schema: a field this
 * version cannot take falls back to its default (or seed) while the credentials are kept.
 */
function savedConfig(json: string, log: (line: string) => void): ConfigPatch | null {
  let raw: unknown
  try {
    raw = JSON.parse(json)
  } catch {
    log('saved config is not JSON; starting with a new one')
    return null
  }
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) return null
  const shape = configPatchSchema.shape
  const out: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(raw)) {
    const field = shape[key as keyof typeof shape]
    const parsed = field?.safeParse(value)
    if (parsed?.success) out[key] = parsed.data
    else log(`saved config field ${key} is not valid any more; using its default`)
  }
  return out as ConfigPatch
}
