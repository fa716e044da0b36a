import { describe, expect, it } from 'vitest'
import statuses from './fixtures/statuses.json'
import valueErrors from './fixtures/value-errors.json'
import management from './fixtures/management.json'
import echoes from './fixtures/message-echoes.json'
import { normaliseWebhook } from './normalise'
import { only } from './normalise-testing'

/** Statuses, value-level errors, message echoes and the management fields, field by field. */

describe('statuses', () => {
  it('each status value with its pricing; conversation only where Meta sends it', () => {
    const sent = only(statuses.sent_template_marketing, 'status')
    expect(sent).toMatchObject({ status: 'sent', knownStatus: true, conversation: null })
    expect(sent.pricing).toEqual({
      billable: true,
      pricingModel: 'PMP',
      type: 'regular',
      category: 'marketing',
    })
    expect(only(statuses.delivered_template_marketing, 'status').status).toBe('delivered')
    expect(only(statuses.read_template_marketing, 'status').status).toBe('read')
    expect(only(statuses.played_voice, 'status').status).toBe('played')
    expect(only(statuses.sent_free_entry_point, 'status').conversation).toEqual({
      id: 'c7a8e1b22f44d0f9d7a7e9c5b4a3f211',
      originType: 'referral_conversion',
      expiresAtMs: 1750523300000,
    })
    expect(only(statuses.sent_cbp_v23, 'status').pricing?.pricingModel).toBe('CBP')
  })

  it('failed with its errors; biz_opaque_callback_data echoed', () => {
    const failed = only(statuses.failed, 'status')
    expect(failed.errors[0]).toMatchObject({ code: 131047, title: 'Re-engagement message' })
    expect(failed.recipient.waId).toBe('16315551181')
    const withData = only(statuses.sent_with_callback_data, 'status')
    expect(withData.bizOpaqueCallbackData).toBe('outbox:01JZ8Q3W6N2V5XK4C7M9R1T0BD')
    expect(withData.key).toBe(`status:${withData.wamid}:sent`)
  })

  it('the recipient from recipient_id / recipient_user_id and the contacts Meta adds', () => {
    expect(only(statuses.delivered_with_contacts_bsuid, 'status').recipient).toEqual({
      waId: '16505551234',
      userId: 'US.13491208655302741918',
      parentUserId: 'US.11815799212886844830',
      profileName: 'Pablo M.',
      username: '@pablomorales',
    })
    expect(only(statuses.delivered_bsuid_only, 'status').recipient).toMatchObject({
      waId: null,
      userId: 'US.13491208655302741918',
    })
  })

  it('a batch across changes keeps every status in order', () => {
    const updates = normaliseWebhook(statuses.batch)
    expect(
      updates.map((u) => (u.kind === 'status' ? [u.at.changeIndex, u.status] : u.kind)),
    ).toEqual([
      [0, 'delivered'],
      [1, 'sent'],
      [1, 'read'],
    ])
  })
})

describe('value-level errors', () => {
  it('one update per error, with the business number', () => {
    const error = only(valueErrors.throughput_130429, 'value_error')
    expect(error.error).toMatchObject({
      code: 130429,
      details: 'Cloud API message throughput has been reached.',
    })
    expect(error.business.phoneNumberId).toBe('106540352242922')
  })

  it('a message Meta could not render stays a message beside its 131000 error', () => {
    const [message, error] = normaliseWebhook(valueErrors.interactive_missing_131000)
    expect(message).toMatchObject({ kind: 'message', type: 'interactive', interactive: null })
    expect(error).toMatchObject({ kind: 'value_error', error: { code: 131000 } })
  })
})

describe('other fields', () => {
  it('template status, phone quality and name, account update, alerts, capability, review', () => {
    expect(only(management.template_rejected, 'template_status')).toMatchObject({
      event: 'REJECTED',
      templateId: '546151681022937',
      templateName: 'summer_sale',
      reason: 'PROMOTIONAL',
      category: 'MARKETING',
    })
    expect(only(management.template_approved_null_reason, 'template_status').reason).toBeNull()
    expect(only(management.phone_quality_throughput_upgrade, 'phone_quality')).toMatchObject({
      event: 'THROUGHPUT_UPGRADE',
      messagingLimit: 'TIER_10K',
      displayPhoneNumber: '15550783881',
    })
    expect(only(management.phone_number_name_update_rejected, 'phone_name')).toMatchObject({
      decision: 'REJECTED',
      rejectionReason: 'NAME_INDIVIDUAL_ISSUE',
    })
    const partner = only(management.account_update_partner_added, 'account_update')
    expect(partner).toMatchObject({ event: 'PARTNER_ADDED', wabaId: '980198427658004' })
    expect(partner.at.entryTimeMs).toBe(1744823932000)
    expect(only(management.other_account_alerts, 'account_alert')).toMatchObject({
      alertType: 'PROFILE_PICTURE_LOST',
      severity: 'WARNING',
      entityId: '106540352242922',
    })
    expect(only(management.other_business_capability_update, 'capability')).toMatchObject({
      messagingLimit: '2000',
      maxPhoneNumbersPerBusiness: 20,
    })
    expect(only(management.account_review_update_approved, 'account_review').decision).toBe(
      'APPROVED',
    )
  })

  it('message echoes are outbound messages sent from the Business app', () => {
    const echo = only(echoes.echo_text, 'message_echo')
    expect(echo).toMatchObject({
      key: `echo:${echo.wamid}`,
      fromDisplayNumber: '15550783881',
      to: { waId: '16505551234' },
      type: 'text',
      text: "Here's the info you requested! https://www.meta.com/quest/quest-3/",
      timestampMs: 1739321024000,
    })
    expect(only(echoes.echo_image, 'message_echo')).toMatchObject({
      media: { id: '1479537139650973', mimeType: 'image/jpeg' },
      text: 'The Quest 3 in blue',
    })
    const [, revoke] = normaliseWebhook(echoes.echo_batch)
    expect(revoke).toMatchObject({ kind: 'message_echo', type: 'revoke', knownType: true })
  })
})
