import { GraphError, enumParam, missingParam, shown } from '../http/graph-error'
import type { TemplateCategory, TemplateComponent } from '../world/types'
import { isObj } from './send-checks'
import { authenticationComponents } from './template-authentication'
import { placeholders } from './template-text'
import { TEMPLATE_LANGUAGES } from '@shared/whatsapp/template-languages'

/**
 * Validation of `POST /{waba}/message_templates` (https://developers.facebook.com/documentation/business-messaging/whatsapp/templates/template-management). Template errors come as
 * Graph's "Invalid parameter" (code 100) with `error_user_title` / `error_user_msg` explaining
 * what is wrong — the duplicate case with subcode 2388024 as documented in TMPL.
 */
export const CATEGORIES = ['AUTHENTICATION', 'MARKETING', 'UTILITY'] as const

export function invalidTemplate(userTitle: string, userMsg: string, subcode?: number): GraphError {
  return new GraphError(100, {
    message: 'Invalid parameter',
    userTitle,
    userMsg,
    ...(subcode === undefined ? {} : { subcode }),
  })
}

export interface TemplateDraft {
  name: string
  language: string
  category: TemplateCategory
  parameter_format: 'POSITIONAL' | 'NAMED'
  components: TemplateComponent[]
}

export function checkCategory(raw: unknown): TemplateCategory {
  if (raw === undefined || raw === '') throw missingParam('category')
  const category = shown(raw).toUpperCase()
  if (!(CATEGORIES as readonly string[]).includes(category))
    throw enumParam('category', CATEGORIES, raw)
  return category as TemplateCategory
}

function checkPlaceholders(
  text: string,
  format: TemplateDraft['parameter_format'],
  where: string,
): string[] {
  const names = placeholders(text)
  if (format === 'POSITIONAL') {
    names.forEach((name, i) => {
      if (name !== String(i + 1)) {
        throw invalidTemplate(
          'Invalid variable format',
          `The ${where} has variable {{${name}}}: positional variables must be {{1}}, {{2}}, … in order.`,
        )
      }
    })
  } else if (names.some((name) => !/^[a-z_][a-z0-9_]*$/.test(name))) {
    throw invalidTemplate(
      'Invalid variable format',
      `Named variables in the ${where} must be lowercase letters, digits and underscores.`,
    )
  }
  return names
}

function hasExample(component: Record<string, unknown>, key: string, namedKey: string): boolean {
  const example = component.example
  return isObj(example) && (example[key] !== undefined || example[namedKey] !== undefined)
}

export function checkComponents(
  raw: unknown,
  format: TemplateDraft['parameter_format'],
): TemplateComponent[] {
  if (raw === undefined) throw missingParam('components')
  if (!Array.isArray(raw) || raw.length === 0) {
    throw invalidTemplate('Missing components', 'A template needs a components array with a BODY.')
  }
  const components = raw.map((item) => {
    if (!isObj(item) || typeof item.type !== 'string') {
      throw invalidTemplate(
        'Invalid component',
        'Each component needs a type: HEADER, BODY, FOOTER or BUTTONS.',
      )
    }
    const type = item.type.toUpperCase()
    if (!['HEADER', 'BODY', 'FOOTER', 'BUTTONS'].includes(type)) {
      throw invalidTemplate('Invalid component', `Unknown component type "${item.type}".`)
    }
    return { ...item, type } as TemplateComponent
  })
  const count = (type: string) => components.filter((c) => c.type === type).length
  if (count('BODY') !== 1)
    throw invalidTemplate('Missing BODY', 'A template needs exactly one BODY component.')
  for (const type of ['HEADER', 'FOOTER', 'BUTTONS']) {
    if (count(type) > 1)
      throw invalidTemplate('Duplicate component', `A template can have only one ${type}.`)
  }
  for (const component of components) {
    const text = component.text
    if (component.type === 'BODY') {
      if (typeof text !== 'string' || text === '') {
        throw invalidTemplate('Missing body text', 'The BODY component needs text.')
      }
      if (text.length > 1024)
        throw invalidTemplate('Body too long', 'The body text is limited to 1024 characters.')
      const names = checkPlaceholders(text, format, 'body')
      if (names.length > 0 && !hasExample(component, 'body_text', 'body_text_named_params')) {
        throw invalidTemplate(
          'Message template has missing expected field(s) (example)',
          'Variables in the body need sample values: add example.body_text.',
          2388043,
        )
      }
    } else if (component.type === 'HEADER') {
      const headerFormat = shown(component.format ?? 'TEXT').toUpperCase()
      if (!['TEXT', 'IMAGE', 'VIDEO', 'DOCUMENT', 'LOCATION'].includes(headerFormat)) {
        throw enumParam(
          'format',
          ['TEXT', 'IMAGE', 'VIDEO', 'DOCUMENT', 'LOCATION'],
          component.format,
        )
      }
      component.format = headerFormat
      if (headerFormat === 'TEXT') {
        if (typeof text !== 'string' || text === '' || text.length > 60) {
          throw invalidTemplate(
            'Invalid header',
            'A TEXT header needs text of at most 60 characters.',
          )
        }
        if (checkPlaceholders(text, format, 'header').length > 1) {
          throw invalidTemplate('Invalid header', 'A header can have at most one variable.')
        }
      }
    } else if (component.type === 'FOOTER') {
      if (typeof text !== 'string' || text.length > 60) {
        throw invalidTemplate('Invalid footer', 'The footer needs text of at most 60 characters.')
      }
    } else if (
      !Array.isArray(component.buttons) ||
      component.buttons.length === 0 ||
      component.buttons.length > 10
    ) {
      throw invalidTemplate('Invalid buttons', 'BUTTONS needs between 1 and 10 buttons.')
    }
  }
  return components
}

export function checkDraft(params: Record<string, unknown>): TemplateDraft {
  const name = params.name
  if (name === undefined || name === '') throw missingParam('name')
  if (typeof name !== 'string' || name.length > 512 || !/^[a-z0-9_]+$/.test(name)) {
    throw invalidTemplate(
      'Invalid template name',
      'Message template names can only contain lowercase letters, digits and underscores (at most 512 characters).',
    )
  }
  const language = params.language
  if (language === undefined || language === '') throw missingParam('language')
  if (typeof language !== 'string' || !TEMPLATE_LANGUAGES.has(language)) {
    throw invalidTemplate(
      'Language not supported',
      `The language "${shown(language)}" is not supported for templates.`,
    )
  }
  const category = checkCategory(params.category)
  const rawFormat = params.parameter_format
  const parameterFormat = rawFormat === undefined ? 'POSITIONAL' : shown(rawFormat).toUpperCase()
  if (parameterFormat !== 'POSITIONAL' && parameterFormat !== 'NAMED') {
    throw enumParam('parameter_format', ['NAMED', 'POSITIONAL'], rawFormat)
  }
  return {
    name,
    language,
    category,
    parameter_format: parameterFormat,
    components:
      category === 'AUTHENTICATION'
        ? authenticationComponents(params.components)
        : checkComponents(params.components, parameterFormat),
  }
}
