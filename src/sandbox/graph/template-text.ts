import type { Template, TemplateComponent } from '../world/types'

/** Placeholders in template text: positional `{{1}}` or named `{{first_name}}` (TMPL). */
const PLACEHOLDER = /\{\{\s*([A-Za-z0-9_]+)\s*\}\}/g

export function placeholders(text: unknown): string[] {
  if (typeof text !== 'string') return []
  const seen: string[] = []
  for (const match of text.matchAll(PLACEHOLDER)) {
    const name = match[1] as string
    if (!seen.includes(name)) seen.push(name)
  }
  return seen
}

export function componentOf(
  template: Template,
  type: TemplateComponent['type'],
): TemplateComponent | undefined {
  return template.components.find((c) => c.type === type)
}

/** Fills placeholders with values (by name or position); unknown ones are left as written. */
export function hydrate(text: string, values: Map<string, string>): string {
  return text.replace(PLACEHOLDER, (whole, name: string) => values.get(name) ?? whole)
}
