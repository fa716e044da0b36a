import { z } from 'zod'
import { ES_CANCEL_STEPS } from '@shared/whatsapp/es-events'
import { webhookErrorSchema } from '@shared/whatsapp/webhook-common-schema'
import {
  TEMPLATE_REJECTION_REASONS,
  TEMPLATE_STATUS_EVENTS,
} from '@shared/whatsapp/webhook-management-schema'
import { START_TYPES } from '../customers/personas'
import { endpointNames } from '../graph/context'
import { faultKinds } from '../wiring/faults'

/** Bodies of the control API (`/_sandbox/…`), validated before anything else runs. */

export const signupOutcomes = [
  'finish',
  'finish_only_waba',
  'finish_whatsapp_business_app_onboarding',
  'cancel',
  'error',
] as const

/** Form fields left empty in the ES dialog arrive as "": treat them as not given. */
const optionalText = (max: number) =>
  z.preprocess(
    (value) => (typeof value === 'string' && value.trim() === '' ? undefined : value),
    z.string().trim().min(1).max(max).optional(),
  )

export const signupSchema = z
  .object({
    business_name: optionalText(200),
    waba_name: optionalText(200),
    /** Display name shown to customers (defaults to the business name). */
    verified_name: optionalText(200),
    phone: optionalText(30),
    category: optionalText(100),
    currency: z
      .string()
      .regex(/^[A-Z]{3}$/)
      .optional(),
    timezone_id: z
      .string()
      .regex(/^\d{1,3}$/)
      .optional(),
    outcome: z.enum(signupOutcomes).default('finish'),
    /** For `cancel`: where the user left (default PHONE_NUMBER_SETUP, Meta's example). */
    current_step: z.enum(ES_CANCEL_STEPS).optional(),
    /** For `error`: the error form's text and code (Meta's example by default). */
    error_message: z.string().min(1).max(500).optional(),
    error_code: z
      .string()
      .regex(/^\d{1,10}$/)
      .optional(),
  })
  .strict()
export type SignupInput = z.infer<typeof signupSchema>

/** `POST /_sandbox/wabas/{id}/phone_numbers`: the client adds a number to an existing WABA. */
export const addPhoneSchema = z.strictObject({
  /** Display number in any format ("+1 555 0100 123"); generated when absent. */
  phone: optionalText(30),
  /** Display name shown to customers (defaults to the WABA's name). */
  verified_name: optionalText(200),
})

/** `POST /_sandbox/customers/conversations`: a persona starts a conversation. */
export const conversationSchema = z
  .object({
    phone_number_id: z.string().regex(/^\d+$/),
    persona_id: z.string().min(1),
    type: z.enum(START_TYPES).optional(),
    /** The customer arrives from a click-to-WhatsApp ad (referral; opens a free entry point window). */
    via_ad: z.boolean().optional(),
  })
  .strict()

/** `POST /_sandbox/customers/errors`: value-level errors (`value.errors`, no message), as given. */
export const customerErrorsSchema = z.strictObject({
  phone_number_id: z.string().min(1),
  errors: z.array(webhookErrorSchema).min(1).max(100),
})

/** `POST /_sandbox/customers/reads`: the customer reads a business message (drives `read`). */
export const readSchema = z.object({ message_id: z.string().min(1) }).strict()

export const faultsSchema = z
  .object({
    rate: z.number().min(0).max(1),
    kinds: z.array(z.enum(faultKinds)).min(1),
    endpoints: z.array(z.enum(endpointNames)).min(1).optional(),
    seed: z.number().int().optional(),
    slow_ms: z.number().int().min(0).max(600_000).optional(),
  })
  .strict()

export const clockSchema = z
  .object({
    advance_seconds: z
      .number()
      .min(0)
      .max(10 * 365 * 86400),
  })
  .strict()

export const qualitySchema = z
  .object({
    quality_rating: z.enum(['GREEN', 'YELLOW', 'RED', 'UNKNOWN', 'NA']).optional(),
    event: z
      .enum(['ONBOARDING', 'THROUGHPUT_UPGRADE', 'FLAGGED', 'UNFLAGGED', 'UPGRADE', 'DOWNGRADE'])
      .optional(),
    max_daily_conversations_per_business: z.string().min(1).max(30).optional(),
  })
  .strict()
  .refine((q) => q.quality_rating !== undefined || q.event !== undefined, {
    message: 'give quality_rating and/or event',
  })

export const revokeSchema = z.object({ access_token: z.string().min(1) }).strict()

export const templateStatusSchema = z
  .object({
    /** The statuses the sandbox models that a test may move a template to. */
    status: z
      .enum(TEMPLATE_STATUS_EVENTS)
      .extract(['APPROVED', 'REJECTED', 'PAUSED', 'DISABLED', 'IN_APPEAL', 'PENDING']),
    reason: z.enum(TEMPLATE_REJECTION_REASONS).optional(),
  })
  .strict()
