import { z } from 'zod'
import { noInput, type ChannelDef } from './domain'
import type { ChannelsOf } from './names'
import type { secretsNames } from './secrets.names'

/** Secrets a user sets by hand. Per-client secrets (business tokens, PINs) are written by onboarding. */
export const userSecretNames = [
  'system-user-token',
  'app-secret',
  'relay-token',
  'ai-api-key',
  'webhook-verify-token',
] as const
export const userSecretNameSchema = z.enum(userSecretNames)
export type UserSecretName = z.infer<typeof userSecretNameSchema>

export const secretLabels: Record<UserSecretName, { label: string; env: string }> = {
  'system-user-token': {
    label: 'System user token',
    env: 'FACEBOOK_SYSTEM_USER_TOKEN',
  },
  'app-secret': { label: 'Meta app secret', env: 'FACEBOOK_APP_SECRET' },
  'relay-token': { label: 'Relay token', env: 'RELAY_TOKEN' },
  'ai-api-key': { label: 'AI API key', env: 'AI_API_KEY' },
  // The webhook endpoint answers Meta's verification request only when it matches: a secret.
  'webhook-verify-token': { label: 'Webhook verify token', env: 'WEBHOOK_VERIFY_TOKEN' },
}

/**
 * Where this launch took a secret from: `.env` (moved into the keychain and removed from the file)
 * or the process environment (which saves it again at every start, replacing a value set here).
 */
export const secretSourceSchema = z.enum(['dotenv', 'environment'])
export type SecretSource = z.infer<typeof secretSourceSchema>

/** A secret's status never carries its value: only whether it is set and its last 4 characters. */
export const secretStatusSchema = z.strictObject({
  name: userSecretNameSchema,
  configured: z.boolean(),
  hint: z.string().length(4).nullable(),
  takenFrom: secretSourceSchema.nullable(),
})
export type SecretStatus = z.infer<typeof secretStatusSchema>

export const secretValueSchema = z
  .string()
  .trim()
  .min(8, 'too short to be a real secret')
  .max(4096, 'longer than any Meta token')
  .regex(/^[\x21-\x7e]+$/, 'printable characters without spaces only')

export const secretsChannels = {
  'secrets:status': { input: noInput, output: z.array(secretStatusSchema) },
  'secrets:set': {
    input: z.strictObject({
      name: userSecretNameSchema,
      value: secretValueSchema,
    }),
    output: secretStatusSchema,
  },
  'secrets:delete': {
    input: z.strictObject({ name: userSecretNameSchema }),
    output: secretStatusSchema,
  },
} as const satisfies Record<ChannelsOf<typeof secretsNames>, ChannelDef>

export const secretsEvents = {} as const
