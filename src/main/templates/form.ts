import type { TemplateForm } from '@shared/contract/outbox'
import { placeholders } from '@shared/whatsapp/template-params'

/**
 * The parameter form of a template, read from Meta's components
 * (https://developers.facebook.com/documentation/business-messaging/whatsapp/templates/components):
 * a header (text with at most one placeholder, or an image/video/document/location to supply),
 * the body's placeholders, and the buttons that take a value (a URL button's `{{1}}` suffix, a
 * copy-code button's code, an OTP code). Examples come from the template's `example` object.
 */

type Obj = Record<string, unknown>
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v)
const str = (o: unknown, key: string): string | null =>
  isObj(o) && typeof o[key] === 'string' ? o[key] : null

type Param = TemplateForm['buttons'][number]['params'][number]

/** Meta gives positional examples as a list (`body_text: [["a","b"]]`), named ones by name. */
function params(names: string[], example: unknown, positional: string, named: string): Param[] {
  const list = isObj(example) ? example[positional] : undefined
  const flat = Array.isArray(list) ? (Array.isArray(list[0]) ? list[0] : list) : []
  const byName = new Map<string, string>()
  const namedList = isObj(example) ? example[named] : undefined
  if (Array.isArray(namedList))
    for (const entry of namedList) {
      const name = str(entry, 'param_name')
      const value = str(entry, 'example')
      if (name && value !== null) byName.set(name, value)
    }
  return names.map((name, i) => {
    const positionalValue = flat[/^\d+$/.test(name) ? Number(name) - 1 : i]
    return {
      name,
      example: byName.get(name) ?? (typeof positionalValue === 'string' ? positionalValue : null),
    }
  })
}

const HEADER_FORMATS = new Set(['text', 'image', 'video', 'document', 'location'])

export function templateForm(components: readonly unknown[]): TemplateForm {
  const form: TemplateForm = { header: null, body: null, footer: null, buttons: [] }
  for (const component of components) {
    const type = str(component, 'type')?.toUpperCase()
    if (type === 'HEADER') {
      const format = (str(component, 'format') ?? 'TEXT').toLowerCase()
      if (!HEADER_FORMATS.has(format)) continue
      const text = str(component, 'text')
      form.header = {
        format: format as NonNullable<TemplateForm['header']>['format'],
        text,
        params:
          format === 'text'
            ? params(
                placeholders(text),
                (component as Obj).example,
                'header_text',
                'header_text_named_params',
              )
            : [],
      }
    } else if (type === 'BODY') {
      const text = str(component, 'text') ?? ''
      form.body = {
        text,
        params: params(
          placeholders(text),
          (component as Obj).example,
          'body_text',
          'body_text_named_params',
        ),
      }
    } else if (type === 'FOOTER') {
      form.footer = str(component, 'text')
    } else if (type === 'BUTTONS') {
      const buttons = (component as Obj).buttons
      if (!Array.isArray(buttons)) continue
      buttons.forEach((button, index) => {
        const buttonType = (str(button, 'type') ?? 'unknown').toLowerCase()
        const url = str(button, 'url')
        const example = isObj(button) ? button.example : undefined
        const firstExample = Array.isArray(example)
          ? typeof example[0] === 'string'
            ? example[0]
            : null
          : typeof example === 'string'
            ? example
            : null
        let buttonParams: Param[] = []
        if (buttonType === 'url' && placeholders(url).length > 0)
          buttonParams = [{ name: placeholders(url)[0]!, example: firstExample }]
        else if (buttonType === 'copy_code')
          buttonParams = [{ name: 'coupon_code', example: firstExample }]
        else if (buttonType === 'otp') buttonParams = [{ name: 'code', example: null }]
        form.buttons.push({
          index,
          type: buttonType,
          text: str(button, 'text'),
          url,
          params: buttonParams,
        })
      })
    }
  }
  return form
}
