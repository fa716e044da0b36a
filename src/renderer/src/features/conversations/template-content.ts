import type { SendContent, TemplateForm, TemplateRow } from '@shared/contract/outbox'

/**
 * The template picker's form values and how they become `messages:send` content. Parameter names
 * are Meta's: "1", "2"… for positional templates, the parameter's name for named ones
 * (https://developers.facebook.com/documentation/business-messaging/whatsapp/templates/overview).
 */
export interface TemplateValues {
  header: Record<string, string>
  /** Header media: a public https link, or an uploaded media id. */
  headerMedia: { link?: string; mediaId?: string; filename?: string }
  headerLocation: { latitude: string; longitude: string; name: string; address: string }
  body: Record<string, string>
  /** By button index. */
  buttons: Record<number, string>
}

export const emptyValues = (): TemplateValues => ({
  header: {},
  headerMedia: {},
  headerLocation: { latitude: '', longitude: '', name: '', address: '' },
  body: {},
  buttons: {},
})

type TemplateContent = Extract<SendContent, { type: 'template' }>

const params = (names: { name: string }[], values: Record<string, string>) =>
  names.map((param) => ({ name: param.name, value: values[param.name]?.trim() ?? '' }))

/** What is missing before the template can be sent, in words; empty when complete. */
export function missingValues(form: TemplateForm, values: TemplateValues): string[] {
  const missing: string[] = []
  const header = form.header
  if (header?.format === 'text') {
    for (const p of params(header.params, values.header))
      if (!p.value) missing.push(`header {{${p.name}}}`)
  } else if (header?.format === 'location') {
    const { latitude, longitude } = values.headerLocation
    if (
      !Number.isFinite(Number.parseFloat(latitude)) ||
      !Number.isFinite(Number.parseFloat(longitude))
    )
      missing.push('header location (latitude and longitude)')
  } else if (header) {
    const { link, mediaId } = values.headerMedia
    if (!link?.trim() && !mediaId) missing.push(`header ${header.format}`)
  }
  for (const p of params(form.body?.params ?? [], values.body))
    if (!p.value) missing.push(`body {{${p.name}}}`)
  for (const button of form.buttons) {
    if (button.params.length > 0 && !values.buttons[button.index]?.trim())
      missing.push(`button “${button.text ?? button.index + 1}”`)
  }
  return missing
}

/** The send content for a template and its filled form (call missingValues first). */
export function templateContent(template: TemplateRow, values: TemplateValues): TemplateContent {
  const { form } = template
  const content: TemplateContent = {
    type: 'template',
    name: template.name,
    language: template.language,
  }
  const header = form.header
  if (header?.format === 'text' && header.params.length > 0) {
    content.header = { type: 'text', values: params(header.params, values.header) }
  } else if (header?.format === 'location') {
    const { latitude, longitude, name, address } = values.headerLocation
    content.header = {
      type: 'location',
      latitude: Number.parseFloat(latitude),
      longitude: Number.parseFloat(longitude),
      ...(name.trim() ? { name: name.trim() } : {}),
      ...(address.trim() ? { address: address.trim() } : {}),
    }
  } else if (header && header.format !== 'text') {
    const { link, mediaId, filename } = values.headerMedia
    content.header = {
      type: header.format,
      ...(mediaId ? { mediaId } : { link: link?.trim() ?? '' }),
      ...(header.format === 'document' && filename ? { filename } : {}),
    }
  }
  if (form.body && form.body.params.length > 0) content.body = params(form.body.params, values.body)
  const buttons = form.buttons
    .filter((button) => button.params.length > 0)
    .map((button) => ({ index: button.index, value: values.buttons[button.index]?.trim() ?? '' }))
  if (buttons.length > 0) content.buttons = buttons
  return content
}

/** The text with `{{name}}` placeholders replaced by the values given (kept when empty). */
export function fillPlaceholders(text: string, values: Record<string, string>): string {
  return text.replace(/\{\{\s*([\w.]+)\s*\}\}/g, (whole, name: string) => {
    const value = values[name]?.trim()
    return value ? value : whole
  })
}
