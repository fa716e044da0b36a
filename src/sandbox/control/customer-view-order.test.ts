import { describe, expect, it } from 'vitest'
import { defaultConfig } from '../config'
import { createClock } from '../clock'
import type { InboundMessage, SentMessage } from '../world/types'
import { createWorld } from '../world/world'
import { customerView } from './customer-view'

const CUSTOMER = '16505551234'

function inbound(id: string, at: number): InboundMessage {
  return {
    id,
    phone_id: 'p1',
    from: CUSTOMER,
    type: 'text',
    timestamp: at,
    read: false,
    message: { type: 'text', text: { body: id } },
  }
}

function sent(id: string, at: number): SentMessage {
  return {
    id,
    phone_id: 'p1',
    waba_id: 'w1',
    to: CUSTOMER,
    wa_id: CUSTOMER,
    type: 'text',
    created_at: at,
    status: 'accepted',
    history: [],
    template: null,
    in_window: true,
    context_id: null,
    biz_opaque_callback_data: null,
    payload: { type: 'text', text: { body: id } },
    pricing: null,
    errors: null,
  }
}

describe('customerView order', () => {
  it('keeps the recorded order of both directions within one millisecond', () => {
    const clock = createClock(1)
    const world = createWorld(clock, defaultConfig())
    const now = clock.now()
    // All four in the same millisecond, alternating sides, in both possible first sides.
    world.recordInbound(inbound('in-1', now))
    world.recordSent(sent('out-1', now))
    world.recordSent(sent('out-2', now))
    world.recordInbound(inbound('in-2', now))
    const ids = customerView(world, CUSTOMER, null).messages.map((m) => m.id)
    expect(ids).toEqual(['in-1', 'out-1', 'out-2', 'in-2'])
  })

  it('orders messages saved without a position by their times', () => {
    const clock = createClock(1)
    const world = createWorld(clock, defaultConfig())
    const now = clock.now()
    const later = { ...inbound('in-later', now + 5), order: undefined }
    world.inbound.set(later.id, later)
    world.sent.set('out-early', sent('out-early', now))
    const ids = customerView(world, CUSTOMER, null).messages.map((m) => m.id)
    expect(ids).toEqual(['out-early', 'in-later'])
  })
})
