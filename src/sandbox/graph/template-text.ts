import type { Template, TemplateComponent } from '../world/types'

/** Placeholders in template text (positional `{{1}}` or named `{{first_name}}`): one reading, shared with the console. */
export { hydrate, placeholders } from '@shared/whatsapp/template-params'

export function componentOf(
  template: Template,
  type: TemplateComponent['type'],
): TemplateComponent | undefined {
  return template.components.find((c) => c.type === type)
}
