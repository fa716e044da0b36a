import { shown, waError } from '../http/graph-error'
import type { Template, Waba } from '../world/types'
import type { World } from '../world/world'
import { at, invalid, isObj, reqObj, reqStr, type Obj } from './send-checks'
import { componentOf, hydrate, placeholders } from './template-text'

/**
 * Resolving `{type:"template", template:{name, language:{code}, components}}` against the WABA's
 * templates (https://developers.facebook.com/documentation/business-messaging/whatsapp/messages/send-messages "template", https://developers.facebook.com/documentation/business-messaging/whatsapp/support/error-codes): unknown or not-yet-approved → 132001, paused 132015,
 * disabled 132016, parameter count mismatch 132000 (Meta's details wording), header format
 * mismatch 132012, hydrated body over 1,024 characters 132005.
 */
const T = 'template'
const MEDIA_FORMATS = new Set(['IMAGE', 'VIDEO', 'DOCUMENT'])

interface SentParams {
  header: Obj[] | null
  body: Obj[] | null
}

function sentParams(template: Obj): SentParams {
  const out: SentParams = { header: null, body: null }
  const components = template.components
  if (components === undefined) return out
  if (!Array.isArray(components))
    throw invalid(`Parameter ${at(T, 'components')} must be an array.`)
  components.forEach((component, i) => {
    const path = at(at(T, 'components'), i)
    if (!isObj(component)) throw invalid(`Parameter ${path} must be a JSON object.`)
    const type = reqStr(component, 'type', at(path, 'type')).toLowerCase()
    const params = component.parameters
    if (params !== undefined && !Array.isArray(params)) {
      throw invalid(`Parameter ${at(path, 'parameters')} must be an array.`)
    }
    const list = ((params as unknown[] | undefined) ?? []).map((p, j) => {
      if (!isObj(p))
        throw invalid(`Parameter ${at(at(path, 'parameters'), j)} must be a JSON object.`)
      reqStr(p, 'type', at(at(at(path, 'parameters'), j), 'type'))
      return p
    })
    if (type === 'header') out.header = list
    else if (type === 'body') out.body = list
  })
  return out
}

function countMismatch(component: string, got: number, expected: number) {
  return waError(
    132000,
    `${component}: number of localizable_params (${got}) does not match the expected number of params (${expected})`,
  )
}

/** Maps body parameters to placeholder names, checking names for NAMED templates. */
function bodyValues(template: Template, names: string[], params: Obj[]): Map<string, string> {
  const values = new Map<string, string>()
  params.forEach((param, i) => {
    const path = at(at(at(at(T, 'components'), 'body'), 'parameters'), i)
    const text =
      param.type === 'text'
        ? reqStr(param, 'text', at(path, 'text'))
        : shown(param[param.type as string] ?? '')
    if (template.parameter_format === 'NAMED') {
      const name = reqStr(param, 'parameter_name', at(path, 'parameter_name'))
      if (!names.includes(name)) {
        throw waError(
          132000,
          `body: parameter name (${name}) does not match any parameter of the template`,
        )
      }
      values.set(name, text)
    } else {
      values.set(names[i] ?? String(i + 1), text)
    }
  })
  return values
}

function checkHeader(template: Template, header: Obj[] | null): void {
  const component = componentOf(template, 'HEADER')
  const format = typeof component?.format === 'string' ? component.format.toUpperCase() : 'TEXT'
  const expected = !component
    ? 0
    : MEDIA_FORMATS.has(format)
      ? 1
      : placeholders(component.text).length
  const got = header?.length ?? 0
  if (got !== expected) throw countMismatch('header', got, expected)
  const first = header?.[0]
  if (first && MEDIA_FORMATS.has(format) && shown(first.type).toUpperCase() !== format) {
    throw waError(
      132012,
      `header: Format mismatch, expected ${format}, received ${shown(first.type).toUpperCase()}`,
    )
  }
}

export function resolveTemplate(world: World, waba: Waba, body: Obj): Template {
  const template = reqObj(body, 'template', T)
  const name = reqStr(template, 'name', at(T, 'name'), 512)
  const language = reqObj(template, 'language', at(T, 'language'))
  const code = reqStr(language, 'code', at(at(T, 'language'), 'code'))
  const found = world.findTemplate(waba.id, name, code)
  if (!found || !['APPROVED', 'PAUSED', 'DISABLED'].includes(found.status)) {
    throw waError(132001, `template name (${name}) does not exist in ${code}`)
  }
  if (found.status === 'PAUSED') throw waError(132015, `Template ${name} is paused`)
  if (found.status === 'DISABLED') throw waError(132016, `Template ${name} is disabled`)
  const sent = sentParams(template)
  checkHeader(found, sent.header)
  const bodyComponent = componentOf(found, 'BODY')
  const names = placeholders(bodyComponent?.text)
  const got = sent.body?.length ?? 0
  if (got !== names.length) throw countMismatch('body', got, names.length)
  if (sent.body && typeof bodyComponent?.text === 'string') {
    const text = hydrate(bodyComponent.text, bodyValues(found, names, sent.body))
    if (text.length > 1024)
      throw waError(132005, 'The hydrated body text is longer than 1024 characters')
  }
  return found
}
