import { describe, expect, it } from 'vitest'
import { messagesValueSchema, type MessageStatus } from '@shared/whatsapp/webhook-schema'
import { createManualClock } from './manual-clock'
import { classifyPricing } from './pricing'
import { outboundFromSent } from './from-sent'
import {
  createStatusLifecycle,
  DEFAULT_TIMING,
  type OutboundMessage,
  type StatusLifecycle,
} from './status-lifecycle'

function setup() {
  const clock = createManualClock()
  const emitted: {
    entry: { wabaId: string; field: string; phoneNumberId: string }
    status: MessageStatus
  }[] = []
  const history: [string, string][] = []
  const lifecycle = createStatusLifecycle({
    clock,
    emit: (entry) => {
      const value = messagesValueSchema.parse(entry.value)
      expect(value.statuses).toHaveLength(1)
      emitted.push({ entry, status: value.statuses![0]! })
    },
    onStatus: (wamid, status) => history.push([wamid, status]),
    random: () => 0.5,
  })
  return { clock, emitted, history, lifecycle }
}

const msg = (over: Partial<OutboundMessage> = {}): OutboundMessage => ({
  wamid: 'wamid.A',
  wabaId: 'waba-1',
  phoneNumberId: 'phone-1',
  displayPhoneNumber: '15550783881',
  recipientWaId: '16315551181',
  type: 'text',
  category: 'service',
  pricingType: 'free_customer_service',
  ...over,
})

const statuses = (emitted: { status: MessageStatus }[]) => emitted.map((e) => e.status.status)
const priced = (emitted: { status: MessageStatus }[]) =>
  emitted.filter((e) => e.status.pricing).map((e) => e.status.status)

function acceptAndDeliver(
  lifecycle: StatusLifecycle,
  clock: ReturnType<typeof createManualClock>,
  m = msg(),
) {
  lifecycle.accepted(m)
  clock.runAll()
}

describe('status lifecycle', () => {
  it('goes sent → delivered, and read only when the customer reads', () => {
    const { clock, emitted, lifecycle, history } = setup()
    acceptAndDeliver(lifecycle, clock)
    expect(statuses(emitted)).toEqual(['sent', 'delivered'])
    expect(lifecycle.read('wamid.A')).toBe(true)
    expect(statuses(emitted)).toEqual(['sent', 'delivered', 'read'])
    expect(priced(emitted)).toEqual(['sent', 'delivered'])
    expect(history).toEqual([
      ['wamid.A', 'sent'],
      ['wamid.A', 'delivered'],
      ['wamid.A', 'read'],
    ])
    const [sent] = emitted
    expect(sent!.entry).toMatchObject({
      wabaId: 'waba-1',
      field: 'messages',
      phoneNumberId: 'phone-1',
    })
    expect(sent!.status).toMatchObject({ id: 'wamid.A', recipient_id: '16315551181' })
    expect(sent!.status.conversation).toBeUndefined()
  })

  it('emits nothing before its timers run', () => {
    const { clock, emitted, lifecycle } = setup()
    lifecycle.accepted(msg())
    expect(emitted).toHaveLength(0)
    clock.advance(DEFAULT_TIMING.sentMs * 1.5)
    expect(statuses(emitted)).toEqual(['sent'])
  })

  it('skips delivered when the read comes first, and prices the read instead', () => {
    const { clock, emitted, lifecycle } = setup()
    lifecycle.accepted(msg())
    clock.advance(DEFAULT_TIMING.sentMs * 1.5)
    expect(lifecycle.read('wamid.A')).toBe(true)
    clock.runAll()
    expect(statuses(emitted)).toEqual(['sent', 'read'])
    expect(priced(emitted)).toEqual(['sent', 'read'])
  })

  it('holds a read that arrives before sent until after delivered', () => {
    const { clock, emitted, lifecycle } = setup()
    lifecycle.accepted(msg())
    expect(lifecycle.read('wamid.A')).toBe(true)
    expect(emitted).toHaveLength(0)
    clock.runAll()
    expect(statuses(emitted)).toEqual(['sent', 'delivered', 'read'])
  })

  it('never goes backwards: no second read, no failure after delivery', () => {
    const { clock, emitted, lifecycle } = setup()
    acceptAndDeliver(lifecycle, clock)
    expect(lifecycle.fail('wamid.A', { code: 131026, details: 'x' })).toBe(false)
    lifecycle.read('wamid.A')
    expect(lifecycle.read('wamid.A')).toBe(false)
    expect(lifecycle.fail('wamid.A', { code: 131026, details: 'x' })).toBe(false)
    clock.runAll()
    expect(statuses(emitted)).toEqual(['sent', 'delivered', 'read'])
    expect(lifecycle.read('wamid.unknown')).toBe(false)
  })

  it('produces only sent for a reaction', () => {
    const { clock, emitted, lifecycle } = setup()
    acceptAndDeliver(lifecycle, clock, msg({ type: 'reaction' }))
    expect(lifecycle.read('wamid.A')).toBe(false)
    clock.runAll()
    expect(statuses(emitted)).toEqual(['sent'])
  })

  it('produces failed with Meta’s error object for a failing message', () => {
    const { clock, emitted, lifecycle } = setup()
    acceptAndDeliver(
      lifecycle,
      clock,
      msg({ failure: { code: 131026, details: 'Message undeliverable.' } }),
    )
    expect(statuses(emitted)).toEqual(['failed'])
    const failed = emitted[0]!.status
    expect(failed.pricing).toBeUndefined()
    expect(failed.errors).toEqual([
      {
        code: 131026,
        title: 'Message Undeliverable',
        message: 'Message Undeliverable',
        error_data: { details: 'Message undeliverable.' },
        href: 'https://developers.facebook.com/docs/whatsapp/cloud-api/support/error-codes/',
      },
    ])
    expect(lifecycle.read('wamid.A')).toBe(false)
  })

  it('can fail after sent but before delivered', () => {
    const { clock, emitted, lifecycle } = setup()
    lifecycle.accepted(msg())
    clock.advance(DEFAULT_TIMING.sentMs * 1.5)
    expect(lifecycle.fail('wamid.A', { code: 131049, details: 'Not delivered.' })).toBe(true)
    clock.runAll()
    expect(statuses(emitted)).toEqual(['sent', 'failed'])
  })

  it('echoes biz_opaque_callback_data on every status', () => {
    const { clock, emitted, lifecycle } = setup()
    acceptAndDeliver(lifecycle, clock, msg({ bizOpaqueCallbackData: 'order-42' }))
    lifecycle.read('wamid.A')
    expect(emitted.map((e) => e.status.biz_opaque_callback_data)).toEqual([
      'order-42',
      'order-42',
      'order-42',
    ])
  })

  it('prices a marketing template as billable regular', () => {
    const { clock, emitted, lifecycle } = setup()
    acceptAndDeliver(
      lifecycle,
      clock,
      msg({ type: 'template', category: 'marketing', pricingType: 'regular' }),
    )
    expect(emitted[0]!.status.pricing).toEqual({
      billable: true,
      pricing_model: 'PMP',
      type: 'regular',
      category: 'marketing',
    })
  })

  it('adds a conversation only in a free entry point window, with expiry only on sent', () => {
    const { clock, emitted, lifecycle } = setup()
    acceptAndDeliver(
      lifecycle,
      clock,
      msg({ category: 'referral_conversion', pricingType: 'free_entry_point' }),
    )
    const [sent, delivered] = emitted
    expect(sent!.status.conversation).toMatchObject({ origin: { type: 'referral_conversion' } })
    expect(Number(sent!.status.conversation!.expiration_timestamp)).toBe(
      Number(sent!.status.timestamp) + 72 * 3600,
    )
    expect(delivered!.status.conversation?.expiration_timestamp).toBeUndefined()
    expect(delivered!.status.conversation?.id).toBe(sent!.status.conversation!.id)
    expect(sent!.status.pricing).toMatchObject({ billable: false, type: 'free_entry_point' })
  })
})

describe('pricing rules (PMP)', () => {
  it.each([
    [{ templateCategory: null, inServiceWindow: true }, 'service', 'free_customer_service'],
    [{ templateCategory: 'UTILITY', inServiceWindow: true }, 'utility', 'free_customer_service'],
    [{ templateCategory: 'UTILITY', inServiceWindow: false }, 'utility', 'regular'],
    [{ templateCategory: 'MARKETING', inServiceWindow: true }, 'marketing', 'regular'],
    [{ templateCategory: 'AUTHENTICATION', inServiceWindow: false }, 'authentication', 'regular'],
    [
      { templateCategory: 'MARKETING', inServiceWindow: false, inFreeEntryPointWindow: true },
      'referral_conversion',
      'free_entry_point',
    ],
  ] as const)('%j → %s / %s', (input, category, pricingType) => {
    expect(classifyPricing(input)).toEqual({ category, pricingType })
  })

  it('builds an OutboundMessage from the world’s sent-message record', () => {
    const out = outboundFromSent(
      {
        id: 'wamid.X',
        phone_id: 'p',
        waba_id: 'w',
        wa_id: '16315551181',
        type: 'template',
        template: { category: 'UTILITY' },
        in_window: true,
        biz_opaque_callback_data: 'tracking',
      },
      { displayPhoneNumber: '15550783881' },
    )
    expect(out).toEqual({
      wamid: 'wamid.X',
      wabaId: 'w',
      phoneNumberId: 'p',
      displayPhoneNumber: '15550783881',
      recipientWaId: '16315551181',
      type: 'template',
      category: 'utility',
      pricingType: 'free_customer_service',
      bizOpaqueCallbackData: 'tracking',
    })
  })
})

/** A message a previous run left in progress carries on; nothing already sent is sent again. */
describe('status lifecycle resumed after a restart', () => {
  it('takes an accepted message through sent and delivered', () => {
    const { clock, emitted, lifecycle } = setup()
    lifecycle.resume(msg(), 'accepted')
    clock.runAll()
    expect(statuses(emitted)).toEqual(['sent', 'delivered'])
  })

  it('gives a sent message its delivered (priced), then its read', () => {
    const { clock, emitted, lifecycle } = setup()
    lifecycle.resume(msg(), 'sent')
    expect(lifecycle.status('wamid.A')).toBe('sent')
    clock.runAll()
    expect(statuses(emitted)).toEqual(['delivered'])
    expect(priced(emitted)).toEqual(['delivered'])
    expect(lifecycle.read('wamid.A')).toBe(true)
    expect(statuses(emitted)).toEqual(['delivered', 'read'])
  })

  it('lets a delivered message be read, with nothing scheduled meanwhile', () => {
    const { clock, emitted, lifecycle } = setup()
    lifecycle.resume(msg(), 'delivered')
    expect(clock.pending()).toBe(0)
    expect(lifecycle.read('wamid.A')).toBe(true)
    expect(statuses(emitted)).toEqual(['read'])
  })

  it('leaves a reaction that was sent alone: reactions only ever get sent', () => {
    const { clock, emitted, lifecycle } = setup()
    lifecycle.resume(msg({ type: 'reaction' }), 'sent')
    clock.runAll()
    expect(statuses(emitted)).toEqual([])
    expect(lifecycle.status('wamid.A')).toBeUndefined()
  })
})
