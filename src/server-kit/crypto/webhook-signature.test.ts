import { createHmac } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { sign, verifySignature } from './webhook-signature'

const body = Buffer.from('{"object":"whatsapp_business_account","entry":[]}')
const secret = 'app-secret-1234'

describe('sign / verifySignature', () => {
  it('produces sha256=<hex HMAC-SHA256 of the raw bytes>', () => {
    const expected = createHmac('sha256', secret).update(body).digest('hex')
    expect(sign(body, secret)).toBe(`sha256=${expected}`)
    expect(sign(body.toString('utf8'), secret)).toBe(`sha256=${expected}`)
  })

  it('verifies with the app secret', () => {
    expect(verifySignature(body, sign(body, secret), secret)).toBe(true)
  })

  it('accepts an upper-case hex digest', () => {
    const header = sign(body, secret)
    expect(verifySignature(body, `sha256=${header.slice(7).toUpperCase()}`, secret)).toBe(true)
  })

  it('fails with a wrong secret', () => {
    expect(verifySignature(body, sign(body, secret), 'another-secret')).toBe(false)
  })

  it('fails when a single byte of the body changes', () => {
    const tampered = Buffer.from(body)
    tampered[10] = tampered[10]! ^ 1
    expect(verifySignature(tampered, sign(body, secret), secret)).toBe(false)
  })

  it('fails when the body is re-serialized with different whitespace', () => {
    const reserialized = JSON.stringify(JSON.parse(body.toString()), null, 1)
    expect(verifySignature(reserialized, sign(body, secret), secret)).toBe(false)
  })

  it.each([
    ['missing', undefined],
    ['null', null],
    ['empty', ''],
    ['without prefix', sign(body, secret).slice(7)],
    ['sha1 prefix', `sha1=${sign(body, secret).slice(7)}`],
    ['truncated', sign(body, secret).slice(0, 40)],
    ['non-hex', `sha256=${'z'.repeat(64)}`],
    ['an array (repeated header)', [sign(body, secret), sign(body, secret)]],
  ])('fails for a %s header', (_label, header) => {
    expect(verifySignature(body, header, secret)).toBe(false)
  })
})
