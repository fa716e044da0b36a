import type { Migration } from '@server-kit/sqlite/migrate'
import { migration0001 } from './0001-world'
import { migration0002 } from './0002-webhook-deliveries'

/** Every migration of the sandbox's store, in order. Append only: never edit a shipped entry. */
export const migrations: readonly Migration[] = [migration0001, migration0002]
