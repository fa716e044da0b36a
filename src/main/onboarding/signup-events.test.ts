import { describe, expect, it } from 'vitest'
import { outcomeOf, parseSignupEvents } from './signup-events'

const AT = '2026-01-01T00:00:00.000Z'
const finish = {
  data: {
    phone_number_id: '106540352242922',
    waba_id: '524126980791429',
    business_id: '2729063490586005',
  },
  type: 'WA_EMBEDDED_SIGNUP',
  event: 'FINISH',
  version: 3,
}

describe('parseSignupEvents', () => {
  it('reads Meta’s JSON strings and objects alike, and drops what is not an ES event', () => {
    const parsed = parseSignupEvents(
      [JSON.stringify(finish), finish, 'fbsdk:cb=f1&code=x', '{"type":"OTHER"}', 42, null],
      AT,
    )
    expect(parsed.map((p) => p.event)).toEqual([
      expect.objectContaining({ kind: 'finish', event: 'FINISH', wabaId: '524126980791429' }),
      expect.objectContaining({ kind: 'finish', phoneNumberId: '106540352242922' }),
    ])
  })

  it('keeps CANCEL’s current_step and the error form’s code, message and session id', () => {
    const [cancel, error] = parseSignupEvents(
      [
        JSON.stringify({
          data: { current_step: 'PHONE_NUMBER_SETUP' },
          type: 'WA_EMBEDDED_SIGNUP',
          event: 'CANCEL',
        }),
        JSON.stringify({
          data: {
            error_message: 'Bad name',
            error_id: 524126,
            session_id: 'f34b51dab5e0498',
            timestamp: '1746041036',
          },
          type: 'WA_EMBEDDED_SIGNUP',
          event: 'CANCEL',
        }),
      ],
      AT,
    )
    expect(cancel!.event).toMatchObject({ kind: 'cancel', currentStep: 'PHONE_NUMBER_SETUP' })
    expect(error!.event).toMatchObject({
      kind: 'error',
      errorCode: '524126',
      errorMessage: 'Bad name',
      metaSessionId: 'f34b51dab5e0498',
    })
  })

  it('treats FINISH_ONLY_WABA’s empty ids as missing and reports the finish kind', () => {
    const parsed = parseSignupEvents(
      [
        {
          data: { phone_number_id: '', waba_id: '' },
          type: 'WA_EMBEDDED_SIGNUP',
          event: 'FINISH_ONLY_WABA',
          version: 3,
        },
      ],
      AT,
    )
    expect(outcomeOf(parsed).finish).toEqual({
      event: 'FINISH_ONLY_WABA',
      wabaId: null,
      phoneNumberId: null,
      businessId: null,
    })
  })

  it('stores the raw event redacted', () => {
    const [event] = parseSignupEvents(
      [{ ...finish, data: { ...finish.data, access_token: 'EAAsecretsecretsecret1234' } }],
      AT,
    )
    expect(event!.raw).not.toContain('EAAsecretsecretsecret1234')
    expect(event!.raw).toContain('524126980791429')
  })
})
