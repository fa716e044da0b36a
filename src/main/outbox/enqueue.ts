import { randomUUID } from 'node:crypto'
import type { ChannelParsedInput } from '@shared/contract'
import type { MessageOrigin } from '@shared/contract/analytics'
import { AppError } from '@shared/contract/errors'
import { contactKey, digitsOnly } from '@shared/whatsapp/identity'
import { isWindowOpen, windowEndsAt } from '@shared/whatsapp/windows'
import { createChangeSet, type PendingChanges } from '../messaging/changes'
import { resolveContact } from '../messaging/contacts'
import { recomputeConversation, upsertConversation } from '../messaging/conversations'
import { CONTENT_COLUMNS } from '../messaging/message-columns'
import { prep } from '../messaging/sql'
import type { Db } from '../store/database'
import { findTemplate } from '../templates/repo'
import { compose, type ComposeRefs } from './compose'
import { insertOutbox, outboxByKey, type OutboxRecord } from './repo'
import { requireSendable, senderById, senderByNumber, type Sender } from './sender'

type SendInput = ChannelParsedInput<'messages:send'>

interface Target {
  sender: Sender
  conversationId: number | null
  /** Who Meta sends to: the wa_id Meta last reported for the contact. */
  to: string
  lastInboundAt: number | null
}

interface ConversationTarget {
  phone_number_id: string
  wa_id: string | null
  user_id: string | null
  last_inbound_at: number | null
}

function targetOf(db: Db, input: SendInput): Target {
  if (input.conversationId !== undefined) {
    const row = prep<[number], ConversationTarget>(
      db,
      `SELECT c.phone_number_id, k.wa_id, k.user_id, c.last_inbound_at
         FROM conversations c JOIN contacts k ON k.id = c.contact_id WHERE c.id = ?`,
    ).get(input.conversationId)
    if (!row) throw new AppError('NOT_FOUND', `No conversation ${input.conversationId}.`)
    if (!row.wa_id)
      throw new AppError(
        'CONFLICT',
        'This contact is known only by a WhatsApp user id (they use a username), not a phone number.',
        { fix: 'Wait for the contact to write again, or ask them for their number.' },
      )
    return {
      sender: senderByNumber(db, row.phone_number_id),
      conversationId: input.conversationId,
      to: row.wa_id,
      lastInboundAt: row.last_inbound_at,
    }
  }
  const sender = senderById(db, input.clientId!)
  const to = digitsOnly(input.to!)
  const existing = prep<[string, string], { id: number; last_inbound_at: number | null }>(
    db,
    `SELECT c.id, c.last_inbound_at FROM contact_aliases a
       JOIN conversations c ON c.contact_id = a.contact_id AND c.phone_number_id = ?
       WHERE a.key = ?`,
  ).get(sender.phoneNumberId, contactKey({ waId: to, userId: null, parentUserId: null })!)
  return {
    sender,
    conversationId: existing?.id ?? null,
    to,
    lastInboundAt: existing?.last_inbound_at ?? null,
  }
}

/** The wamid of a message of this conversation (reply or reaction target). */
function wamidOf(db: Db, conversationId: number | null, messageId: number, what: string): string {
  const row = prep<[number], { wamid: string | null; conversation_id: number }>(
    db,
    'SELECT wamid, conversation_id FROM messages WHERE id = ?',
  ).get(messageId)
  if (!row || row.conversation_id !== conversationId)
    throw new AppError('NOT_FOUND', `The message to ${what} is not in this conversation.`)
  if (!row.wamid)
    throw new AppError('CONFLICT', `The message to ${what} has not reached WhatsApp yet.`, {
      fix: 'Wait until it shows as sent.',
    })
  return row.wamid
}

function refsOf(db: Db, input: SendInput, target: Target): ComposeRefs {
  const content = input.content
  let template: ComposeRefs['template'] = null
  if (content.type === 'template') {
    template = findTemplate(db, target.sender.wabaId, content.name, content.language) ?? null
    if (!template)
      throw new AppError(
        'NOT_FOUND',
        `The template ${content.name} (${content.language}) is not known for this client.`,
        { fix: 'Sync the templates (Templates → Sync), then pick it again.' },
      )
    if (template.status !== 'APPROVED')
      throw new AppError(
        'CONFLICT',
        `The template ${content.name} (${content.language}) is ${template.status}: only approved templates can be sent.`,
        { details: { status: template.status, reason: template.reason } },
      )
  }
  return {
    replyToWamid:
      input.replyTo === undefined
        ? null
        : wamidOf(db, target.conversationId, input.replyTo, 'reply to'),
    reactionWamid:
      content.type === 'reaction'
        ? wamidOf(db, target.conversationId, content.messageId, 'react to')
        : null,
    template,
  }
}

export interface Enqueued {
  record: OutboxRecord
  duplicate: boolean
  changes: PendingChanges
}

/**
 * Persists a send: checks what can be checked before Meta (the client may send, the 24 h window
 * for anything but a template, reply/reaction targets, the template is approved, every template
 * placeholder has a value), then writes the message row (`pending`) and its outbox row in one
 * transaction. The same idempotency key again returns the first row, queueing nothing.
 * `origin` says who wrote it, for analytics (migration 0008): the composer's sends are `agent`;
 * the AI review pipeline passes `ai-approved` or `ai-edited`, automatic AI replies `ai-auto`.
 */
export function enqueue(
  db: Db,
  input: SendInput,
  now: number,
  origin: MessageOrigin = 'agent',
): Enqueued {
  const known = outboxByKey(db, input.idempotencyKey)
  if (known) return { record: known, duplicate: true, changes: createChangeSet().take() }
  const target = targetOf(db, input)
  requireSendable(target.sender)
  if (input.content.type !== 'template' && !isWindowOpen(target.lastInboundAt, now)) {
    const endedAt = windowEndsAt(target.lastInboundAt)
    throw new AppError(
      'CONFLICT',
      endedAt === null
        ? 'This customer has not written to this number: only a template can start the conversation.'
        : 'The 24-hour customer service window is closed: only a template can be sent until the customer writes again.',
      {
        fix: 'Send an approved template instead.',
        details: {
          graphCode: 131047,
          windowEndedAt: endedAt === null ? null : new Date(endedAt).toISOString(),
        },
      },
    )
  }
  const composed = compose(input.content, refsOf(db, input, target))
  if (input.content.type === 'media' && input.content.mediaId) {
    const stored = prep<[string], { mime_type: string | null; sha256: string | null }>(
      db,
      'SELECT mime_type, sha256 FROM media_files WHERE media_id = ?',
    ).get(input.content.mediaId)
    if (stored) {
      composed.columns.mime_type = stored.mime_type
      composed.columns.media_sha256 = stored.sha256
    }
  }
  const outboxId = randomUUID()
  const changes = createChangeSet()
  const record = db
    .transaction(() => {
      const { sender } = target
      let conversationId = target.conversationId
      if (conversationId === null) {
        const contactId = resolveContact(
          db,
          { ref: { waId: target.to, userId: null, parentUserId: null }, atMs: now },
          changes,
        )!
        conversationId = upsertConversation(
          db,
          sender.phoneNumberId,
          sender.displayPhoneNumber,
          contactId,
          changes,
        )
      }
      const columns = [...CONTENT_COLUMNS] as const
      const messageId = Number(
        prep(
          db,
          `INSERT INTO messages (${columns.join(', ')}, conversation_id, direction, source,
               timestamp, status, outbox_id, biz_opaque_callback_data, origin, created_at,
               updated_at)
             VALUES (${columns.map(() => '?').join(', ')}, ?, 'out', 'outbox', ?, 'pending', ?, ?, ?, ?, ?)`,
        ).run(
          ...columns.map((c) => composed.columns[c]),
          conversationId,
          now,
          outboxId,
          outboxId,
          origin,
          now,
          now,
        ).lastInsertRowid,
      )
      insertOutbox(
        db,
        {
          id: outboxId,
          idempotency_key: input.idempotencyKey,
          message_id: messageId,
          conversation_id: conversationId,
          client_id: sender.clientId,
          waba_id: sender.wabaId,
          phone_number_id: sender.phoneNumberId,
          recipient: target.to,
          type: composed.type,
          payload: JSON.stringify(composed.payload),
          free_form: composed.freeForm ? 1 : 0,
        },
        now,
      )
      recomputeConversation(db, conversationId)
      changes.touch(conversationId)
      changes.statusChanged({ messageId, conversationId, wamid: null, status: 'pending' })
      return outboxByKey(db, input.idempotencyKey)!
    })
    .immediate()
  return { record, duplicate: false, changes: changes.take() }
}
