import { z } from 'zod'
import { accessToken, appSecret, numericId, opaqueToken } from './ids'

/**
 * The partner's side of the world — named as in the seed's `.env` (FACEBOOK_APP_ID,
 * FACEBOOK_APP_SECRET, FACEBOOK_SYSTEM_USER_TOKEN, FACEBOOK_CREDIT_LINE_ID,
 * WEBHOOK_VERIFY_TOKEN) — plus the knobs that make the sandbox useful for tests and training.
 */
export interface SandboxConfig {
  app_id: string
  app_name: string
  app_secret: string
  system_user_token: string
  /** The partner's business portfolio (receives `account_update`, owns the credit line). */
  business_id: string
  credit_line_id: string
  /** The app's webhook callback (App Dashboard > WhatsApp > Configuration); null = none yet. */
  callback_url: string | null
  verify_token: string
  /** Multiplies real delays (status progression, retries, template review). 0 = immediate. */
  time_scale: number
  /** Messages per second per registered number (https://developers.facebook.com/documentation/business-messaging/whatsapp/throughput: 80 by default). */
  throughput: number
  /** Seconds a business token lives; null = never expires (no `expires_in` in the exchange). */
  token_expires_in: number | null
  /** How long template review takes, in ms (scaled by time_scale). */
  template_review_delay_ms: number
  /**
   * Review verdict: APPROVED / REJECTED for all, or `auto` = REJECTED when the template name
   * contains "reject", APPROVED otherwise.
   */
  template_review_outcome: 'APPROVED' | 'REJECTED' | 'auto'
  /**
   * Origins allowed to receive Embedded Signup results (Meta's "Allowed domains" in Facebook
   * Login for Business); null = any origin (convenient locally).
   */
  signup_allowed_origins: string[] | null
  /** Webhook delivery: batching, retries, duplicates, reordering (see webhookOptionsSchema). */
  webhooks: WebhookOptions
}

/**
 * Webhook delivery knobs (https://developers.facebook.com/documentation/business-messaging/whatsapp/webhooks/create-webhook-endpoint), snake_case like the rest of the control API. Delays are
 * nominal ms, multiplied by time_scale.
 */
export const webhookOptionsSchema = z
  .object({
    /** Changes per POST (Meta: up to 1000). */
    batch_max: z.number().int().min(1).max(1000),
    /** How long changes wait to be batched together. */
    batch_window_ms: z.number().int().min(0).max(60_000),
    /** 0..1: probability that a delivered batch is delivered again (Meta: duplicates possible). */
    duplicate_rate: z.number().min(0).max(1),
    /** Shuffle changes within a batch and send batches in random order. */
    reorder: z.boolean(),
    /** POSTs per batch before giving up (Meta keeps trying for 7 days). */
    max_attempts: z.number().int().min(1).max(1000),
    /** The second retry's delay (the first is immediate); doubles from there, with jitter. */
    base_backoff_ms: z
      .number()
      .int()
      .min(0)
      .max(24 * 3600_000),
    /** Concurrent POSTs per callback URL. */
    max_in_flight: z.number().int().min(1).max(256),
    /** Real ms a POST may take before it counts as failed. */
    request_timeout_ms: z.number().int().min(100).max(600_000),
  })
  .strict()
export type WebhookOptions = z.infer<typeof webhookOptionsSchema>

export const DEFAULT_WEBHOOK_OPTIONS: WebhookOptions = {
  batch_max: 100,
  batch_window_ms: 20,
  duplicate_rate: 0,
  reorder: false,
  max_attempts: 12,
  base_backoff_ms: 1000,
  max_in_flight: 8,
  request_timeout_ms: 10_000,
}

export const configPatchSchema = z
  .object({
    callback_url: z.url({ protocol: /^https?$/ }).nullable(),
    verify_token: z.string().min(1).max(512),
    app_id: z.string().regex(/^\d{5,20}$/, 'app_id is numeric, like Meta app ids'),
    app_name: z.string().min(1).max(100),
    app_secret: z.string().min(8).max(128),
    system_user_token: z.string().min(8).max(1024),
    credit_line_id: z.string().regex(/^\d{5,20}$/, 'credit_line_id is numeric'),
    business_id: z.string().regex(/^\d{5,20}$/, 'business_id is numeric'),
    time_scale: z.number().min(0).max(1000),
    throughput: z.number().int().min(1).max(100_000),
    token_expires_in: z.number().int().min(1).nullable(),
    template_review_delay_ms: z
      .number()
      .int()
      .min(0)
      .max(7 * 24 * 3600_000),
    template_review_outcome: z.enum(['APPROVED', 'REJECTED', 'auto']),
    signup_allowed_origins: z
      .array(z.url({ protocol: /^https?$/ }).transform((u) => new URL(u).origin))
      .nullable(),
    webhooks: webhookOptionsSchema.partial(),
  })
  .partial()
  .strict()

export type ConfigPatch = z.infer<typeof configPatchSchema>

/** Applies a patch; `webhooks` merges into the current options rather than replacing them. */
export function mergeConfig(config: SandboxConfig, patch: ConfigPatch): SandboxConfig {
  const { webhooks, ...rest } = patch
  const next: SandboxConfig = { ...config, ...(rest as Partial<SandboxConfig>) }
  if (webhooks) next.webhooks = { ...config.webhooks, ...(webhooks as Partial<WebhookOptions>) }
  return next
}

/** What a config starts from: any field of it; `webhooks` partially. */
export type ConfigSeed = Partial<Omit<SandboxConfig, 'webhooks'>> & {
  webhooks?: Partial<WebhookOptions>
}

/**
 * The config a data directory saved, with explicit seeds (options, environment) winning field by
 * field: credentials created on a first start are reused afterwards unless a seed replaces them.
 */
export function seedOverSaved(saved: ConfigPatch | null, seed: ConfigSeed = {}): ConfigSeed {
  if (!saved) return seed
  const { webhooks, ...rest } = saved
  return {
    ...(rest as ConfigSeed),
    ...seed,
    webhooks: { ...(webhooks as Partial<WebhookOptions> | undefined), ...seed.webhooks },
  }
}

export function defaultConfig(seed: ConfigSeed = {}): SandboxConfig {
  const { webhooks, ...rest } = seed
  return {
    app_id: numericId(15),
    app_name: 'WA Partner Console (sandbox)',
    app_secret: appSecret(),
    system_user_token: accessToken(),
    business_id: numericId(15),
    credit_line_id: numericId(16),
    callback_url: null,
    verify_token: opaqueToken(12),
    time_scale: 1,
    throughput: 80,
    token_expires_in: null,
    template_review_delay_ms: 10_000,
    template_review_outcome: 'auto',
    signup_allowed_origins: null,
    ...rest,
    webhooks: { ...DEFAULT_WEBHOOK_OPTIONS, ...webhooks },
  }
}

/** The partner's ids must stay distinct: the Graph router tells objects apart by id. */
export function partnerIdsClash(config: SandboxConfig): string | null {
  const ids = [config.app_id, config.business_id, config.credit_line_id]
  return new Set(ids).size === ids.length
    ? null
    : 'app_id, business_id and credit_line_id must be different ids'
}
