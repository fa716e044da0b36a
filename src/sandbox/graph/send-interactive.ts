import {
  at,
  invalid,
  isHttpUrl,
  isObj,
  missing,
  optObj,
  optStr,
  reqArr,
  reqObj,
  reqStr,
  type Obj,
} from './send-checks'

/**
 * Interactive messages: reply buttons, lists and CTA URL buttons with the limits of https://developers.facebook.com/documentation/business-messaging/whatsapp/messages/send-messages
 * (MSG-buttons, MSG-list, MSG-cta). Other interactive kinds (product, flow, …) need catalogs or
 * Flows that the sandbox does not model, so they are refused with 131009 saying so.
 */
const I = 'interactive'

function validateHeader(interactive: Obj, textOnly: boolean): void {
  const header = optObj(interactive, 'header', at(I, 'header'))
  if (!header) return
  const path = at(I, 'header')
  const type = reqStr(header, 'type', at(path, 'type'))
  const allowed = textOnly ? ['text'] : ['text', 'image', 'video', 'document']
  if (!allowed.includes(type)) {
    throw invalid(`Parameter ${at(path, 'type')} must be one of ${allowed.join(', ')}.`)
  }
  if (type === 'text') {
    reqStr(header, 'text', at(path, 'text'), 60)
    return
  }
  const media = reqObj(header, type, at(path, type))
  if (media.id === undefined && media.link === undefined) {
    throw missing(`${at(at(path, type), 'id')} or ${at(at(path, type), 'link')}`)
  }
}

function validateBodyAndFooter(interactive: Obj, bodyMax: number): void {
  const body = reqObj(interactive, 'body', at(I, 'body'))
  reqStr(body, 'text', at(at(I, 'body'), 'text'), bodyMax)
  const footer = optObj(interactive, 'footer', at(I, 'footer'))
  if (footer) reqStr(footer, 'text', at(at(I, 'footer'), 'text'), 60)
}

function validateButtons(action: Obj): void {
  const path = at(at(I, 'action'), 'buttons')
  const buttons = reqArr(action, 'buttons', path)
  if (buttons.length === 0) throw missing(at(path, 0))
  if (buttons.length > 3) throw invalid(`Parameter ${path} must have at most 3 elements.`)
  const titles = new Set<string>()
  const ids = new Set<string>()
  buttons.forEach((button, i) => {
    const bp = at(path, i)
    if (!isObj(button)) throw invalid(`Parameter ${bp} must be a JSON object.`)
    if (button.type !== 'reply') throw invalid(`Parameter ${at(bp, 'type')} must be "reply".`)
    const reply = reqObj(button, 'reply', at(bp, 'reply'))
    const id = reqStr(reply, 'id', at(at(bp, 'reply'), 'id'), 256)
    const title = reqStr(reply, 'title', at(at(bp, 'reply'), 'title'), 20)
    if (titles.has(title)) throw invalid(`Button titles must be unique: "${title}" is repeated.`)
    if (ids.has(id)) throw invalid(`Button ids must be unique: "${id}" is repeated.`)
    titles.add(title)
    ids.add(id)
  })
}

function validateList(action: Obj): void {
  const ap = at(I, 'action')
  reqStr(action, 'button', at(ap, 'button'), 20)
  const sp = at(ap, 'sections')
  const sections = reqArr(action, 'sections', sp)
  if (sections.length === 0) throw missing(at(sp, 0))
  if (sections.length > 10) throw invalid(`Parameter ${sp} must have at most 10 elements.`)
  let rowCount = 0
  const rowIds = new Set<string>()
  sections.forEach((section, i) => {
    const path = at(sp, i)
    if (!isObj(section)) throw invalid(`Parameter ${path} must be a JSON object.`)
    // MSG-list: a title is required when there is more than one section.
    if (sections.length > 1) reqStr(section, 'title', at(path, 'title'), 24)
    else optStr(section, 'title', at(path, 'title'), 24)
    const rows = reqArr(section, 'rows', at(path, 'rows'))
    if (rows.length === 0) throw missing(at(at(path, 'rows'), 0))
    rows.forEach((row, j) => {
      const rp = at(at(path, 'rows'), j)
      if (!isObj(row)) throw invalid(`Parameter ${rp} must be a JSON object.`)
      const id = reqStr(row, 'id', at(rp, 'id'), 200)
      reqStr(row, 'title', at(rp, 'title'), 24)
      optStr(row, 'description', at(rp, 'description'), 72)
      if (rowIds.has(id)) throw invalid(`Row ids must be unique: "${id}" is repeated.`)
      rowIds.add(id)
      rowCount++
    })
  })
  if (rowCount > 10)
    throw invalid(`A list message can have at most 10 rows in total (got ${rowCount}).`)
}

function validateCtaUrl(action: Obj): void {
  const ap = at(I, 'action')
  const name = reqStr(action, 'name', at(ap, 'name'))
  if (name !== 'cta_url') throw invalid(`Parameter ${at(ap, 'name')} must be "cta_url".`)
  const params = reqObj(action, 'parameters', at(ap, 'parameters'))
  reqStr(params, 'display_text', at(at(ap, 'parameters'), 'display_text'), 20)
  const url = reqStr(params, 'url', at(at(ap, 'parameters'), 'url'))
  if (!isHttpUrl(url))
    throw invalid(`Parameter ${at(at(ap, 'parameters'), 'url')} must be a valid URL.`)
}

export function validateInteractive(interactive: Obj): void {
  const type = reqStr(interactive, 'type', at(I, 'type'))
  const action = () => reqObj(interactive, 'action', at(I, 'action'))
  switch (type) {
    case 'button':
      validateHeader(interactive, false)
      validateBodyAndFooter(interactive, 1024)
      return validateButtons(action())
    case 'list':
      validateHeader(interactive, true)
      validateBodyAndFooter(interactive, 4096)
      return validateList(action())
    case 'cta_url':
      validateHeader(interactive, false)
      validateBodyAndFooter(interactive, 1024)
      return validateCtaUrl(action())
    default:
      throw invalid(
        `Interactive type "${type}" is not supported by the sandbox (supported: button, list, cta_url).`,
      )
  }
}
