import type { TemplateComponent } from '../world/types'
import { isObj } from './send-checks'
import { invalidTemplate } from './template-validate'

/**
 * Authentication templates are created from Meta's preset, not written: a BODY with only
 * `add_security_recommendation`, an optional FOOTER with `code_expiration_minutes` (1–90) and one
 * OTP button (`otp_type` COPY_CODE, ONE_TAP or ZERO_TAP). Meta stores them expanded — the preset
 * text with the code as {{1}}, the expiry sentence, and the OTP button as a URL button ending in
 * the code — and that is what GET returns and sends are checked against.
 * https://developers.facebook.com/documentation/business-messaging/whatsapp/templates/authentication-templates/copy-code-button-authentication-templates/
 */
const OTP_TYPES = ['COPY_CODE', 'ONE_TAP', 'ZERO_TAP']

export function authenticationComponents(raw: unknown): TemplateComponent[] {
  if (!Array.isArray(raw) || raw.length === 0)
    throw invalidTemplate('Missing components', 'A template needs a components array with a BODY.')
  const byType = new Map<string, Record<string, unknown>>()
  for (const item of raw) {
    const type = isObj(item) && typeof item.type === 'string' ? item.type.toUpperCase() : ''
    if (!['BODY', 'FOOTER', 'BUTTONS'].includes(type) || byType.has(type))
      throw invalidTemplate(
        'Invalid authentication template',
        'Authentication templates have one BODY, an optional FOOTER and one BUTTONS component; no HEADER.',
      )
    byType.set(type, item as Record<string, unknown>)
  }
  const body = byType.get('BODY')
  if (!body || body.text !== undefined)
    throw invalidTemplate(
      'Invalid authentication template',
      'The BODY of an authentication template has no text: Meta writes it (add_security_recommendation is optional).',
    )
  const footer = byType.get('FOOTER')
  const minutes = footer?.code_expiration_minutes
  if (
    footer &&
    (typeof minutes !== 'number' || !Number.isInteger(minutes) || minutes < 1 || minutes > 90)
  )
    throw invalidTemplate(
      'Invalid authentication template',
      'code_expiration_minutes must be a whole number from 1 to 90.',
    )
  const buttons = byType.get('BUTTONS')?.buttons
  const button = Array.isArray(buttons) && buttons.length === 1 ? buttons[0] : null
  const otpType = isObj(button) && typeof button.otp_type === 'string' ? button.otp_type : ''
  if (
    !isObj(button) ||
    String(button.type).toUpperCase() !== 'OTP' ||
    !OTP_TYPES.includes(otpType.toUpperCase())
  )
    throw invalidTemplate(
      'Invalid authentication template',
      'Authentication templates need exactly one OTP button (otp_type COPY_CODE, ONE_TAP or ZERO_TAP).',
    )
  const security = body.add_security_recommendation === true
  const url = `https://www.whatsapp.com/otp/code/?otp_type=${otpType.toUpperCase()}${
    footer ? `&code_expiration_minutes=${String(minutes)}` : ''
  }&code=otp{{1}}`
  return [
    {
      type: 'BODY',
      text: `*{{1}}* is your verification code.${security ? ' For your security, do not share this code.' : ''}`,
      add_security_recommendation: security,
      example: { body_text: [['123456']] },
    },
    ...(footer
      ? [
          {
            type: 'FOOTER' as const,
            text: `This code expires in ${String(minutes)} minutes.`,
            code_expiration_minutes: minutes,
          },
        ]
      : []),
    {
      type: 'BUTTONS',
      buttons: [
        {
          type: 'URL',
          text: typeof button.text === 'string' && button.text ? button.text : 'Copy code',
          url,
          example: [url.replace('{{1}}', '123456')],
        },
      ],
    },
  ]
}
