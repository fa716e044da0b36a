import { z } from 'zod'
import { modeSchema } from './app'
import { noInput, type ChannelDef } from './domain'
import type { ChannelsOf } from './names'
import type { platformNames } from './platform.names'

export const connectionCheckSchema = z.object({
  mode: modeSchema,
  graphBaseUrl: z.string(),
  graphApiVersion: z.string(),
  checkedAt: z.string(),
  checks: z.array(
    z.object({
      id: z.enum(['app', 'system-user-token', 'credit-line']),
      label: z.string(),
      status: z.enum(['ok', 'warning', 'error', 'skipped']),
      message: z.string(),
      fix: z.string().optional(),
    }),
  ),
})
export type ConnectionCheck = z.infer<typeof connectionCheckSchema>

export const platformChannels = {
  /** Checks, against the platform in use, that the partner's credentials work. */
  'platform:check': { input: noInput, output: connectionCheckSchema },
} as const satisfies Record<ChannelsOf<typeof platformNames>, ChannelDef>

export const platformEvents = {} as const
