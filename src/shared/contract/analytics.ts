import { z } from 'zod'
import type { analyticsNames } from './analytics.names'
import type { ChannelDef } from './domain'
import type { ChannelsOf, EventsOf } from './names'

/**
 * Analytics (issue #11): per client and across clients, over a date range (UTC days) — messages
 * in and out per day, delivery, read and failure rates with the top failure reasons, response
 * times by who answered (AI-sent, AI-approved, human), AI draft review rates, template
 * performance, and cost: billable messages by pricing category and market from Meta's per-message
 * pricing on status webhooks, priced by the partner's imported rate card. Computed from the
 * stored records (daily rollups kept as webhooks are applied), so it works offline.
 * README "Analytics" has the definitions.
 */

/** A UTC calendar day, `YYYY-MM-DD`. */
export const daySchema = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'a date as YYYY-MM-DD')
  .refine(
    (d) => !Number.isNaN(Date.parse(`${d}T00:00:00Z`)) && new Date(d).toISOString().startsWith(d),
    {
      message: 'not a calendar date',
    },
  )

/** Meta's pricing categories, as rate cards name them. */
export const PRICING_CATEGORIES = [
  'marketing',
  'utility',
  'authentication',
  'authentication-international',
  'service',
  'marketing-lite',
] as const
export const pricingCategorySchema = z.enum(PRICING_CATEGORIES)
export type PricingCategory = z.infer<typeof pricingCategorySchema>

/**
 * Who wrote an outbound message (`messages.origin`, migration 0008): the composer (`agent`), an AI
 * reply sent without review (`ai-auto`), an AI draft sent unchanged (`ai-approved`) or after an
 * agent's edit (`ai-edited`), automation in this app (`api`).
 */
export const MESSAGE_ORIGINS = ['agent', 'ai-auto', 'ai-approved', 'ai-edited', 'api'] as const
export const messageOriginSchema = z.enum(MESSAGE_ORIGINS)
export type MessageOrigin = z.infer<typeof messageOriginSchema>

/** Who answered: AI sent alone, an AI draft an agent approved (or edited), a person, or other. */
export const RESPONDERS = ['ai', 'ai-approved', 'human', 'other'] as const
export const responderSchema = z.enum(RESPONDERS)
export type Responder = z.infer<typeof responderSchema>

const count = z.number().int().nonnegative()
/** 0…1, or null when there is nothing to divide by. */
const rate = z.number().min(0).max(1).nullable()
/** An amount in the rate card's currency (null: no rate card, or no rate for it). */
const money = z.number().nonnegative().nullable()

export const volumeSchema = z.object({
  messagesIn: count,
  messagesOut: count,
  /** Accepted by Meta (it answered with a wamid). */
  accepted: count,
  delivered: count,
  read: count,
  failed: count,
})
export type Volume = z.infer<typeof volumeSchema>

export const daySeriesSchema = volumeSchema.extend({ date: z.string() })

export const clientFiguresSchema = volumeSchema.extend({
  /** null: numbers no onboarded client owns. */
  clientId: z.string().nullable(),
  name: z.string(),
  deliveryRate: rate,
  readRate: rate,
  failureRate: rate,
  billable: count,
  free: count,
  cost: money,
})
export type ClientFigures = z.infer<typeof clientFiguresSchema>

export const failureReasonSchema = z.object({
  /** Meta's error code; null when the failure carried none. */
  code: z.number().int().nullable(),
  title: z.string(),
  count,
  /** Of all failures in the range. */
  share: rate,
})

export const responseTimesSchema = z.object({
  responder: responderSchema,
  replies: count,
  /** Median time to answer a customer (ms), from a histogram ≈9 % wide; null without replies. */
  medianMs: z.number().nonnegative().nullable(),
  meanMs: z.number().nonnegative().nullable(),
  /** Replies to a customer who opened a new customer service window. */
  firstResponses: count,
  firstMedianMs: z.number().nonnegative().nullable(),
})
export type ResponseTimes = z.infer<typeof responseTimesSchema>

export const originCountSchema = z.object({ origin: z.string(), count })

export const draftFiguresSchema = z.object({
  total: count,
  byStatus: z.array(z.object({ status: z.string(), count })),
  /** Drafts sent unchanged, of drafts decided (anything but pending). */
  approvalRate: rate,
  /** Drafts an agent edited before sending, of drafts decided. */
  editRate: rate,
})

export const templateFiguresSchema = z.object({
  name: z.string(),
  language: z.string(),
  sent: count,
  delivered: count,
  read: count,
  failed: count,
  deliveryRate: rate,
  readRate: rate,
})

export const billableLineSchema = z.object({
  market: z.string(),
  category: z.string(),
  count,
  /** Per message, in the rate card's currency; null: the card has no rate for it. */
  rate: money,
  cost: money,
})

export const freeLineSchema = z.object({
  /** free_customer_service or free_entry_point. */
  type: z.string(),
  category: z.string(),
  count,
})

export const rateCardSummarySchema = z.object({
  currency: z.string(),
  fileName: z.string().nullable(),
  importedAt: z.string(),
  rates: count,
})

export const costSchema = z.object({
  rateCard: rateCardSummarySchema.nullable(),
  billable: z.array(billableLineSchema),
  byCategory: z.array(z.object({ category: z.string(), count, cost: money })),
  free: z.array(freeLineSchema),
  billableTotal: count,
  freeTotal: count,
  /** Sum of the lines with a rate; `unpriced` counts the billable messages without one. */
  total: money,
  unpriced: count,
})
export type CostFigures = z.infer<typeof costSchema>

export const analyticsOverviewSchema = z.object({
  from: z.string(),
  to: z.string(),
  clientId: z.string().nullable(),
  clients: z.array(z.object({ id: z.string(), name: z.string() })),
  totals: volumeSchema.extend({ deliveryRate: rate, readRate: rate, failureRate: rate }),
  days: z.array(daySeriesSchema),
  perClient: z.array(clientFiguresSchema),
  failures: z.array(failureReasonSchema),
  responses: z.array(responseTimesSchema),
  origins: z.array(originCountSchema),
  /** null: no `drafts` table yet (no AI drafts). */
  drafts: draftFiguresSchema.nullable(),
  templates: z.array(templateFiguresSchema),
  cost: costSchema,
})
export type AnalyticsOverview = z.infer<typeof analyticsOverviewSchema>

export const rateSchema = z.object({ market: z.string(), category: z.string(), rate: z.number() })

export const rateCardSchema = rateCardSummarySchema.extend({ lines: z.array(rateSchema) })
export type RateCard = z.infer<typeof rateCardSchema>

/** A rate card file: CSV, at most 1 MB. */
const MAX_CSV = 1_000_000

export const analyticsChannels = {
  'analytics:overview': {
    input: z.strictObject({
      from: daySchema,
      to: daySchema,
      /** A client id, `unassigned`, or absent for every client. */
      clientId: z.string().min(1).max(100).optional(),
    }),
    output: analyticsOverviewSchema,
  },
  'analytics:rate-card': {
    input: z.strictObject({}).optional().default({}),
    output: z.object({ card: rateCardSchema.nullable() }),
  },
  'analytics:import-rate-card': {
    input: z.strictObject({
      csv: z.string().min(1, 'the file is empty').max(MAX_CSV, 'the file is over 1 MB'),
      /** The credit line's currency (ISO 4217); a `currency` column must agree with it. */
      currency: z
        .string()
        .trim()
        .toUpperCase()
        .regex(/^[A-Z]{3}$/, 'a three-letter ISO 4217 currency code such as USD'),
      fileName: z.string().max(255).optional(),
    }),
    output: rateCardSchema,
  },
} as const satisfies Record<ChannelsOf<typeof analyticsNames>, ChannelDef>

export const analyticsEvents = {} as const satisfies Record<
  EventsOf<typeof analyticsNames>,
  z.ZodType
>
