import type { Db } from '@server-kit/sqlite/open'
import { claimIdFor } from './claim-id'
import type { Claim, ClaimStore } from './types'

interface ClaimRow {
  id: string
  key: string
  cursor: string | null
  token: number
  holder: string
  expires_at: number
  attempt: number
  completed_at: number | null
}

const toClaim = (row: ClaimRow): Claim => ({
  id: row.id,
  key: row.key,
  cursor: row.cursor,
  token: row.token,
  holder: row.holder,
  expiresAt: row.expires_at,
  attempt: row.attempt,
  completed: row.completed_at !== null,
})

/**
 * Claims in the relay's SQLite file. Every change is one statement guarded by its preconditions
 * (not completed, current token, lease free), so each is atomic without an explicit transaction.
 */
export function sqliteClaimStore(db: Db): ClaimStore {
  const insert = db.prepare(
    'INSERT INTO claims (id, key, cursor, created_at) VALUES (?, ?, ?, ?) ON CONFLICT (id) DO NOTHING',
  )
  const byId = db.prepare('SELECT * FROM claims WHERE id = ?')
  const due = db.prepare(
    'SELECT * FROM claims WHERE completed_at IS NULL AND expires_at <= ? ORDER BY expires_at, created_at LIMIT ?',
  )
  const take = db.prepare(
    `UPDATE claims SET token = token + 1, attempt = attempt + 1, holder = ?, expires_at = ?
     WHERE id = ? AND completed_at IS NULL AND expires_at <= ? RETURNING *`,
  )
  const extend = db.prepare(
    'UPDATE claims SET expires_at = ? WHERE id = ? AND token = ? AND completed_at IS NULL RETURNING expires_at',
  )
  const complete = db.prepare(
    `UPDATE claims SET completed_at = ?, expires_at = 0
     WHERE id = ? AND token = ? AND completed_at IS NULL`,
  )
  // The holder stays recorded: the next offer goes to another desktop when there is one.
  const release = db.prepare(
    `UPDATE claims SET expires_at = 0 WHERE id = ? AND token = ? AND completed_at IS NULL`,
  )
  const get = (id: string) => {
    const row = byId.get(id) as ClaimRow | undefined
    return row ? toClaim(row) : null
  }
  return {
    request: async (key, cursor, now) => {
      const id = claimIdFor(key)
      insert.run(id, key, cursor, now)
      return get(id)!
    },
    due: async (now, limit) => (due.all(now, limit) as ClaimRow[]).map(toClaim),
    take: async (id, holder, now, leaseMs) => {
      const row = take.get(holder, now + leaseMs, id, now) as ClaimRow | undefined
      return row ? toClaim(row) : null
    },
    extend: async (id, token, now, leaseMs) => {
      const row = extend.get(now + leaseMs, id, token) as { expires_at: number } | undefined
      return row ? row.expires_at : null
    },
    complete: async (id, token, now) => complete.run(now, id, token).changes === 1,
    release: async (id, token) => release.run(id, token).changes === 1,
    get: async (id) => get(id),
  }
}
