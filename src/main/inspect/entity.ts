import type { Db } from '../store/database'

export type Row = Record<string, unknown>

/** One thing `npm run inspect` can show; each domain registers its own. */
export interface InspectEntity {
  /** What the rows are, for the usage text. */
  describe: string
  /** Tables the rows come from: data written before they existed shows none, not an error. */
  tables?: readonly string[]
  rows(db: Db, ctx: InspectContext): Row[]
}

export interface InspectContext {
  dataDir: string
  file: string
  limit: number
  /** `--since`: only rows at or after this time (epoch ms); entities that have a time honour it. */
  since?: number
  /** `--client`: only rows of this client id (or `unassigned`); entities that have a client honour it. */
  client?: string
}
