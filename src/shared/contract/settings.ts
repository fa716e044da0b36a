import { z } from 'zod'
import { aiProviderKindSchema, aiRedactionSchema } from './ai'
import { noInput, type ChannelDef } from './domain'
import type { ChannelsOf } from './names'
import type { settingsNames } from './settings.names'

/**
 * Non-secret settings. Each may come from the environment (or `.env`), from the settings saved in the
 * data directory, or from a default — in that order of precedence. Secrets are not settings: they live
 * in the OS keychain and only their status crosses the contract.
 */
export const settingDefinitions = {
  facebookAppId: {
    env: 'FACEBOOK_APP_ID',
    label: 'Meta app ID',
    schema: z.string().regex(/^\d{5,20}$/, 'digits only'),
  },
  facebookConfigId: {
    env: 'FACEBOOK_CONFIG_ID',
    label: 'Embedded Signup configuration ID',
    schema: z.string().regex(/^\d{5,20}$/, 'digits only'),
  },
  facebookBusinessId: {
    env: 'FACEBOOK_BUSINESS_ID',
    label: 'Partner business portfolio ID',
    schema: z.string().regex(/^\d{5,20}$/, 'digits only'),
  },
  facebookCreditLineId: {
    env: 'FACEBOOK_CREDIT_LINE_ID',
    label: 'Credit line ID',
    schema: z.string().regex(/^\d{5,20}$/, 'digits only'),
  },
  graphApiVersion: {
    env: 'GRAPH_API_VERSION',
    label: 'Graph API version',
    schema: z.string().regex(/^v\d{2}\.0$/, 'like v25.0'),
  },
  graphBaseUrl: {
    env: 'GRAPH_BASE_URL',
    label: 'Graph API base URL',
    schema: z.url({ protocol: /^https?$/ }),
  },
  relayUrl: { env: 'RELAY_URL', label: 'Relay URL', schema: z.url({ protocol: /^https?$/ }) },
  theme: { env: null, label: 'Theme', schema: z.enum(['system', 'light', 'dark']) },
  // AI drafts (README "AI drafts: providers and knowledge base"); the API key is the `ai-api-key` secret.
  aiProvider: { env: 'AI_PROVIDER', label: 'AI draft provider', schema: aiProviderKindSchema },
  aiBaseUrl: {
    env: 'AI_BASE_URL',
    label: 'AI base URL (OpenAI-compatible)',
    schema: z.url({ protocol: /^https?$/ }),
  },
  aiModel: { env: 'AI_MODEL', label: 'AI model', schema: z.string().trim().min(1).max(200) },
  aiRedaction: {
    env: 'AI_REDACT',
    label: 'Mask phone numbers and emails sent to a remote AI',
    schema: aiRedactionSchema,
  },
  // Reviewing AI replies: who decided (audit) and who is editing a draft (other windows see it).
  agentName: {
    env: 'AGENT_NAME',
    label: 'Agent name (on drafts you decide or edit)',
    schema: z.string().trim().min(1).max(60),
  },
} as const

export type SettingKey = keyof typeof settingDefinitions
export const settingKeys = Object.keys(settingDefinitions) as SettingKey[]

export const settingSourceSchema = z.enum(['env', 'settings', 'default', 'unset'])
export type SettingSource = z.infer<typeof settingSourceSchema>

export const settingEntrySchema = z.object({
  key: z.enum(settingKeys as [SettingKey, ...SettingKey[]]),
  label: z.string(),
  env: z.string().nullable(),
  value: z.string().nullable(),
  source: settingSourceSchema,
  /** True when the environment sets it: saving from the UI would be shadowed. */
  lockedByEnv: z.boolean(),
})
export type SettingEntry = z.infer<typeof settingEntrySchema>

export const settingsViewSchema = z.object({ entries: z.array(settingEntrySchema) })
export type SettingsView = z.infer<typeof settingsViewSchema>

const patch = <K extends SettingKey>(key: K) =>
  z.strictObject({ key: z.literal(key), value: settingDefinitions[key].schema.nullable() })

/** `value: null` clears the saved value (the default, if any, applies again). */
export const settingsPatchSchema = z.discriminatedUnion('key', [
  patch('facebookAppId'),
  patch('facebookConfigId'),
  patch('facebookBusinessId'),
  patch('facebookCreditLineId'),
  patch('graphApiVersion'),
  patch('graphBaseUrl'),
  patch('relayUrl'),
  patch('theme'),
  patch('aiProvider'),
  patch('aiBaseUrl'),
  patch('aiModel'),
  patch('aiRedaction'),
  patch('agentName'),
])
export type SettingsPatch = z.infer<typeof settingsPatchSchema>

// Every setting must be patchable: adding a definition without a patch entry fails to compile.
const patchCoversAllKeys: [SettingKey] extends [SettingsPatch['key']] ? true : false = true
void patchCoversAllKeys

export const settingsChannels = {
  'settings:get': { input: noInput, output: settingsViewSchema },
  'settings:set': { input: settingsPatchSchema, output: settingsViewSchema },
} as const satisfies Record<ChannelsOf<typeof settingsNames>, ChannelDef>

export const settingsEvents = {} as const
