import { describe, expect, it } from 'vitest'
import inbound from './fixtures/inbound-messages.json'
import statuses from './fixtures/statuses.json'
import management from './fixtures/management.json'
import echoes from './fixtures/message-echoes.json'
import { normaliseWebhook, type NormalisedUpdate } from './normalise'

/**
 * Batches, input this code does not model, and input that is not what Meta documents: nothing
 * throws, nothing is dropped, the raw JSON is kept with a reason.
 */

const METADATA = { display_phone_number: '15550783881', phone_number_id: '106540352242922' }
const wamid = (n: number) => `wamid.batch.${n}`

/** `entries` × `changes` × `items`, alternating inbound messages and statuses per change. */
function batch(entries: number, changes: number, items: number) {
  let n = 0
  return {
    object: 'whatsapp_business_account',
    entry: Array.from({ length: entries }, (_e, e) => ({
      id: `waba-${e}`,
      changes: Array.from({ length: changes }, (_c, c) => {
        const list = Array.from({ length: items }, () => n++)
        const value =
          c % 2 === 0
            ? {
                messages: list.map((i) => ({
                  from: '16315551181',
                  id: wamid(i),
                  timestamp: String(1750000000 + i),
                  type: 'text',
                  text: { body: `message ${i}` },
                })),
              }
            : {
                statuses: list.map((i) => ({
                  id: wamid(i),
                  status: 'delivered',
                  timestamp: String(1750000000 + i),
                  recipient_id: '16315551181',
                })),
              }
        return {
          field: 'messages',
          value: { messaging_product: 'whatsapp', metadata: METADATA, ...value },
        }
      }),
    })),
  }
}

const ids = (updates: NormalisedUpdate[]) =>
  updates.map((u) => (u.kind === 'message' || u.kind === 'status' ? u.wamid : u.kind))

describe('batches', () => {
  it('a 1,000-update POST (10 entries × 10 changes × 10 items) gives 1,000 updates in order', () => {
    const updates = normaliseWebhook(batch(10, 10, 10))
    expect(updates).toHaveLength(1000)
    expect(ids(updates)).toEqual(Array.from({ length: 1000 }, (_v, i) => wamid(i)))
    expect(updates.filter((u) => u.issues.length > 0)).toEqual([])
    expect(updates[999]!.at).toMatchObject({ entryId: 'waba-9', changeIndex: 9, itemIndex: 9 })
  })

  it('mixed fields in one body: every change of every entry', () => {
    const body = {
      object: 'whatsapp_business_account',
      entry: [
        statuses.batch,
        management.template_approved,
        echoes.echo_batch,
        inbound.order,
      ].flatMap((b): unknown[] => b.entry),
    }
    expect(normaliseWebhook(body).map((u) => u.kind)).toEqual([
      'status',
      'status',
      'status',
      'template_status',
      'message_echo',
      'message_echo',
      'message',
    ])
  })
})

describe('input this code does not model is kept raw', () => {
  it('an unknown field, with its value and a reason', () => {
    const value = { messaging_product: 'whatsapp', metadata: METADATA, history: [{ threads: [] }] }
    const [update] = normaliseWebhook({
      object: 'whatsapp_business_account',
      entry: [{ id: 'w', changes: [{ field: 'history', value }] }],
    })
    expect(update).toMatchObject({ kind: 'unknown', reason: 'field history', wabaId: 'w' })
    expect(update!.raw).toBe(value)
  })

  it('unknown keys and an unknown status value stay in raw; the status is flagged', () => {
    const body = structuredClone(statuses.read_template_marketing) as {
      entry: { changes: { value: { statuses: Record<string, unknown>[] } }[] }[]
    }
    const status = body.entry[0]!.changes[0]!.value.statuses[0]!
    status.status = 'deleted'
    status.brand_new = { nested: [1, 2] }
    const [update] = normaliseWebhook(body)
    expect(update).toMatchObject({ kind: 'status', status: 'deleted', knownStatus: false })
    expect((update!.raw as Record<string, unknown>).brand_new).toEqual({ nested: [1, 2] })
    expect(update!.issues.join()).toMatch(/status/)
  })

  it('another object type is one unknown update holding the whole body', () => {
    const body = { object: 'instagram', entry: [{ id: '1', changes: [] }] }
    expect(normaliseWebhook(body)).toEqual([
      expect.objectContaining({
        kind: 'unknown',
        raw: body,
        reason: expect.stringMatching(/instagram/),
      }),
    ])
  })

  it('a messages change with nothing in it is shown, not dropped', () => {
    const [update] = normaliseWebhook({
      object: 'whatsapp_business_account',
      entry: [
        {
          id: 'w',
          changes: [
            { field: 'messages', value: { messaging_product: 'whatsapp', metadata: METADATA } },
          ],
        },
      ],
    })
    expect(update).toMatchObject({ kind: 'unknown', reason: expect.stringMatching(/no messages/) })
  })
})

describe('malformed input never throws and loses nothing', () => {
  const wrap = (changes: unknown) => ({
    object: 'whatsapp_business_account',
    entry: [{ id: 'w', changes }],
  })
  const cases: [string, unknown, string[]][] = [
    ['undefined', undefined, ['malformed']],
    ['null', null, ['malformed']],
    ['a number', 42, ['malformed']],
    ['text that is not JSON', '{"object":', ['malformed']],
    ['a list', [], ['malformed']],
    ['no entry list', { object: 'whatsapp_business_account', entry: {} }, ['malformed']],
    ['no entries', { object: 'whatsapp_business_account', entry: [] }, ['unknown']],
    [
      'entries that are not objects or lack changes',
      {
        object: 'whatsapp_business_account',
        entry: [null, 7, { id: 'w' }, { id: 'w', changes: [] }],
      },
      ['malformed', 'malformed', 'malformed', 'unknown'],
    ],
    [
      'a change without a field',
      wrap([null, { value: {} }, { field: 3 }]),
      ['malformed', 'malformed', 'malformed'],
    ],
    ['a value that is not an object', wrap([{ field: 'messages', value: 'x' }]), ['malformed']],
    [
      'lists that are not lists',
      wrap([{ field: 'messages', value: { messages: 'x', statuses: {} } }]),
      ['malformed', 'malformed'],
    ],
    [
      'items without ids',
      wrap([
        { field: 'messages', value: { messages: [{}], statuses: [{ id: 'x' }], errors: [null] } },
      ]),
      ['malformed', 'malformed', 'value_error'],
    ],
    [
      'an echo without an id',
      wrap([{ field: 'smb_message_echoes', value: { message_echoes: [7] } }]),
      ['malformed'],
    ],
  ]
  it.each(cases)('%s', (_name, body, kinds) => {
    const updates = normaliseWebhook(body)
    expect(updates.map((u) => u.kind)).toEqual(kinds)
    for (const u of updates) {
      if (u.kind === 'malformed' || u.kind === 'unknown') expect(u.reason.length).toBeGreaterThan(0)
    }
  })

  it('a message with bad fields is still a message, with the problems listed', () => {
    const body = structuredClone(inbound.location) as {
      entry: { changes: { value: { messages: Record<string, unknown>[] } }[] }[]
    }
    const message = body.entry[0]!.changes[0]!.value.messages[0]!
    message.timestamp = 'yesterday'
    ;(message.location as Record<string, unknown>).latitude = '37.48'
    const [update] = normaliseWebhook(body)
    expect(update).toMatchObject({
      kind: 'message',
      timestampMs: null,
      location: { latitude: 37.48 },
    })
    expect(update!.issues.length).toBeGreaterThanOrEqual(2)
  })

  it('survives random damage to every fixture (seeded)', () => {
    let seed = 20240601
    const random = () => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0
      return seed / 2 ** 32
    }
    const junk = [null, 0, -1, 'x', '', true, [], {}, [null], { id: 5 }, Number.NaN]
    const fixtures = Object.values({ ...inbound, ...statuses, ...management, ...echoes })
    let runs = 0
    for (const fixture of fixtures) {
      for (let round = 0; round < 40; round++) {
        const body = structuredClone(fixture) as unknown
        const slots: { parent: Record<string, unknown>; key: string }[] = []
        const walk = (node: unknown) => {
          if (node === null || typeof node !== 'object') return
          for (const [key, child] of Object.entries(node)) {
            slots.push({ parent: node as Record<string, unknown>, key })
            walk(child)
          }
        }
        walk(body)
        const slot = slots[Math.floor(random() * slots.length)]!
        slot.parent[slot.key] = junk[Math.floor(random() * junk.length)]
        const updates = normaliseWebhook(body)
        expect(updates.length).toBeGreaterThan(0)
        runs++
      }
    }
    expect(runs).toBe(fixtures.length * 40)
  })
})
