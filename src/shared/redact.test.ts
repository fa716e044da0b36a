import { describe, expect, it } from 'vitest'
import { REDACTED, redact, redactText, registerSecret } from './redact'

describe('redact', () => {
  it('drops the value of every key that names a secret, at any depth', () => {
    const out = redact({
      access_token: 'abc',
      nested: {
        Authorization: 'Bearer xyz',
        client_secret: 's',
        pin: '123456',
        twoStepPin: '654321',
        apiKey: 'k',
      },
      list: [{ system_user_token: 'sut' }],
      'x-hub-signature-256': 'sha256=00',
      code: 131047,
      name: 'kept',
    }) as Record<string, unknown>
    expect(JSON.stringify(out)).not.toMatch(/abc|xyz|"s"|123456|654321|"k"|sut|sha256=00/)
    expect(out.name).toBe('kept')
    // Error codes stay readable: `code` is not a secret key.
    expect(out.code).toBe(131047)
  })

  it('scrubs secret shapes inside free text', () => {
    const text = [
      'token EAAGm0PX4ZCpsBAKZAZBabcdefghijklmnop here',
      'Authorization: Bearer sandbox-token-123456',
      'GET /oauth/access_token?client_id=1&client_secret=topsecret&code=AQDxyzabcdefghijklmnop',
      'body {"pin":"123456","messaging_product":"whatsapp"}',
      'X-Hub-Signature-256: sha256=' + 'a'.repeat(64),
      'debug_token?input_token=opaque-value',
    ].join('\n')
    const out = redactText(text)
    for (const secret of [
      'EAAGm0PX4ZCpsBAKZAZBabcdefghijklmnop',
      'sandbox-token-123456',
      'topsecret',
      'AQDxyzabcdefghijklmnop',
      '123456',
      'a'.repeat(64),
      'opaque-value',
    ]) {
      expect(out).not.toContain(secret)
    }
    expect(out).toContain(REDACTED)
    expect(out).toContain('client_id=1')
    expect(out).toContain('"messaging_product":"whatsapp"')
  })

  it('keeps short error codes in text readable', () => {
    expect(redactText('Graph error code=131047 on send')).toContain('code=131047')
  })

  it('replaces registered secret values anywhere', () => {
    registerSecret('plain-looking-value-42')
    expect(redactText('the value plain-looking-value-42 leaked')).toBe(
      `the value ${REDACTED} leaked`,
    )
    expect(redact({ note: 'x plain-looking-value-42 y' })).toEqual({ note: `x ${REDACTED} y` })
  })

  it('turns errors into plain redacted objects, keeps causes, survives cycles and leaves input untouched', () => {
    const cause = new Error('token EAAB0123456789abcdefghij')
    const error = Object.assign(new Error('outer', { cause }), { status: 401 })
    const input: Record<string, unknown> = { error, headers: { authorization: 'Bearer zzzzzzzz' } }
    input.self = input
    const out = redact(input) as {
      error: { message: string; status: number; cause: { message: string } }
      self: unknown
    }
    expect(out.error.message).toBe('outer')
    expect(out.error.status).toBe(401)
    expect(out.error.cause.message).not.toContain('EAAB0123456789abcdefghij')
    expect(out.self).toBe('[circular]')
    expect((input.headers as Record<string, string>).authorization).toBe('Bearer zzzzzzzz')
  })
})
