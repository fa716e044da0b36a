import { AppError } from '@shared/contract/errors'
import type { SendContent, TemplateForm } from '@shared/contract/outbox'
import { hydrate } from '@shared/whatsapp/template-params'

type TemplateContent = Extract<SendContent, { type: 'template' }>
type Obj = Record<string, unknown>

export interface BuiltTemplate {
  /** Meta's `template` object of the send body. */
  template: { name: string; language: { code: string }; components?: Obj[] }
  /** The body as the customer reads it (placeholders filled), for the thread and search. */
  text: string | null
}

const missing = (what: string) =>
  new AppError('VALIDATION', `The template needs a value for ${what}.`, {
    fix: 'Fill every field of the template form.',
    details: { missing: what },
  })

function textParams(
  names: readonly { name: string }[],
  values: readonly { name: string; value: string }[] | undefined,
  named: boolean,
  where: string,
): { parameters: Obj[]; filled: Map<string, string> } {
  const given = new Map((values ?? []).map((v) => [v.name, v.value]))
  const filled = new Map<string, string>()
  const parameters = names.map(({ name }) => {
    const value = given.get(name)
    if (value === undefined) throw missing(`${where} {{${name}}}`)
    filled.set(name, value)
    return named
      ? { type: 'text', parameter_name: name, text: value }
      : { type: 'text', text: value }
  })
  return { parameters, filled }
}

function mediaObject(ref: { mediaId?: string | undefined; link?: string | undefined }): Obj {
  return ref.mediaId !== undefined ? { id: ref.mediaId } : { link: ref.link }
}

/**
 * Meta's send components for a template and the values of its form
 * (https://developers.facebook.com/documentation/business-messaging/whatsapp/templates/components):
 * header and body parameters in placeholder order (with `parameter_name` for named templates),
 * one `button` component per button that takes a value. Every placeholder must have a value.
 */
export function buildTemplate(
  content: TemplateContent,
  form: TemplateForm,
  parameterFormat: 'positional' | 'named',
): BuiltTemplate {
  const named = parameterFormat === 'named'
  const components: Obj[] = []
  const header = form.header
  if (header) {
    if (header.format === 'text') {
      if (header.params.length > 0) {
        const values = content.header?.type === 'text' ? content.header.values : undefined
        const { parameters } = textParams(header.params, values, named, 'the header')
        components.push({ type: 'header', parameters })
      }
    } else {
      const given = content.header
      if (!given || given.type === 'text' || given.type !== header.format)
        throw missing(`the header ${header.format}`)
      if (given.type === 'location') {
        const { type: _type, ...location } = given
        components.push({ type: 'header', parameters: [{ type: 'location', location }] })
      } else {
        const media = mediaObject(given)
        if (given.type === 'document' && given.filename) media.filename = given.filename
        components.push({ type: 'header', parameters: [{ type: given.type, [given.type]: media }] })
      }
    }
  }
  let text: string | null = null
  if (form.body) {
    const { parameters, filled } = textParams(form.body.params, content.body, named, 'the body')
    if (parameters.length > 0) components.push({ type: 'body', parameters })
    text = hydrate(form.body.text, filled)
  }
  const values = new Map((content.buttons ?? []).map((b) => [b.index, b.value]))
  for (const button of form.buttons) {
    const value = values.get(button.index)
    if (button.params.length > 0 && value === undefined)
      throw missing(`button ${button.index + 1} (${button.text ?? button.type})`)
    if (value === undefined) continue
    const index = String(button.index)
    if (button.type === 'quick_reply')
      components.push({
        type: 'button',
        sub_type: 'quick_reply',
        index,
        parameters: [{ type: 'payload', payload: value }],
      })
    else if (button.type === 'copy_code')
      components.push({
        type: 'button',
        sub_type: 'copy_code',
        index,
        parameters: [{ type: 'coupon_code', coupon_code: value }],
      })
    else if (button.type === 'url' || button.type === 'otp')
      components.push({
        type: 'button',
        sub_type: 'url',
        index,
        parameters: [{ type: 'text', text: value }],
      })
  }
  return {
    template: {
      name: content.name,
      language: { code: content.language },
      ...(components.length > 0 ? { components } : {}),
    },
    text,
  }
}
