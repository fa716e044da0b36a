import { AppError } from '@shared/contract/errors'
import { z } from 'zod'

/** What the model must answer: one JSON object, nothing else. */
export const modelAnswerSchema = z.strictObject({
  reply: z.string().max(4096, 'longer than a WhatsApp text message (4096)'),
  sources: z.array(z.string()).max(50),
  handoff: z.boolean(),
})
export type ModelAnswer = z.infer<typeof modelAnswerSchema>

/** The same shape as JSON Schema, for `response_format` (structured outputs). */
export const MODEL_ANSWER_JSON_SCHEMA = {
  type: 'object',
  properties: {
    reply: { type: 'string' },
    sources: { type: 'array', items: { type: 'string' } },
    handoff: { type: 'boolean' },
  },
  required: ['reply', 'sources', 'handoff'],
  additionalProperties: false,
} as const

const invalid = (message: string, excerpt: string) =>
  new AppError('VALIDATION', `The AI model's answer is not a valid draft: ${message}`, {
    // The same request may well get a valid answer (sampling), so the draft can be regenerated.
    retryable: true,
    fix: 'Regenerate the draft; if it keeps failing, choose a model that supports JSON output.',
    details: { kind: 'invalid-answer', excerpt: excerpt.slice(0, 200) },
  })

/**
 * Reads the model's text as the answer object. Models that wrap JSON in a Markdown fence
 * (```json … ```) are tolerated; anything else that is not exactly `{reply, sources, handoff}`
 * is refused with what is wrong.
 */
export function parseModelAnswer(text: string): ModelAnswer {
  const trimmed = text.trim()
  const fenced = /^```(?:json)?\s*([\s\S]*?)\s*```$/i.exec(trimmed)
  const body = fenced ? fenced[1]! : trimmed
  if (body === '') throw invalid('it is empty', text)
  let json: unknown
  try {
    json = JSON.parse(body)
  } catch (error) {
    throw invalid(`it is not JSON (${(error as Error).message})`, text)
  }
  const parsed = modelAnswerSchema.safeParse(json)
  if (!parsed.success) {
    const issues = parsed.error.issues
      .map((issue) => `${issue.path.join('.') || '(answer)'} ${issue.message}`)
      .join('; ')
    throw invalid(issues, text)
  }
  return parsed.data
}
