import type { Migration } from '@server-kit/sqlite/migrate'
import { migration0001 } from './0001-settings'
import { migration0002 } from './0002-audit-log'
import { migration0003 } from './0003-relay-events'
import { migration0004 } from './0004-clients'
import { migration0005 } from './0005-messaging'
import { migration0006 } from './0006-outbox'
import { migration0007 } from './0007-knowledge-base'
import { migration0008 } from './0008-analytics'
import { migration0009 } from './0009-drafts'
import { migration0010 } from './0010-analytics-monthly'
import { migration0011 } from './0011-outbox-by-number'
import { migration0012 } from './0012-ingest-indexes'
import { migration0013 } from './0013-analytics-dirty-position'
import { migration0014 } from './0014-search-index-batched'
import { migration0015 } from './0015-analytics-rollups-per-refresh'
import { migration0016 } from './0016-relay-projection'

/** Every migration, in order. Append only: never edit or reorder an entry that has shipped. */
export const migrations: readonly Migration[] = [
  migration0001,
  migration0002,
  migration0003,
  migration0004,
  migration0005,
  migration0006,
  migration0007,
  migration0008,
  migration0009,
  migration0010,
  migration0011,
  migration0012,
  migration0013,
  migration0014,
  migration0015,
  migration0016,
]
