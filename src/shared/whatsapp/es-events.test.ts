import { describe, expect, it } from 'vitest'
import { ES_CANCEL_STEPS, isMetaOrigin, parseEsMessage } from './es-events'

const msg = (body: object) => JSON.stringify(body)

describe('parseEsMessage', () => {
  it('parses FINISH with the three ids', () => {
    const event = parseEsMessage(
      msg({
        data: {
          phone_number_id: '106540352242922',
          waba_id: '524126980791429',
          business_id: '2729063490586005',
        },
        type: 'WA_EMBEDDED_SIGNUP',
        event: 'FINISH',
        version: 3,
      }),
    )
    expect(event).toEqual({
      kind: 'finish',
      event: 'FINISH',
      data: {
        phone_number_id: '106540352242922',
        waba_id: '524126980791429',
        business_id: '2729063490586005',
      },
      version: 3,
    })
  })

  it.each([
    'FINISH_ONLY_WABA',
    'FINISH_WHATSAPP_BUSINESS_APP_ONBOARDING',
    'FINISH_OBO_MIGRATION',
    'FINISH_GRANT_ONLY_API_ACCESS',
  ])('parses %s as a finish event', (name) => {
    const event = parseEsMessage(
      msg({ data: { waba_id: '1', phone_number_id: '' }, type: 'WA_EMBEDDED_SIGNUP', event: name }),
    )
    expect(event).toMatchObject({ kind: 'finish', event: name, data: { waba_id: '1' } })
  })

  it('keeps multi-asset id lists of a finish event', () => {
    const event = parseEsMessage(
      msg({
        data: { waba_id: '1', waba_ids: ['1', '2'], page_ids: ['9'] },
        type: 'WA_EMBEDDED_SIGNUP',
        event: 'FINISH',
      }),
    )
    expect(event?.kind === 'finish' && event.data.waba_ids).toEqual(['1', '2'])
  })

  it.each(ES_CANCEL_STEPS)('parses CANCEL at %s', (step) => {
    const event = parseEsMessage(
      msg({
        data: { current_step: step },
        type: 'WA_EMBEDDED_SIGNUP',
        event: 'CANCEL',
        version: 3,
      }),
    )
    expect(event).toEqual({ kind: 'cancel', currentStep: step, version: 3 })
  })

  it('parses the error form with error_code (Mar 2026 wording)', () => {
    const event = parseEsMessage(
      msg({
        data: {
          error_message:
            'Your verified name violates WhatsApp guidelines. Please edit your verified name and try again.',
          error_code: 524126,
          session_id: 'f34b51dab5e0498',
          timestamp: '1746041036',
        },
        type: 'WA_EMBEDDED_SIGNUP',
        event: 'CANCEL',
      }),
    )
    expect(event).toEqual({
      kind: 'error',
      event: 'CANCEL',
      errorCode: '524126',
      errorMessage:
        'Your verified name violates WhatsApp guidelines. Please edit your verified name and try again.',
      sessionId: 'f34b51dab5e0498',
      timestamp: '1746041036',
    })
  })

  it('parses the error form with error_id (Nov 2025 wording)', () => {
    const event = parseEsMessage(
      msg({
        data: { error_message: 'x', error_id: '524126', session_id: 's', timestamp: 1746041036 },
        type: 'WA_EMBEDDED_SIGNUP',
        event: 'CANCEL',
      }),
    )
    expect(event).toMatchObject({ kind: 'error', errorCode: '524126', timestamp: '1746041036' })
  })

  it('parses ERROR even without the error form fields', () => {
    expect(parseEsMessage(msg({ data: {}, type: 'WA_EMBEDDED_SIGNUP', event: 'ERROR' }))).toEqual({
      kind: 'error',
      event: 'ERROR',
      errorCode: null,
      errorMessage: 'Embedded Signup error',
      sessionId: null,
      timestamp: null,
    })
  })

  it.each([
    ['a non-JSON SDK message', 'cb=f2b8a1&relation=opener'],
    ['an object instead of a JSON string', { type: 'WA_EMBEDDED_SIGNUP', event: 'FINISH' }],
    ['a foreign JSON message', msg({ type: 'OTHER_WIDGET', event: 'FINISH', data: {} })],
    ['an unknown event name', msg({ type: 'WA_EMBEDDED_SIGNUP', event: 'EXPLODED', data: {} })],
    ['CANCEL without a step', msg({ type: 'WA_EMBEDDED_SIGNUP', event: 'CANCEL', data: {} })],
    [
      'a finish with non-string ids',
      msg({ type: 'WA_EMBEDDED_SIGNUP', event: 'FINISH', data: { waba_id: 5 } }),
    ],
    ['JSON null', 'null'],
  ])('returns null for %s', (_label, data) => {
    expect(parseEsMessage(data)).toBeNull()
  })
})

describe('isMetaOrigin', () => {
  it.each([
    'https://www.facebook.com',
    'https://web.facebook.com',
    'https://facebook.com',
    'https://business.facebook.com',
  ])('accepts %s', (origin) => {
    expect(isMetaOrigin(origin)).toBe(true)
  })

  it.each([
    'http://www.facebook.com',
    'https://evilfacebook.com',
    'https://www.facebook.com.evil.example',
    'https://m.facebook.com.attacker.net',
    'https://attacker.www.facebook.com',
    'https://www.facebook.com:8443',
    'https://user@www.facebook.com',
    'https://www.facebook.com/path',
    'null',
    '',
    'https://WWW.FACEBOOK.COM',
  ])('rejects %s', (origin) => {
    expect(isMetaOrigin(origin)).toBe(false)
  })
})
