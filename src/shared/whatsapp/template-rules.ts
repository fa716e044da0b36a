import { TEMPLATE_LANGUAGES } from './template-languages'
import { placeholders } from './template-params'
import { BUTTON_LABELS, type ButtonDraft, type TemplateDraft } from './template-draft'

/**
 * Meta's rules for a new template, checked before it is submitted so the user reads what to fix
 * instead of Meta's "Invalid parameter"
 * (https://developers.facebook.com/docs/whatsapp/business-management-api/message-templates,
 * https://developers.facebook.com/documentation/business-messaging/whatsapp/templates/components).
 * Each problem names the field it belongs to (see `fieldOf`), so the form shows it there.
 */
export interface Problem {
  field: string
  message: string
}

export const fieldOf = {
  headerExample: (name: string) => `headerExample:${name}`,
  bodyExample: (name: string) => `bodyExample:${name}`,
  button: (key: number, part: 'text' | 'url' | 'phoneNumber' | 'example') =>
    `button:${key}:${part}`,
}

const NAMED = /^[a-z_][a-z0-9_]*$/
/** Anything written like a placeholder, well-formed or not. */
const BRACES = /\{\{([^{}]*)\}\}/g

/** Placeholder problems of a header or body text (format, order), in words. */
function placeholderProblem(
  text: string,
  format: TemplateDraft['parameterFormat'],
  where: string,
): string | null {
  const written = [...text.matchAll(BRACES)].map((m) => (m[1] ?? '').trim())
  const odd = written.find((inner) => !/^[A-Za-z0-9_]+$/.test(inner))
  if (odd !== undefined)
    return `Write the ${where}'s variables as {{1}} or {{name}}: "{{${odd}}}" is not one.`
  if (text.split('{{').length - 1 !== written.length)
    return `A variable in the ${where} is not closed: write it as {{1}} or {{name}}.`
  const names = placeholders(text)
  if (format === 'positional') {
    const wrong = names.findIndex((name, i) => name !== String(i + 1))
    if (wrong >= 0)
      return `Positional variables are numbered {{1}}, {{2}}, … in order: the ${where} has {{${names[wrong]}}} where {{${wrong + 1}}} is expected.`
  } else {
    const wrong = names.find((name) => !NAMED.test(name))
    if (wrong !== undefined)
      return `Named variables use lowercase letters, digits and underscores, starting with a letter: {{${wrong}}} in the ${where} is not one.`
  }
  return null
}

function exampleProblems(
  text: string,
  examples: Record<string, string>,
  field: (name: string) => string,
  where: string,
): Problem[] {
  return placeholders(text)
    .filter((name) => !(examples[name] ?? '').trim())
    .map((name) => ({
      field: field(name),
      message: `Give an example for {{${name}}} in the ${where}: Meta reviews templates with their examples.`,
    }))
}

function textProblems(draft: TemplateDraft): Problem[] {
  const problems: Problem[] = []
  const add = (field: string, message: string | null) => {
    if (message) problems.push({ field, message })
  }
  const format = draft.parameterFormat
  if (draft.headerFormat === 'text') {
    const text = draft.headerText.trim()
    if (!text) add('headerText', 'Write the header text, or choose no header.')
    else if (text.length > 60)
      add('headerText', `The header is limited to 60 characters (${text.length} now).`)
    else if (/[\n\r]/.test(text)) add('headerText', 'The header must be one line.')
    else if (/[*~`]/.test(text)) add('headerText', 'The header cannot use formatting (* ~ `).')
    else if (placeholders(text).length > 1)
      add('headerText', 'The header can have at most one variable.')
    else add('headerText', placeholderProblem(text, format, 'header'))
    problems.push(...exampleProblems(text, draft.headerExamples, fieldOf.headerExample, 'header'))
  } else if (draft.headerFormat !== 'none' && draft.headerFormat !== 'location') {
    if (!draft.headerHandle.trim())
      add(
        'headerHandle',
        `A ${draft.headerFormat} header needs a sample: the handle Meta's Resumable Upload API gave for it.`,
      )
  }
  const body = draft.body.trim()
  if (!body) add('body', 'Write the body: it is the only part every template needs.')
  else if (body.length > 1024)
    add('body', `The body is limited to 1,024 characters (${body.length} now).`)
  else if (body.startsWith('{{') || body.endsWith('}}'))
    add('body', 'The body cannot start or end with a variable: put words before and after it.')
  else add('body', placeholderProblem(body, format, 'body'))
  problems.push(...exampleProblems(body, draft.bodyExamples, fieldOf.bodyExample, 'body'))
  const footer = draft.footer.trim()
  if (footer.length > 60)
    add('footer', `The footer is limited to 60 characters (${footer.length} now).`)
  else if (footer.includes('{{')) add('footer', 'The footer cannot have variables.')
  return problems
}

function urlProblem(button: ButtonDraft): string | null {
  const url = button.url.trim()
  if (!url) return 'Give the website address.'
  if (url.length > 2000) return 'The address is limited to 2,000 characters.'
  const names = placeholders(url)
  if (names.length > 1 || (names.length === 1 && !/\{\{1\}\}$/.test(url)))
    return 'A website address can have one variable, {{1}}, at its very end.'
  try {
    const parsed = new URL(url.replace('{{1}}', 'x'))
    if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') throw new Error('scheme')
  } catch {
    return 'Give a full web address starting with https://.'
  }
  return null
}

const LIMITS: Record<ButtonDraft['type'], number> = {
  quick_reply: 10,
  url: 2,
  phone_number: 1,
  copy_code: 1,
}

function buttonProblems(draft: TemplateDraft): Problem[] {
  const problems: Problem[] = []
  const buttons = draft.buttons
  if (buttons.length > 10) problems.push({ field: 'buttons', message: 'At most 10 buttons.' })
  for (const type of Object.keys(LIMITS) as ButtonDraft['type'][]) {
    const count = buttons.filter((b) => b.type === type).length
    if (count > LIMITS[type])
      problems.push({
        field: 'buttons',
        message: `At most ${LIMITS[type]} “${BUTTON_LABELS[type]}” button${LIMITS[type] > 1 ? 's' : ''} (${count} now).`,
      })
  }
  if (draft.category !== 'MARKETING' && buttons.some((b) => b.type === 'copy_code'))
    problems.push({
      field: 'buttons',
      message: 'Copy offer code buttons are for marketing templates (coupon codes) only.',
    })
  // Quick replies and the other buttons each form one group, in either order.
  const groups = buttons
    .map((b) => b.type === 'quick_reply')
    .filter((quick, i, all) => i === 0 || quick !== all[i - 1]).length
  if (groups > 2)
    problems.push({
      field: 'buttons',
      message: 'Keep quick replies together, before or after the other buttons.',
    })
  const texts = new Map<string, number>()
  for (const button of buttons) {
    const add = (part: Parameters<typeof fieldOf.button>[1], message: string | null) => {
      if (message) problems.push({ field: fieldOf.button(button.key, part), message })
    }
    if (button.type !== 'copy_code') {
      const text = button.text.trim()
      add(
        'text',
        !text
          ? 'Give the button a label.'
          : text.length > 25
            ? `Button labels are limited to 25 characters (${text.length} now).`
            : texts.has(text.toLowerCase())
              ? 'Two buttons cannot have the same label.'
              : null,
      )
      texts.set(text.toLowerCase(), button.key)
    }
    if (button.type === 'url') {
      add('url', urlProblem(button))
      if (placeholders(button.url).length > 0 && !button.example.trim())
        add('example', 'Give an example of the end of the address (the {{1}} part).')
    } else if (button.type === 'phone_number') {
      const phone = button.phoneNumber.trim()
      add(
        'phoneNumber',
        !/^\+?[0-9]{4,19}$/.test(phone)
          ? 'Give the number with its country code, digits only (e.g. +15550100123), at most 20 characters.'
          : null,
      )
    } else if (button.type === 'copy_code') {
      const code = button.example.trim()
      add(
        'example',
        !code
          ? 'Give an example code.'
          : code.length > 15
            ? 'Codes are limited to 15 characters.'
            : null,
      )
    }
  }
  return problems
}

function authenticationProblems(draft: TemplateDraft): Problem[] {
  const problems: Problem[] = []
  const minutes = draft.codeExpirationMinutes.trim()
  if (minutes && !(/^\d+$/.test(minutes) && Number(minutes) >= 1 && Number(minutes) <= 90))
    problems.push({
      field: 'codeExpirationMinutes',
      message: 'The code expiry is a whole number of minutes from 1 to 90.',
    })
  if (draft.otpButtonText.trim().length > 25)
    problems.push({
      field: 'otpButtonText',
      message: 'Button labels are limited to 25 characters.',
    })
  return problems
}

/** Everything Meta would refuse in this draft; empty when it can be submitted. */
export function draftProblems(draft: TemplateDraft): Problem[] {
  const problems: Problem[] = []
  const name = draft.name.trim()
  if (!name) problems.push({ field: 'name', message: 'Give the template a name.' })
  else if (!/^[a-z0-9_]+$/.test(name))
    problems.push({
      field: 'name',
      message: 'Names use lowercase letters, digits and underscores only (e.g. order_ready).',
    })
  else if (name.length > 512)
    problems.push({ field: 'name', message: 'Names are limited to 512 characters.' })
  if (!TEMPLATE_LANGUAGES.has(draft.language.trim()))
    problems.push({ field: 'language', message: 'Choose one of Meta’s template languages.' })
  if (draft.category === 'AUTHENTICATION') return [...problems, ...authenticationProblems(draft)]
  return [...problems, ...textProblems(draft), ...buttonProblems(draft)]
}
