import { describe, expect, it } from 'vitest'
import { messagesValueSchema, type MessageStatus } from '@shared/whatsapp/webhook-schema'
import { createManualClock } from './manual-clock'
import { createStatusLifecycle, type OutboundMessage } from './status-lifecycle'

/** A message a previous run left in progress carries on; nothing already sent is sent again. */
function setup() {
  const clock = createManualClock()
  const emitted: MessageStatus[] = []
  const lifecycle = createStatusLifecycle({
    clock,
    emit: (entry) => emitted.push(messagesValueSchema.parse(entry.value).statuses![0]!),
    random: () => 0.5,
  })
  const statuses = () => emitted.map((s) => s.status)
  return { clock, emitted, lifecycle, statuses }
}

const msg = (over: Partial<OutboundMessage> = {}): OutboundMessage => ({
  wamid: 'wamid.R',
  wabaId: 'waba-1',
  phoneNumberId: 'phone-1',
  displayPhoneNumber: '15550783881',
  recipientWaId: '16315551181',
  type: 'text',
  category: 'service',
  pricingType: 'free_customer_service',
  ...over,
})

describe('resuming the status lifecycle after a restart', () => {
  it('takes an accepted message through sent and delivered', () => {
    const { clock, lifecycle, statuses } = setup()
    lifecycle.resume(msg(), 'accepted')
    clock.runAll()
    expect(statuses()).toEqual(['sent', 'delivered'])
  })

  it('gives a sent message its delivered (priced), then its read', () => {
    const { clock, emitted, lifecycle, statuses } = setup()
    lifecycle.resume(msg(), 'sent')
    expect(lifecycle.status('wamid.R')).toBe('sent')
    clock.runAll()
    expect(statuses()).toEqual(['delivered'])
    expect(emitted[0]?.pricing).toBeDefined()
    expect(lifecycle.read('wamid.R')).toBe(true)
    expect(statuses()).toEqual(['delivered', 'read'])
  })

  it('lets a delivered message be read, with nothing scheduled meanwhile', () => {
    const { clock, lifecycle, statuses } = setup()
    lifecycle.resume(msg(), 'delivered')
    expect(clock.pending()).toBe(0)
    expect(lifecycle.read('wamid.R')).toBe(true)
    expect(statuses()).toEqual(['read'])
  })

  it('leaves a reaction that was sent alone: reactions only ever get sent', () => {
    const { clock, lifecycle, statuses } = setup()
    lifecycle.resume(msg({ type: 'reaction' }), 'sent')
    clock.runAll()
    expect(statuses()).toEqual([])
    expect(lifecycle.status('wamid.R')).toBeUndefined()
  })
})
