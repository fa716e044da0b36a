import { z } from 'zod'
import type { aiNames } from './ai.names'
import type { ChannelDef } from './domain'
import type { ChannelsOf, EventsOf } from './names'

/**
 * AI drafts (issue #10): each client's knowledge base — FAQ entries (a question, its variants, an
 * answer), reply snippets, and business facts (hours, address, prices) that answers cite as
 * `{{key}}` placeholders — and the draft a provider makes from it. The local drafter retrieves
 * from the knowledge base; an OpenAI-compatible provider is given the retrieved entries.
 * README "AI drafts: providers and knowledge base" documents the import formats.
 */

const clientId = z.string().min(1).max(100)
const isoTime = z.string()

/** A knowledge-base language: ISO 639-1 (two letters), the language the customer is answered in. */
export const kbLanguageSchema = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z]{2}$/, 'a two-letter ISO 639-1 code such as en, es or pt')

/** A fact holds in one language, or in `any` (a price, a phone number). */
export const FACT_ANY_LANGUAGE = 'any'
export const factLanguageSchema = z.union([z.literal(FACT_ANY_LANGUAGE), kbLanguageSchema])

/** A fact's key, as answers name it in `{{key}}`: lower case, digits, `_`, `.` and `-`. */
export const factKeySchema = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z][a-z0-9_.-]{0,63}$/, 'starts with a letter; letters, digits, _ . - only (≤ 64)')

const tag = z.string().trim().min(1).max(40)
const line = z.string().trim().min(1, 'is empty').max(500)

export const kbEntryKindSchema = z.enum(['faq', 'snippet'])
export type KbEntryKind = z.infer<typeof kbEntryKindSchema>

/** Where a row came from: staff in the editor, the onboarding seed, or an import. */
export const kbSourceSchema = z.enum(['staff', 'seed', 'import'])
export type KbSource = z.infer<typeof kbSourceSchema>

/**
 * An FAQ entry (the question customers ask, other ways they ask it, the answer) or a reply
 * snippet (a title, the phrases that call it, its text). Answers may cite facts as `{{key}}`.
 */
export const kbEntryInputSchema = z.strictObject({
  kind: kbEntryKindSchema.default('faq'),
  question: line,
  variants: z.array(line).max(50).default([]),
  // WhatsApp's limit for a text message body.
  answer: z.string().trim().min(1, 'is empty').max(4096),
  language: kbLanguageSchema,
  tags: z.array(tag).max(20).default([]),
})
export type KbEntryInput = z.input<typeof kbEntryInputSchema>

export const kbEntrySchema = z.object({
  id: z.number().int().positive(),
  kind: kbEntryKindSchema,
  question: z.string(),
  variants: z.array(z.string()),
  answer: z.string(),
  language: z.string(),
  tags: z.array(z.string()),
  source: kbSourceSchema,
  createdAt: isoTime,
  updatedAt: isoTime,
  /** The fact keys the answer names as `{{key}}`. */
  placeholders: z.array(z.string()),
  /**
   * Placeholders with no non-empty fact in the entry's language or `any`: the drafter does not
   * use the entry until staff fill them.
   */
  missingFacts: z.array(z.string()),
})
export type KbEntry = z.infer<typeof kbEntrySchema>

export const kbFactInputSchema = z.strictObject({
  key: factKeySchema,
  // Empty: a fact the seed named for staff to complete; answers citing it wait for it.
  value: z.string().trim().max(1000).default(''),
  language: factLanguageSchema.default(FACT_ANY_LANGUAGE),
})
export type KbFactInput = z.input<typeof kbFactInputSchema>

export const kbFactSchema = z.object({
  key: z.string(),
  value: z.string(),
  language: z.string(),
  source: kbSourceSchema,
  updatedAt: isoTime,
})
export type KbFact = z.infer<typeof kbFactSchema>

export const knowledgeBaseSchema = z.object({
  clientId: z.string(),
  clientName: z.string().nullable(),
  /** Grows with every change (the drafter's index is rebuilt when it moves). */
  revision: z.number().int().nonnegative(),
  entries: z.array(kbEntrySchema),
  facts: z.array(kbFactSchema),
  /** The languages of the entries, most entries first. */
  languages: z.array(z.string()),
})
export type KnowledgeBase = z.infer<typeof knowledgeBaseSchema>

// ---------------------------------------------------------------------------------------------
// Import and export

export const kbFileFormatSchema = z.enum(['json', 'csv'])
export type KbFileFormat = z.infer<typeof kbFileFormatSchema>

/** The JSON file: what export writes and import reads. */
export const kbFileSchema = z.strictObject({
  format: z.literal('wapc-knowledge-base'),
  version: z.literal(1),
  entries: z.array(kbEntryInputSchema).max(20_000).default([]),
  facts: z.array(kbFactInputSchema).max(5_000).default([]),
})
export type KbFile = z.output<typeof kbFileSchema>

/**
 * The CSV header, in this order. One row per entry or fact: `type` is faq, snippet or fact;
 * entries fill question/variants/answer/tags, facts fill key/value; `variants` and `tags` are
 * separated by `|`; `language` is an ISO 639-1 code (`any` for a fact that holds in every one).
 */
export const KB_CSV_HEADER = [
  'type',
  'language',
  'question',
  'variants',
  'answer',
  'tags',
  'key',
  'value',
] as const

/** merge: entries with the same kind, language and question (any case) are replaced, facts by key and language; replace: the knowledge base is emptied first. */
export const kbImportModeSchema = z.enum(['merge', 'replace'])

export const kbImportResultSchema = z.object({
  mode: kbImportModeSchema,
  entries: z.object({ added: z.number().int(), updated: z.number().int() }),
  facts: z.object({ added: z.number().int(), updated: z.number().int() }),
  removed: z.number().int(),
})
export type KbImportResult = z.infer<typeof kbImportResultSchema>

export const kbExportSchema = z.object({
  fileName: z.string(),
  mimeType: z.string(),
  content: z.string(),
})

// ---------------------------------------------------------------------------------------------
// Drafts

export const aiProviderKindSchema = z.enum(['local', 'openai'])
export type AiProviderKind = z.infer<typeof aiProviderKindSchema>

/** Whether phone numbers and emails are masked before text leaves for a remote provider. */
export const aiRedactionSchema = z.enum(['on', 'off'])

/** A knowledge-base row a draft relies on: `faq:12`, `snippet:3`, `fact:hours`. */
export const draftSourceSchema = z.object({
  ref: z.string(),
  kind: z.enum(['faq', 'snippet', 'fact']),
  title: z.string(),
})
export type DraftSource = z.infer<typeof draftSourceSchema>

/** Why a conversation goes to a person: asked for one, a sensitive topic, or the model said so. */
export const handoffReasonSchema = z.enum(['human', 'refund', 'payment', 'legal', 'model'])
export type HandoffReason = z.infer<typeof handoffReasonSchema>

export const draftSchema = z.object({
  /** The reply to send; empty when `needsAnswer` (nothing in the knowledge base answers it). */
  reply: z.string(),
  sources: z.array(draftSourceSchema),
  /** 0…1; see src/main/ai/confidence.ts for the local drafter's definition. */
  confidence: z.number().min(0).max(1),
  /** Hand the conversation to a person; `reply` is then the handover message. */
  handoff: z.boolean(),
  handoffReason: handoffReasonSchema.nullable(),
  /** No answer found: an agent must write it. */
  needsAnswer: z.boolean(),
  /** ISO 639-1 of the reply (`und` when unknown). */
  language: z.string(),
  provider: aiProviderKindSchema,
  model: z.string(),
  /** sha256 of everything the answer was made from (the prompt, or the local query and knowledge-base revision). */
  promptHash: z.string(),
})
export type Draft = z.infer<typeof draftSchema>

export const draftMatchSchema = z.object({
  ref: z.string(),
  title: z.string(),
  language: z.string(),
  score: z.number(),
})

export const knowledgeTrySchema = draftSchema.extend({
  /** The customer's language as detected (ISO 639-1, or `und`). */
  detectedLanguage: z.string(),
  /** The best knowledge-base matches, best first (raw search scores). */
  matches: z.array(draftMatchSchema),
})
export type KnowledgeTry = z.infer<typeof knowledgeTrySchema>

// ---------------------------------------------------------------------------------------------

const entryRef = z.strictObject({ clientId, id: z.number().int().positive() })
const factRef = z.strictObject({ key: factKeySchema, language: factLanguageSchema })

export const aiChannels = {
  'knowledge:get': { input: z.strictObject({ clientId }), output: knowledgeBaseSchema },
  'knowledge:save-entry': {
    input: z.strictObject({
      clientId,
      /** Absent: a new entry. */
      id: z.number().int().positive().optional(),
      entry: kbEntryInputSchema,
    }),
    output: kbEntrySchema,
  },
  'knowledge:delete-entry': { input: entryRef, output: z.object({ deleted: z.boolean() }) },
  'knowledge:save-fact': {
    input: z.strictObject({
      clientId,
      fact: kbFactInputSchema,
      /** The fact being edited when its key or language changes (it is replaced). */
      previous: factRef.optional(),
    }),
    output: kbFactSchema,
  },
  'knowledge:delete-fact': {
    input: factRef.extend({ clientId }),
    output: z.object({ deleted: z.boolean() }),
  },
  'knowledge:import': {
    input: z.strictObject({
      clientId,
      format: kbFileFormatSchema,
      content: z.string().max(5_000_000, 'larger than 5 MB'),
      mode: kbImportModeSchema.default('merge'),
    }),
    output: kbImportResultSchema,
  },
  'knowledge:export': {
    input: z.strictObject({ clientId, format: kbFileFormatSchema }),
    output: kbExportSchema,
  },
  'knowledge:try': {
    input: z.strictObject({ clientId, text: z.string().trim().min(1).max(4096) }),
    output: knowledgeTrySchema,
  },
} as const satisfies Record<ChannelsOf<typeof aiNames>, ChannelDef>

export const aiEvents = {
  'knowledge:changed': z.object({
    clientId: z.string(),
    revision: z.number().int().nonnegative(),
  }),
} as const satisfies Record<EventsOf<typeof aiNames>, z.ZodType>
