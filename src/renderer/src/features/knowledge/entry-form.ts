import { kbEntryInputSchema, type KbEntry, type KbEntryInput } from '@shared/contract/ai'

/** What the entry form holds: lists as text (one variant per line, tags comma-separated). */
export interface EntryFormValues {
  kind: 'faq' | 'snippet'
  question: string
  variants: string
  answer: string
  language: string
  tags: string
}

export const emptyEntryForm = (language = 'en'): EntryFormValues => ({
  kind: 'faq',
  question: '',
  variants: '',
  answer: '',
  language,
  tags: '',
})

export const entryFormValues = (entry: KbEntry): EntryFormValues => ({
  kind: entry.kind,
  question: entry.question,
  variants: entry.variants.join('\n'),
  answer: entry.answer,
  language: entry.language,
  tags: entry.tags.join(', '),
})

export type EntryFormResult =
  | { ok: true; entry: KbEntryInput }
  | { ok: false; errors: Partial<Record<keyof EntryFormValues, string>> }

/** Checks the form with the contract's schema (the core applies the same), per field. */
export function parseEntryForm(values: EntryFormValues): EntryFormResult {
  const lines = (text: string, separator: RegExp) =>
    text
      .split(separator)
      .map((part) => part.trim())
      .filter(Boolean)
  const parsed = kbEntryInputSchema.safeParse({
    kind: values.kind,
    question: values.question,
    variants: lines(values.variants, /\r?\n/),
    answer: values.answer,
    language: values.language,
    tags: lines(values.tags, /,/),
  })
  if (parsed.success) return { ok: true, entry: parsed.data }
  const errors: Partial<Record<keyof EntryFormValues, string>> = {}
  for (const issue of parsed.error.issues) {
    const field = String(issue.path[0] ?? 'question') as keyof EntryFormValues
    const where = issue.path.length > 1 ? `line ${Number(issue.path[1]) + 1}: ` : ''
    errors[field] ??= `${where}${issue.message}`
  }
  return { ok: false, errors }
}
