import type { Db } from './database'

export interface SettingRow {
  key: string
  value: string
  updated_at: string
}

/** Saved non-secret settings: one row per key. */
export function createSettingsRepo(db: Db) {
  const all = db.prepare<[], SettingRow>('SELECT key, value, updated_at FROM settings')
  const upsert = db.prepare<[string, string, string]>(
    `INSERT INTO settings (key, value, updated_at) VALUES (?, ?, ?)
     ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`,
  )
  const remove = db.prepare<[string]>('DELETE FROM settings WHERE key = ?')
  return {
    rows(): SettingRow[] {
      return all.all()
    },
    all(): Map<string, string> {
      return new Map(all.all().map((row) => [row.key, row.value]))
    },
    set(key: string, value: string, at = new Date().toISOString()): void {
      upsert.run(key, value, at)
    },
    delete(key: string): void {
      remove.run(key)
    },
  }
}

export type SettingsRepo = ReturnType<typeof createSettingsRepo>
