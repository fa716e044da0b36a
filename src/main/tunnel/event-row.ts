import { isUtf8 } from 'node:buffer'
import type { RelayEventRow } from '../store/relay-events-repo'

const iso = (ms: number) => new Date(ms).toISOString()

/** One applied relay event as `npm run inspect -- events` shows it: everything, body included. */
export function eventRow(row: RelayEventRow) {
  const utf8 = isUtf8(row.body)
  return {
    seq: row.seq,
    relay_id: row.cursor,
    log_id: row.log_id,
    received_at: iso(row.received_at),
    applied_at: iso(row.applied_at),
    duplicate_of: row.duplicate_of,
    headers: JSON.parse(row.headers) as Record<string, string>,
    body_encoding: utf8 ? 'utf8' : 'base64',
    body: row.body.toString(utf8 ? 'utf8' : 'base64'),
  }
}
