import { AppError } from '@shared/contract/errors'
import { prep } from '../messaging/sql'
import type { Db } from '../store/database'

/** The client a message is sent as: its WABA (whose token the Graph client reads) and number. */
export interface Sender {
  clientId: string
  wabaId: string
  phoneNumberId: string
  displayPhoneNumber: string | null
  /** Why this client cannot send now (paused by onboarding health, offboarded…), or null. */
  blocked: string | null
  fix: string | null
}

interface ClientSendRow {
  id: string
  waba_id: string
  phone_number_id: string | null
  display_phone_number: string | null
  state: string
  paused: number
}

function sender(row: ClientSendRow | undefined, what: string): Sender {
  if (!row) throw new AppError('NOT_FOUND', `No client ${what}.`)
  if (!row.phone_number_id)
    throw new AppError('CONFLICT', 'This client has no WhatsApp number yet.', {
      fix: 'Finish onboarding the client (add a phone number) before sending.',
    })
  let blocked: string | null = null
  let fix: string | null = null
  if (row.state === 'offboarding' || row.state === 'offboarded') {
    blocked = 'This client is offboarded: nothing is sent for it.'
    fix = 'Onboard the client again to send.'
  } else if (row.paused === 1) {
    blocked = 'Sending is paused for this client: its business token is not valid.'
    fix = 'Re-authorize the client (it runs Embedded Signup again); queued messages then go out.'
  }
  return {
    clientId: row.id,
    wabaId: row.waba_id,
    phoneNumberId: row.phone_number_id,
    displayPhoneNumber: row.display_phone_number,
    blocked,
    fix,
  }
}

const COLUMNS = 'id, waba_id, phone_number_id, display_phone_number, state, paused'

export function senderById(db: Db, clientId: string): Sender {
  return sender(
    prep<[string], ClientSendRow>(db, `SELECT ${COLUMNS} FROM clients WHERE id = ?`).get(clientId),
    clientId,
  )
}

/** The client owning a number now (the newest active one, as messaging resolves it). */
export function senderByNumber(db: Db, phoneNumberId: string): Sender {
  return sender(
    prep<[string], ClientSendRow>(
      db,
      `SELECT ${COLUMNS} FROM clients WHERE phone_number_id = ?
         ORDER BY offboarded_at IS NOT NULL, created_at DESC LIMIT 1`,
    ).get(phoneNumberId),
    `owns the number ${phoneNumberId} (its conversations are unassigned)`,
  )
}

/** Refuses (CONFLICT) when the client cannot send now. */
export function requireSendable(s: Sender): Sender {
  if (s.blocked)
    throw new AppError('CONFLICT', s.blocked, {
      ...(s.fix ? { fix: s.fix } : {}),
      details: { clientId: s.clientId },
    })
  return s
}
