import type { Migration } from '@server-kit/sqlite/migrate'
import { FACT_COLUMNS } from './0008-analytics'

/**
 * Analytics dirty marks (migration 0008) name a position, not only a time: the earliest message
 * changed as (timestamp, id), the order the analytics walk goes in. A message's facts depend only
 * on the messages before it, so the refresh (src/main/analytics/refresh.ts) re-reads from that
 * message on — not every message sharing its second (a busy conversation, or a catch-up of a
 * backlog, has thousands). Marks without a message (a conversation's number or contact changed)
 * stay at (0, 0): everything. Existing marks get id 0: all of their time, as before.
 */

/** Marks a conversation dirty from a position, keeping the earliest. */
const dirty = (conversation: string, fromMs: string, fromId: string, where = 'WHERE true') => `
    INSERT INTO analytics_dirty (conversation_id, from_ms, from_id)
      SELECT ${conversation}, ${fromMs}, ${fromId} ${where}
      ON CONFLICT (conversation_id) DO UPDATE SET
        from_ms = CASE WHEN (excluded.from_ms, excluded.from_id) < (from_ms, from_id)
          THEN excluded.from_ms ELSE from_ms END,
        from_id = CASE WHEN (excluded.from_ms, excluded.from_id) < (from_ms, from_id)
          THEN excluded.from_id ELSE from_id END;`

export const migration0013: Migration = {
  id: 13,
  name: 'analytics-dirty-position',
  sql: `
    ALTER TABLE analytics_dirty ADD COLUMN from_id INTEGER NOT NULL DEFAULT 0;

    DROP TRIGGER analytics_messages_insert;
    DROP TRIGGER analytics_messages_update;
    DROP TRIGGER analytics_messages_delete;
    DROP TRIGGER analytics_conversations_update;
    DROP TRIGGER analytics_contacts_update;

    CREATE TRIGGER analytics_messages_insert AFTER INSERT ON messages BEGIN
      ${dirty('new.conversation_id', 'new.timestamp', 'new.id')}
    END;
    CREATE TRIGGER analytics_messages_update AFTER UPDATE ON messages
      WHEN ${FACT_COLUMNS.map((c) => `old.${c} IS NOT new.${c}`).join(' OR ')} BEGIN
      ${dirty('new.conversation_id', 'min(old.timestamp, new.timestamp)', 'new.id')}
      ${dirty('old.conversation_id', 'old.timestamp', 'old.id', 'WHERE old.conversation_id <> new.conversation_id')}
    END;
    CREATE TRIGGER analytics_messages_delete AFTER DELETE ON messages BEGIN
      ${dirty('old.conversation_id', 'old.timestamp', 'old.id')}
    END;
    CREATE TRIGGER analytics_conversations_update AFTER UPDATE OF contact_id, phone_number_id
      ON conversations
      WHEN old.contact_id IS NOT new.contact_id OR old.phone_number_id IS NOT new.phone_number_id
      BEGIN
      ${dirty('new.id', '0', '0')}
    END;
    CREATE TRIGGER analytics_contacts_update AFTER UPDATE OF wa_id ON contacts
      WHEN old.wa_id IS NOT new.wa_id BEGIN
      INSERT INTO analytics_dirty (conversation_id, from_ms, from_id)
        SELECT id, 0, 0 FROM conversations WHERE contact_id = new.id
        ON CONFLICT (conversation_id) DO UPDATE SET from_ms = 0, from_id = 0;
    END;
  `,
}
