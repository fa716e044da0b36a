import { describe, expect, it } from 'vitest'
import inbound from '@shared/whatsapp/fixtures/inbound-messages.json' with { type: 'json' }
import statuses from '@shared/whatsapp/fixtures/statuses.json' with { type: 'json' }
import { dedupeKeys } from './dedupe-keys'

describe('dedupe keys of a webhook body', () => {
  it("names an inbound message by its wamid (Meta's text message fixture)", () => {
    const body = JSON.stringify(inbound.text)
    const wamid = inbound.text.entry[0]!.changes[0]!.value.messages[0]!.id
    expect(dedupeKeys(body)).toEqual([`message:${wamid}`])
  })

  it('names a status by wamid and status, so sent and delivered of one message differ', () => {
    const sent = dedupeKeys(JSON.stringify(statuses.sent_template_marketing))
    const delivered = dedupeKeys(JSON.stringify(statuses.delivered_template_marketing))
    expect(sent).toHaveLength(1)
    expect(sent[0]).toMatch(/^status:wamid\..+:sent$/)
    expect(delivered[0]).toMatch(/:delivered$/)
    expect(sent[0]!.replace(/:sent$/, '')).toBe(delivered[0]!.replace(/:delivered$/, ''))
  })

  it('collects every message and status of a batched body, across entries and changes', () => {
    const body = JSON.stringify({
      object: 'whatsapp_business_account',
      entry: [
        {
          changes: [
            { value: { messages: [{ id: 'wamid.1' }, { id: 'wamid.2' }] } },
            { value: { statuses: [{ id: 'wamid.3', status: 'read' }] } },
          ],
        },
        { changes: [{ value: { messages: [{ id: 'wamid.4' }] } }] },
      ],
    })
    expect(dedupeKeys(body)).toEqual([
      'message:wamid.1',
      'message:wamid.2',
      'status:wamid.3:read',
      'message:wamid.4',
    ])
  })

  it('finds nothing in bodies without messages or statuses, or that are not JSON', () => {
    expect(
      dedupeKeys(
        '{"object":"whatsapp_business_account","entry":[{"changes":[{"field":"account_update","value":{}}]}]}',
      ),
    ).toEqual([])
    expect(dedupeKeys('not json')).toEqual([])
    expect(dedupeKeys('{"entry":"x"}')).toEqual([])
    expect(dedupeKeys('{"entry":[{"changes":[{"value":{"messages":[{"id":5},{}]}}]}]}')).toEqual([])
  })
})
