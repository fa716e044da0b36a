import { describe, expect, it } from 'vitest'
import inbound from './fixtures/inbound-messages.json'
import statuses from './fixtures/statuses.json'
import identity from './fixtures/identity.json'
import { normaliseWebhook, type InboundMessageUpdate, type StatusUpdate } from './normalise'
import {
  brazilianVariants,
  canonicalWaId,
  contactKey,
  contactKeys,
  identityLinks,
} from './identity'

const message = (body: unknown) => normaliseWebhook(body)[0] as InboundMessageUpdate
const status = (body: unknown) => normaliseWebhook(body)[0] as StatusUpdate

describe('Brazilian ninth digit', () => {
  it('a mobile with and without the 9 after the area code is one number', () => {
    expect(brazilianVariants('5511987654321')).toEqual(['5511987654321', '551187654321'])
    expect(brazilianVariants('551187654321')).toEqual(['5511987654321', '551187654321'])
    expect(canonicalWaId('558187654321')).toBe(canonicalWaId('5581987654321'))
    expect(canonicalWaId('+55 (81) 98765-4321')).toBe('5581987654321')
    // A line starting with 9 keeps working both ways.
    expect(canonicalWaId('551199876543')).toBe('5511999876543')
  })

  it('landlines, new-only mobiles and other countries are left alone', () => {
    expect(brazilianVariants('551132654321')).toEqual(['551132654321']) // landline (starts 3)
    expect(brazilianVariants('5511932654321')).toEqual(['5511932654321']) // 9 + 3…: never 8 digits
    expect(canonicalWaId('551132654321')).not.toBe(canonicalWaId('5511932654321'))
    expect(brazilianVariants('5501987654321')).toEqual(['5501987654321']) // no area code 01
    expect(brazilianVariants('16315551181')).toEqual(['16315551181'])
    expect(brazilianVariants('4915112345678')).toEqual(['4915112345678'])
  })
})

describe('contact keys', () => {
  it('BSUID first, phone number as an alias; both when both appear', () => {
    expect(contactKeys({ waId: '16315551181', userId: 'US.1349' })).toEqual({
      primary: 'user:US.1349',
      aliases: ['user:US.1349', 'wa:16315551181'],
    })
    expect(contactKey({ waId: '16315551181' })).toBe('wa:16315551181')
    expect(contactKey({ userId: 'US.1349', parentUserId: 'US.ENT.1' })).toBe('user:US.1349')
    expect(contactKeys({ userId: 'US.1349', parentUserId: 'US.ENT.1' })?.aliases).toContain(
      'user:US.ENT.1',
    )
    expect(contactKeys({ waId: null, userId: null })).toBeNull()
    expect(contactKeys({ waId: '+ ' })).toBeNull()
  })

  it('one contact across messages and statuses that name the user differently', () => {
    const withBoth = contactKeys(message(inbound.text).from)!
    const usernameOnly = contactKeys(message(identity.text_username_only).from)!
    const statusBsuidOnly = contactKeys(status(statuses.delivered_bsuid_only).recipient)!
    const statusPhone = contactKeys(status(statuses.failed).recipient)!
    // The message carrying both ids links the phone number to the BSUID…
    expect(withBoth.aliases).toEqual(['user:US.13491208655302741918', 'wa:16315551181'])
    // …so a later event naming either one finds the same contact.
    expect(withBoth.aliases).toContain(usernameOnly.primary)
    expect(withBoth.aliases).toContain(statusBsuidOnly.primary)
    expect(withBoth.aliases).toContain(statusPhone.primary)
  })

  it('Brazilian variants give the same key', () => {
    expect(contactKey({ waId: '558187654321' })).toBe(contactKey({ waId: '5581987654321' }))
  })
})

describe('identity changes', () => {
  it('a number change links the old number to the new number and BSUID', () => {
    expect(identityLinks(message(identity.system_user_changed_number_bsuid))).toEqual({
      reason: 'user_changed_number',
      from: { primary: 'wa:16315551181', aliases: ['wa:16315551181'] },
      to: {
        primary: 'user:US.80452299105562833175',
        aliases: ['user:US.80452299105562833175', 'wa:16315558277'],
      },
    })
    expect(identityLinks(message(inbound.system_user_changed_number))?.to.primary).toBe(
      'wa:16315558277',
    )
  })

  it('a user-id change links the previous BSUID to the new one', () => {
    expect(identityLinks(message(inbound.system_user_changed_user_id))).toEqual({
      reason: 'user_changed_user_id',
      from: { primary: 'user:US.13491208655302741918', aliases: ['user:US.13491208655302741918'] },
      to: { primary: 'user:US.80452299105562833175', aliases: ['user:US.80452299105562833175'] },
    })
  })

  it('other messages, and other system messages, link nothing', () => {
    expect(identityLinks(message(inbound.text))).toBeNull()
    expect(identityLinks(message(inbound.system_customer_identity_changed))).toBeNull()
  })
})
