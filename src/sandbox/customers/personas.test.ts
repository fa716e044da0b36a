import { describe, expect, it } from 'vitest'
import { createManualClock } from '../lifecycle/manual-clock'
import { buildInboundEntry, parseInboundInput, type InboundInputBody } from './inbound'
import { START_TYPES, createCustomers, type BusinessMessage } from './personas'
import { PERSONAS } from './persona-data'

const PHONE = '106540352242922'

function setup(seed = 42) {
  const clock = createManualClock()
  const actions: string[] = []
  const sent: InboundInputBody[] = []
  const customers = createCustomers({
    clock,
    seed,
    sendInbound: (phoneNumberId, body) => {
      const parsed = parseInboundInput(body)
      if (!parsed.ok) throw new Error(parsed.error)
      sent.push(body)
      actions.push(`send ${phoneNumberId} ${JSON.stringify(body)}`)
      return `wamid.in.${sent.length}`
    },
    markRead: (wamid) => actions.push(`read ${wamid}`),
    onError: (err) => actions.push(`error ${String(err)}`),
  })
  return { clock, actions, sent, customers }
}

const persona = (id: string) => PERSONAS.find((p) => p.id === id)!

const textTo = (id: string, n = 1): BusinessMessage => ({
  wamid: `wamid.out.${id}.${n}`,
  phoneNumberId: PHONE,
  recipientWaId: persona(id).waId,
  type: 'text',
  payload: { type: 'text', text: { body: 'Hello from the shop' } },
})

/** Lets promise-based sends settle after timers ran. */
const settle = () => new Promise((resolve) => setImmediate(resolve))

async function drain(clock: ReturnType<typeof createManualClock>) {
  clock.runAll()
  await settle()
}

describe('simulated customers', () => {
  it('behave identically for the same seed', async () => {
    const run = async (seed: number) => {
      const { clock, actions, customers } = setup(seed)
      for (let n = 0; n < 5; n++) {
        for (const p of PERSONAS) customers.onBusinessMessage(textTo(p.id, n))
      }
      await drain(clock)
      return actions
    }
    const first = await run(7)
    expect(first.length).toBeGreaterThan(10)
    expect(await run(7)).toEqual(first)
  })

  it('a persona’s choices do not depend on traffic to other personas', async () => {
    const alone = setup(3)
    alone.customers.onBusinessMessage(textTo('ana-br'))
    await drain(alone.clock)
    const crowded = setup(3)
    crowded.customers.onBusinessMessage(textTo('emily-us'))
    crowded.customers.onBusinessMessage(textTo('ana-br'))
    await drain(crowded.clock)
    const ana = (list: InboundInputBody[]) => list.filter((b) => b.from === persona('ana-br').waId)
    expect(ana(crowded.sent)).toEqual(ana(alone.sent))
  })

  it('a prompt reader reads within seconds; a slow reader much later', async () => {
    const { clock, actions, customers } = setup()
    customers.onBusinessMessage(textTo('ana-br'))
    customers.onBusinessMessage(textTo('jonas-de'))
    clock.advance(persona('ana-br').readDelayMs![1])
    expect(actions).toContain('read wamid.out.ana-br.1')
    expect(actions).not.toContain('read wamid.out.jonas-de.1')
    clock.advance(persona('jonas-de').readDelayMs![1])
    expect(actions).toContain('read wamid.out.jonas-de.1')
  })

  it('a customer who never reads neither reads nor answers', async () => {
    const { clock, actions, customers } = setup()
    customers.onBusinessMessage(textTo('carlos-mx'))
    await drain(clock)
    expect(actions).toEqual([])
  })

  it('answers reply buttons with a button_reply in context', async () => {
    const { clock, sent, customers } = setup()
    const msg: BusinessMessage = {
      ...textTo('emily-us'),
      type: 'interactive',
      payload: {
        type: 'interactive',
        interactive: {
          type: 'button',
          body: { text: 'Confirm?' },
          action: {
            buttons: [
              { type: 'reply', reply: { id: 'yes', title: 'Yes' } },
              { type: 'reply', reply: { id: 'no', title: 'No' } },
            ],
          },
        },
      },
    }
    customers.onBusinessMessage(msg)
    await drain(clock)
    expect(sent).toHaveLength(1)
    expect(sent[0]).toMatchObject({
      type: 'interactive',
      context: { id: msg.wamid },
      interactive: { type: 'button_reply' },
    })
    const reply = (sent[0] as unknown as { interactive: { button_reply: { id: string } } })
      .interactive
    expect(['yes', 'no']).toContain(reply.button_reply.id)
  })

  it('answers a list with a list_reply and a template quick reply with a button', async () => {
    const { clock, sent, customers } = setup()
    customers.onBusinessMessage({
      ...textTo('emily-us', 1),
      type: 'interactive',
      payload: {
        interactive: {
          type: 'list',
          action: {
            button: 'Pick',
            sections: [{ title: 'S', rows: [{ id: 'r1', title: 'Row 1', description: 'd' }] }],
          },
        },
      },
    })
    customers.onBusinessMessage({
      ...textTo('emily-us', 2),
      type: 'template',
      payload: {
        template: {
          name: 'promo',
          language: { code: 'en_US' },
          components: [
            {
              type: 'button',
              sub_type: 'quick_reply',
              index: '0',
              parameters: [{ type: 'payload', payload: 'STOP' }],
            },
          ],
        },
      },
      quickReplies: [{ text: 'Stop promotions', payload: 'STOP' }],
    })
    await drain(clock)
    expect(sent).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          type: 'interactive',
          interactive: {
            type: 'list_reply',
            list_reply: { id: 'r1', title: 'Row 1', description: 'd' },
          },
        }),
        expect.objectContaining({
          type: 'button',
          button: { text: 'Stop promotions', payload: 'STOP' },
          context: { id: 'wamid.out.emily-us.2' },
        }),
      ]),
    )
  })

  it('a reacting persona reacts to the business message', async () => {
    const { clock, sent, customers } = setup()
    for (let n = 0; n < 10; n++) customers.onBusinessMessage(textTo('tunde-ng', n))
    await drain(clock)
    expect(sent.length).toBeGreaterThan(0)
    for (const body of sent) {
      expect(body.type).toBe('reaction')
      expect((body as { reaction: { message_id: string } }).reaction.message_id).toMatch(
        /^wamid\.out\.tunde-ng\./,
      )
    }
  })

  it('a media persona answers with images or voice notes', async () => {
    const { clock, sent, customers } = setup()
    for (let n = 0; n < 10; n++) customers.onBusinessMessage(textTo('priya-in', n))
    await drain(clock)
    expect(sent.length).toBeGreaterThan(0)
    for (const body of sent) expect(['image', 'audio']).toContain(body.type)
  })

  it('ignores reactions from the business and messages to unknown numbers', async () => {
    const { clock, actions, customers } = setup()
    customers.onBusinessMessage({ ...textTo('ana-br'), type: 'reaction' })
    customers.onBusinessMessage({ ...textTo('ana-br'), recipientWaId: '10000000000' })
    await drain(clock)
    expect(actions).toEqual([])
  })

  it.each(START_TYPES)('starts a %s conversation that builds a valid webhook', async (type) => {
    const { sent, customers } = setup()
    const wamid = await customers.startConversation(PHONE, 'ana-br', type)
    expect(wamid).toBe('wamid.in.1')
    expect(sent[0]).toMatchObject({
      type,
      from: persona('ana-br').waId,
      phone_number_id: PHONE,
      profile_name: 'Ana Souza',
    })
    const parsed = parseInboundInput(sent[0])
    if (!parsed.ok) throw new Error(parsed.error)
    const { message } = buildInboundEntry(
      { wabaId: 'w', phoneNumberId: PHONE, displayPhoneNumber: '15550783881' },
      parsed.input,
      { clock: { unixSeconds: () => '1' } },
    )
    expect(message.type).toBe(type)
  })

  it('starts a conversation from an ad with a referral, and rejects unknown personas', async () => {
    const { sent, customers } = setup()
    await customers.startConversation(PHONE, 'emily-us', 'text', { viaAd: true })
    expect(sent[0]).toHaveProperty('referral')
    await expect(customers.startConversation(PHONE, 'nobody')).rejects.toThrow(/Unknown persona/)
  })

  it('close() cancels pending reads and replies', async () => {
    const { clock, actions, customers } = setup()
    customers.onBusinessMessage(textTo('ana-br'))
    customers.close()
    await drain(clock)
    expect(actions).toEqual([])
  })
})
