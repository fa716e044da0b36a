import { z } from 'zod'

/** What every domain contract file builds on: a channel's schemas, and the input of none. */
export interface ChannelDef {
  input: z.ZodType
  output: z.ZodType
}

/** Input of a channel that takes none. `undefined` is accepted and read as `{}`. */
export const noInput = z.strictObject({}).optional().default({})
