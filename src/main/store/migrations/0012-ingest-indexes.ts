import type { Migration } from '@server-kit/sqlite/migrate'

/**
 * Two lookups that scanned messages:
 *
 * - `messages_by_media`: the messages a received media id belongs to (the media download
 *   queue marks them when the file is stored). Only rows with media are indexed.
 * - `messages_replies`: a conversation's outbound messages that answer the customer (not
 *   reactions, not failed or cancelled sends — analytics/facts.ts isReply), by time: the
 *   analytics refresh finds the last reply before a change in one step instead of walking back
 *   over every customer message since (the whole conversation when nobody ever replied).
 */
export const migration0012: Migration = {
  id: 12,
  name: 'ingest-indexes',
  sql: `
    CREATE INDEX messages_by_media ON messages (media_id) WHERE media_id IS NOT NULL;
    CREATE INDEX messages_replies ON messages (conversation_id, timestamp, id)
      WHERE direction = 'out' AND type <> 'reaction' AND status NOT IN ('failed', 'cancelled');
  `,
}
