import { z } from 'zod'
import type { ChannelName, EventName } from './names'
import { secretStatusSchema, secretValueSchema, userSecretNameSchema } from './secrets'
import { settingsPatchSchema, settingsViewSchema } from './settings'

/** Input of a channel that takes none. `undefined` is accepted and read as `{}`. */
const noInput = z.strictObject({}).optional().default({})

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

export interface ChannelDef {
  input: z.ZodType
  output: z.ZodType
}

/** Every request/response channel: `<domain>:<action>` → input and output schemas. */
export const channels = {
  'app:info': { input: noInput, output: appInfoSchema },
  'settings:get': { input: noInput, output: settingsViewSchema },
  'settings:set': { input: settingsPatchSchema, output: settingsViewSchema },
  'secrets:status': { input: noInput, output: z.array(secretStatusSchema) },
  'secrets:set': {
    input: z.strictObject({ name: userSecretNameSchema, value: secretValueSchema }),
    output: secretStatusSchema,
  },
  'secrets:delete': {
    input: z.strictObject({ name: userSecretNameSchema }),
    output: secretStatusSchema,
  },
  /** Checks, against the platform in use, that the partner's credentials work. */
  'platform:check': { input: noInput, output: connectionCheckSchema },
} as const satisfies Record<ChannelName, ChannelDef>

/** Push events: core → renderer, no reply. */
export const events = {
  'app:ready': z.object({ version: z.string(), mode: modeSchema }),
} as const satisfies Record<EventName, z.ZodType>

export type Channels = typeof channels
export type ChannelInput<C extends ChannelName> = z.input<Channels[C]['input']>
export type ChannelParsedInput<C extends ChannelName> = z.output<Channels[C]['input']>
export type ChannelOutput<C extends ChannelName> = z.output<Channels[C]['output']>
export type EventPayload<E extends EventName> = z.output<(typeof events)[E]>

// The names module and the schema maps must list exactly the same names.
type Exact<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false
const channelsMatchNames: Exact<keyof Channels, ChannelName> = true
const eventsMatchNames: Exact<keyof typeof events, EventName> = true
void channelsMatchNames
void eventsMatchNames
