import type { ChannelInput } from '../contract/channels'
import type { TemplateForm } from '../contract/outbox'
import { placeholders } from './template-params'

/**
 * A template being written in the console, and the `templates:create` input it becomes: Meta's
 * components with the examples its review needs
 * (https://developers.facebook.com/documentation/business-messaging/whatsapp/templates/components,
 * https://developers.facebook.com/docs/whatsapp/business-management-api/message-templates).
 */

export const CATEGORIES = ['MARKETING', 'UTILITY', 'AUTHENTICATION'] as const
export type Category = (typeof CATEGORIES)[number]

export const HEADER_FORMATS = ['none', 'text', 'image', 'video', 'document', 'location'] as const
export type HeaderFormat = (typeof HEADER_FORMATS)[number]

export type ButtonType = 'quick_reply' | 'url' | 'phone_number' | 'copy_code'

/** One button; `key` only tells React which row is which. */
export interface ButtonDraft {
  key: number
  type: ButtonType
  /** The label (Meta's fixed "Copy offer code" for copy code buttons, so unused there). */
  text: string
  /** URL buttons: the link, optionally ending in {{1}}. */
  url: string
  /** Phone number buttons: the number dialled. */
  phoneNumber: string
  /** URL buttons: the {{1}} suffix's example; copy code buttons: the example code. */
  example: string
}

export interface TemplateDraft {
  name: string
  language: string
  category: Category
  parameterFormat: 'positional' | 'named'
  headerFormat: HeaderFormat
  headerText: string
  /** Examples of the header's and body's placeholders, by placeholder name ("1", "first_name"). */
  headerExamples: Record<string, string>
  /** Media headers: the sample's handle from Meta's Resumable Upload API. */
  headerHandle: string
  body: string
  bodyExamples: Record<string, string>
  footer: string
  buttons: ButtonDraft[]
  /** Authentication templates: Meta's preset text with these options and a copy-code button. */
  securityRecommendation: boolean
  codeExpirationMinutes: string
  otpButtonText: string
}

export const emptyDraft = (): TemplateDraft => ({
  name: '',
  language: 'en_US',
  category: 'UTILITY',
  parameterFormat: 'positional',
  headerFormat: 'none',
  headerText: '',
  headerExamples: {},
  headerHandle: '',
  body: '',
  bodyExamples: {},
  footer: '',
  buttons: [],
  securityRecommendation: true,
  codeExpirationMinutes: '',
  otpButtonText: '',
})

let nextKey = 1
export const newButton = (type: ButtonType): ButtonDraft => ({
  key: nextKey++,
  type,
  text: '',
  url: '',
  phoneNumber: '',
  example: '',
})

export const BUTTON_LABELS: Record<ButtonType, string> = {
  quick_reply: 'Quick reply',
  url: 'Visit website',
  phone_number: 'Call phone number',
  copy_code: 'Copy offer code',
}

export type CreateTemplateInput = ChannelInput<'templates:create'>
type Component = CreateTemplateInput['components'][number]

const trimmed = (examples: Record<string, string>, names: string[]) =>
  names.map((name) => (examples[name] ?? '').trim())

/** Meta's `example` of a text with placeholders: positional as a list, named by name. */
function textExample(
  names: string[],
  examples: Record<string, string>,
  named: boolean,
  part: 'header' | 'body',
): Record<string, unknown> {
  const values = trimmed(examples, names)
  if (named)
    return {
      [`${part}_text_named_params`]: names.map((name, i) => ({
        param_name: name,
        example: values[i],
      })),
    }
  return { [`${part}_text`]: part === 'body' ? [values] : values }
}

function buttonComponent(button: ButtonDraft): Record<string, unknown> {
  switch (button.type) {
    case 'quick_reply':
      return { type: 'QUICK_REPLY', text: button.text.trim() }
    case 'url':
      return {
        type: 'URL',
        text: button.text.trim(),
        url: button.url.trim(),
        ...(placeholders(button.url).length > 0 ? { example: [button.example.trim()] } : {}),
      }
    case 'phone_number':
      return {
        type: 'PHONE_NUMBER',
        text: button.text.trim(),
        phone_number: button.phoneNumber.trim(),
      }
    case 'copy_code':
      return { type: 'COPY_CODE', example: button.example.trim() }
  }
}

/**
 * Authentication templates have Meta's preset body ("<code> is your verification code."), an
 * optional security note and expiry, and a one-time-password copy-code button
 * (https://developers.facebook.com/documentation/business-messaging/whatsapp/templates/authentication-templates/copy-code-button-authentication-templates/).
 */
function authenticationComponents(draft: TemplateDraft): Component[] {
  const minutes = draft.codeExpirationMinutes.trim()
  const text = draft.otpButtonText.trim()
  return [
    { type: 'BODY', add_security_recommendation: draft.securityRecommendation },
    ...(minutes ? [{ type: 'FOOTER', code_expiration_minutes: Number(minutes) }] : []),
    {
      type: 'BUTTONS',
      buttons: [{ type: 'OTP', otp_type: 'COPY_CODE', ...(text ? { text } : {}) }],
    },
  ]
}

/** The `templates:create` input for a draft (check `draftProblems` first). */
export function createInput(clientId: string, draft: TemplateDraft): CreateTemplateInput {
  const base = {
    clientId,
    name: draft.name.trim(),
    language: draft.language.trim(),
    category: draft.category,
  }
  if (draft.category === 'AUTHENTICATION')
    return { ...base, components: authenticationComponents(draft) }
  const named = draft.parameterFormat === 'named'
  const components: Component[] = []
  const format = draft.headerFormat
  if (format === 'text') {
    const names = placeholders(draft.headerText)
    components.push({
      type: 'HEADER',
      format: 'TEXT',
      text: draft.headerText.trim(),
      ...(names.length > 0
        ? { example: textExample(names, draft.headerExamples, named, 'header') }
        : {}),
    })
  } else if (format === 'location') {
    components.push({ type: 'HEADER', format: 'LOCATION' })
  } else if (format !== 'none') {
    components.push({
      type: 'HEADER',
      format: format.toUpperCase(),
      example: { header_handle: [draft.headerHandle.trim()] },
    })
  }
  const bodyNames = placeholders(draft.body)
  components.push({
    type: 'BODY',
    text: draft.body.trim(),
    ...(bodyNames.length > 0
      ? { example: textExample(bodyNames, draft.bodyExamples, named, 'body') }
      : {}),
  })
  if (draft.footer.trim()) components.push({ type: 'FOOTER', text: draft.footer.trim() })
  if (draft.buttons.length > 0)
    components.push({ type: 'BUTTONS', buttons: draft.buttons.map(buttonComponent) })
  return { ...base, parameterFormat: draft.parameterFormat, components }
}

/** The preset text of an authentication template, with an example code. */
function authenticationForm(draft: TemplateDraft): TemplateForm {
  const minutes = draft.codeExpirationMinutes.trim()
  return {
    header: null,
    body: {
      text: `{{1}} is your verification code.${draft.securityRecommendation ? ' For your security, do not share this code.' : ''}`,
      params: [{ name: '1', example: '123456' }],
    },
    footer: minutes ? `This code expires in ${minutes} minutes.` : null,
    buttons: [
      {
        index: 0,
        type: 'otp',
        text: draft.otpButtonText.trim() || 'Copy code',
        url: null,
        params: [],
      },
    ],
  }
}

/**
 * The draft as the parameter form the preview draws (the same preview as the composer's template
 * picker), with the examples as values.
 */
export function previewOf(draft: TemplateDraft): {
  form: TemplateForm
  header: Record<string, string>
  body: Record<string, string>
} {
  if (draft.category === 'AUTHENTICATION')
    return { form: authenticationForm(draft), header: {}, body: { '1': '123456' } }
  const param = (name: string) => ({ name, example: null })
  const format = draft.headerFormat
  return {
    form: {
      header:
        format === 'none'
          ? null
          : {
              format,
              text: format === 'text' ? draft.headerText : null,
              params: format === 'text' ? placeholders(draft.headerText).map(param) : [],
            },
      body: { text: draft.body, params: placeholders(draft.body).map(param) },
      footer: draft.footer.trim() || null,
      buttons: draft.buttons.map((button, index) => ({
        index,
        type: button.type,
        text: button.type === 'copy_code' ? BUTTON_LABELS.copy_code : button.text,
        url: button.type === 'url' ? button.url : null,
        params: [],
      })),
    },
    header: draft.headerExamples,
    body: draft.bodyExamples,
  }
}
