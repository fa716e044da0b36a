import { UNASSIGNED } from '@shared/contract/messaging'
import type { Db } from '../store/database'

/**
 * Which client a business number's figures belong to: whoever owns the number now — the newest
 * client with it that is not offboarded (the rule conversations follow, messaging/rows.ts) — so
 * numbers onboarded later take their earlier, unassigned, figures along.
 */
export interface Owner {
  clientId: string | null
  name: string
}

export interface Owners {
  of(phoneNumberId: string): Owner
  /** Every client (for the filter), by name. */
  clients: { id: string; name: string }[]
  /** Whether a number's figures are in the chosen filter (a client id, `unassigned`, or all). */
  wanted(phoneNumberId: string, clientId: string | null): boolean
}

export const UNASSIGNED_NAME = 'Unassigned numbers'

export function loadOwners(db: Db): Owners {
  const rows = db
    .prepare<[], { id: string; name: string | null; phone_number_id: string | null }>(
      `SELECT id, name, phone_number_id FROM clients
         ORDER BY offboarded_at IS NOT NULL, created_at DESC, id`,
    )
    .all()
  const byPhone = new Map<string, Owner>()
  for (const row of rows)
    if (row.phone_number_id && !byPhone.has(row.phone_number_id))
      byPhone.set(row.phone_number_id, { clientId: row.id, name: row.name ?? row.id })
  const unassigned: Owner = { clientId: null, name: UNASSIGNED_NAME }
  const of = (phone: string) => byPhone.get(phone) ?? unassigned
  return {
    of,
    clients: rows
      .map((row) => ({ id: row.id, name: row.name ?? row.id }))
      .sort((a, b) => a.name.localeCompare(b.name)),
    wanted(phone, clientId) {
      if (clientId === null) return true
      const owner = of(phone).clientId
      return clientId === UNASSIGNED ? owner === null : owner === clientId
    },
  }
}
