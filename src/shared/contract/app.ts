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
  /**
   * How far the platform's clock runs ahead of this machine's (ms): 0 in live mode; in sandbox
   * mode the embedded sandbox's virtual clock offset (`POST /_sandbox/clock`). Countdowns against
   * Meta's timestamps (the 24-hour window) add it to the local time.
   */
  platformClockOffsetMs: z.number(),
})
export type AppInfo = z.infer<typeof appInfoSchema>

export const appChannels = {
  'app:info': { input: noInput, output: appInfoSchema },
} as const satisfies Record<ChannelsOf<typeof appNames>, ChannelDef>

export const appEvents = {
  'app:ready': z.object({ version: z.string(), mode: modeSchema }),
  /** The platform's clock moved (sandbox mode: `POST /_sandbox/clock`): its new offset (ms). */
  'app:clock-changed': z.object({ offsetMs: z.number() }),
} as const satisfies Record<EventsOf<typeof appNames>, z.ZodType>
