import { describe, expect, it } from 'vitest'
import inbound from './fixtures/inbound-messages.json'
import statuses from './fixtures/statuses.json'
import valueErrors from './fixtures/value-errors.json'
import management from './fixtures/management.json'
import echoes from './fixtures/message-echoes.json'
import identity from './fixtures/identity.json'
import {
  inboundMessageSchema,
  isKnownInboundMessage,
  isModelledChange,
  messagesValueSchema,
  webhookEnvelopeSchema,
  type WebhookEnvelope,
} from './webhook-schema'

const clone = <T>(value: T): T => structuredClone(value)

function firstChange(envelope: WebhookEnvelope) {
  const change = envelope.entry[0]?.changes[0]
  if (!change) throw new Error('fixture without a change')
  return change
}

function firstMessage(body: unknown) {
  const env = webhookEnvelopeSchema.parse(body)
  const change = firstChange(env)
  if (!isModelledChange(change) || change.field !== 'messages') throw new Error('not messages')
  const message = change.value.messages?.[0]
  if (!message) throw new Error('no message')
  return message
}

describe('webhook envelope schema', () => {
  const all = { ...inbound, ...statuses, ...valueErrors, ...management, ...echoes, ...identity }
  it.each(Object.entries(all))('accepts the %s fixture', (_name, body) => {
    const result = webhookEnvelopeSchema.safeParse(body)
    expect(result.success, JSON.stringify(result.error?.issues)).toBe(true)
  })

  it('keeps unknown keys (loose objects) so nothing Meta adds is lost', () => {
    const body = clone(inbound.text) as Record<string, unknown> & typeof inbound.text
    const value = body.entry[0]!.changes[0]!.value as Record<string, unknown>
    value.brand_new_key = { nested: 1 }
    const parsed = webhookEnvelopeSchema.parse(body)
    expect((firstChange(parsed).value as Record<string, unknown>).brand_new_key).toEqual({
      nested: 1,
    })
  })

  it('parses each inbound type into its own branch with its typed object', () => {
    const known = (body: unknown) => {
      const message = firstMessage(body)
      if (!isKnownInboundMessage(message)) throw new Error(`unmodelled ${message.type}`)
      return message
    }
    const text = known(inbound.text)
    expect(text.type === 'text' && text.text.body).toBe('Does it come in another color?')
    const voice = known(inbound.audio_voice)
    expect(voice.type === 'audio' && voice.audio.voice).toBe(true)
    const removed = known(inbound.reaction_removed)
    expect(removed.type === 'reaction' && removed.reaction).toEqual({
      message_id: 'wamid.HBgLMTYzMTU1NTExODEVAgARGBI1QjZDQjQ4RTk5OEQ2RDdCQTcA',
    })
    const list = known(inbound.interactive_list_reply)
    const reply =
      list.type === 'interactive' && list.interactive?.type === 'list_reply'
        ? list.interactive
        : null
    expect(reply && 'list_reply' in reply ? reply.list_reply : null).toMatchObject({
      id: 'priority_express',
    })
    expect(isKnownInboundMessage(firstMessage(inbound.future_type))).toBe(false)
  })

  it('rejects a known message type whose object is malformed instead of treating it as unknown', () => {
    const body = clone(inbound.image)
    const message = body.entry[0]!.changes[0]!.value.messages[0]! as Record<string, unknown>
    delete (message.image as Record<string, unknown>).sha256
    expect(webhookEnvelopeSchema.safeParse(body).success).toBe(false)
  })

  it('accepts a message type added after the schema was written', () => {
    const message = firstMessage(inbound.future_type)
    expect(message.type).toBe('request_welcome')
  })

  it('rejects a location whose coordinates are strings (inbound coordinates are numbers)', () => {
    const message = clone(inbound.location.entry[0]!.changes[0]!.value.messages[0]!)
    const bad = { ...message, location: { ...message.location, latitude: '37.48' } }
    expect(inboundMessageSchema.safeParse(bad).success).toBe(false)
  })

  it('requires timestamps as strings of digits', () => {
    const message = clone(inbound.text.entry[0]!.changes[0]!.value.messages[0]!)
    expect(inboundMessageSchema.safeParse({ ...message, timestamp: 1749416383 }).success).toBe(
      false,
    )
    expect(inboundMessageSchema.safeParse({ ...message, timestamp: 'yesterday' }).success).toBe(
      false,
    )
  })
})

describe('statuses', () => {
  it('parses PMP pricing and omits conversation for v24+ statuses', () => {
    const env = webhookEnvelopeSchema.parse(statuses.sent_template_marketing)
    const change = firstChange(env)
    if (!isModelledChange(change) || change.field !== 'messages') throw new Error('not messages')
    const status = change.value.statuses?.[0]
    expect(status?.pricing).toEqual({
      billable: true,
      pricing_model: 'PMP',
      type: 'regular',
      category: 'marketing',
    })
    expect(status?.conversation).toBeUndefined()
  })

  it('rejects an unknown status value', () => {
    const body = clone(statuses.failed)
    body.entry[0]!.changes[0]!.value.statuses[0]!.status = 'exploded'
    expect(webhookEnvelopeSchema.safeParse(body).success).toBe(false)
  })

  it('requires a numeric error code on failed statuses', () => {
    const body = clone(statuses.failed) as unknown as {
      entry: { changes: { value: { statuses: { errors: { code: unknown }[] }[] } }[] }[]
    }
    body.entry[0]!.changes[0]!.value.statuses[0]!.errors[0]!.code = '131047'
    expect(webhookEnvelopeSchema.safeParse(body).success).toBe(false)
  })
})

describe('messages value', () => {
  it('requires messaging_product whatsapp and metadata', () => {
    const value = clone(statuses.failed.entry[0]!.changes[0]!.value) as Record<string, unknown>
    expect(messagesValueSchema.safeParse(value).success).toBe(true)
    expect(
      messagesValueSchema.safeParse({ ...value, messaging_product: 'instagram' }).success,
    ).toBe(false)
    const { metadata: _metadata, ...withoutMetadata } = value
    expect(messagesValueSchema.safeParse(withoutMetadata).success).toBe(false)
  })

  it('parses value-level errors', () => {
    const value = messagesValueSchema.parse(
      valueErrors.throughput_130429.entry[0]!.changes[0]!.value,
    )
    expect(value.errors?.[0]?.code).toBe(130429)
  })
})

describe('management fields', () => {
  it('reads PARTNER_ADDED with the partner business as entry id and the customer in waba_info', () => {
    const env = webhookEnvelopeSchema.parse(management.account_update_partner_added)
    const entry = env.entry[0]!
    expect(entry.id).toBe('2949482758682047')
    expect(entry.time).toBe(1744823932)
    const change = entry.changes[0]!
    if (!isModelledChange(change) || change.field !== 'account_update') throw new Error('field')
    expect(change.value.event).toBe('PARTNER_ADDED')
    expect(change.value.waba_info?.waba_id).toBe('980198427658004')
  })

  it('rejects a template status update whose template id is not a number', () => {
    const body = clone(management.template_approved) as unknown as {
      entry: { changes: { value: Record<string, unknown> }[] }[]
    }
    body.entry[0]!.changes[0]!.value.message_template_id = 'abc'
    expect(webhookEnvelopeSchema.safeParse(body).success).toBe(false)
  })

  it('passes other fields through untouched, but never a modelled field with a bad value', () => {
    const env = webhookEnvelopeSchema.parse(management.other_account_alerts)
    const change = firstChange(env)
    expect(change.field).toBe('account_alerts')
    expect(isModelledChange(change)).toBe(false)
    expect(change.value).toEqual(management.other_account_alerts.entry[0]!.changes[0]!.value)

    const bad = clone(management.phone_quality_throughput_upgrade) as unknown as {
      entry: { changes: { value: Record<string, unknown> }[] }[]
    }
    delete bad.entry[0]!.changes[0]!.value.display_phone_number
    expect(webhookEnvelopeSchema.safeParse(bad).success).toBe(false)
  })

  it('rejects an envelope for another object type', () => {
    const body = { ...clone(management.template_approved), object: 'page' }
    expect(webhookEnvelopeSchema.safeParse(body).success).toBe(false)
  })
})
