import { z } from 'zod'
import type { appNames } from './app.names'
import { noInput, type ChannelDef } from './domain'
import type { ChannelsOf, EventsOf } from './names'

export const modeSchema = z.enum(['sandbox', 'live'])
export type Mode = z.infer<typeof modeSchema>

export const appInfoSchema = z.object({
  name: z.string(),
  version: z.string(),
  mode: modeSchema,
  /** Why this mode was chosen, in words for the Settings page. */
  modeReason: z.string(),
  dataDir: z.string(),
  platform: z.string(),
  runtime: z.enum(['electron', 'node']),
  graphBaseUrl: z.string(),
  graphApiVersion: z.string(),
  /** The embedded sandbox's base URL in sandbox mode, else null. */
  sandboxUrl: z.string().nullable(),
  /** Things the user should know from start-up (e.g. a secret moved from .env to the keychain). */
  notices: z.array(z.string()),
})
export type AppInfo = z.infer<typeof appInfoSchema>

export const appChannels = {
  'app:info': { input: noInput, output: appInfoSchema },
} as const satisfies Record<ChannelsOf<typeof appNames>, ChannelDef>

export const appEvents = {
  'app:ready': z.object({ version: z.string(), mode: modeSchema }),
} as const satisfies Record<EventsOf<typeof appNames>, z.ZodType>
