import type { Db } from '../store/database'

export type Row = Record<string, unknown>

/** One thing `npm run inspect` can show; each domain registers its own. */
export interface InspectEntity {
  /** What the rows are, for the usage text. */
  describe: string
  /** Tables the rows come from: data written before they existed shows none, not an error. */
  tables?: readonly string[]
  rows(db: Db, ctx: { dataDir: string; file: string; limit: number }): Row[]
}
