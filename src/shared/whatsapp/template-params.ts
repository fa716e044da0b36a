/**
 * Template placeholders: positional `{{1}}` or named `{{first_name}}`
 * (https://developers.facebook.com/documentation/business-messaging/whatsapp/templates/overview).
 * One reading for the sandbox (which checks sends against templates) and the console (which
 * builds the parameter form and shows a sent template's text).
 */
const PLACEHOLDER = /\{\{\s*([A-Za-z0-9_]+)\s*\}\}/g

/** The placeholders of a template text, in order of first appearance, each once. */
export function placeholders(text: unknown): string[] {
  if (typeof text !== 'string') return []
  const seen: string[] = []
  for (const match of text.matchAll(PLACEHOLDER)) {
    const name = match[1] as string
    if (!seen.includes(name)) seen.push(name)
  }
  return seen
}

/** Fills placeholders with values (by name or position); unknown ones are left as written. */
export function hydrate(text: string, values: ReadonlyMap<string, string>): string {
  return text.replace(PLACEHOLDER, (whole, name: string) => values.get(name) ?? whole)
}
