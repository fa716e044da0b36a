import { describe, expect, it } from 'vitest'
import { redactContacts } from './redact-contacts'

describe('redactContacts', () => {
  it.each([
    ['write to ana.silva+cakes@example.co.uk please', 'write to [email] please'],
    ['call +351 912 345 678 or 912-345-678', 'call [phone] or [phone]'],
    ['my number is (555) 010-9999.', 'my number is [phone].'],
    ['whatsapp: +5511987654321', 'whatsapp: [phone]'],
    ['José@correo.es', '[email]'],
  ])('%s → %s', (text, masked) => {
    expect(redactContacts(text)).toBe(masked)
  })

  it.each([
    'open 8:00–18:00, Monday to Saturday',
    'the cake costs €25.50',
    'delivery on 2026-01-31',
    'order 12345 for 3 people',
    'room 1-2-3',
  ])('leaves what is not a phone number or email: %s', (text) => {
    expect(redactContacts(text)).toBe(text)
  })
})
