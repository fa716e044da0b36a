import { afterEach, describe, expect, it } from 'vitest'
import { request } from 'undici'
import { startWebhookReceiver, type WebhookReceiver } from './receiver'
import { sign } from '@server-kit/crypto/webhook-signature'

let receiver: WebhookReceiver | null = null
afterEach(async () => {
  await receiver?.close()
  receiver = null
})

describe('webhook receiver (test and benchmark endpoint)', () => {
  it('answers the verification handshake only with the right verify token', async () => {
    receiver = await startWebhookReceiver({ appSecret: 's', verifyToken: 'vt' })
    const good = await request(
      `${receiver.url}?hub.mode=subscribe&hub.challenge=1158201444&hub.verify_token=vt`,
    )
    expect(good.statusCode).toBe(200)
    expect(await good.body.text()).toBe('1158201444')
    const bad = await request(
      `${receiver.url}?hub.mode=subscribe&hub.challenge=1&hub.verify_token=no`,
    )
    expect(bad.statusCode).toBe(403)
    await bad.body.dump()
  })

  it('records every handshake and can be told to fail it (wrong body, 403)', async () => {
    const query = 'hub.mode=subscribe&hub.challenge=42&hub.verify_token=vt'
    const answers: [number, string][] = []
    for (const handshake of ['ok', 'wrong-body', 'forbidden'] as const) {
      receiver = await startWebhookReceiver({ appSecret: 's', verifyToken: () => 'vt', handshake })
      const response = await request(`${receiver.url}?${query}`)
      answers.push([response.statusCode, await response.body.text()])
      expect(receiver.handshakes.map((q) => q.get('hub.challenge'))).toEqual(['42'])
      await receiver.close()
      receiver = null
    }
    expect(answers).toEqual([
      [200, '42'],
      [200, 'hello'],
      [403, 'forbidden'],
    ])
  })

  it('flattens the changes of every POST with their entry id and time', async () => {
    receiver = await startWebhookReceiver({ appSecret: 'secret' })
    const body = JSON.stringify({
      object: 'whatsapp_business_account',
      entry: [
        { id: 'a', time: 7, changes: [{ field: 'x', value: { n: 1 } }] },
        { id: 'b', changes: [{ field: 'y', value: { n: 2 } }] },
      ],
    })
    const post = await request(receiver.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-hub-signature-256': sign(body, 'secret') },
      body,
    })
    await post.body.dump()
    expect(receiver.changes()).toEqual([
      { entryId: 'a', field: 'x', value: { n: 1 }, time: 7 },
      { entryId: 'b', field: 'y', value: { n: 2 } },
    ])
  })

  it('acknowledges correctly signed POSTs with 200 and others with 401', async () => {
    receiver = await startWebhookReceiver({ appSecret: 'secret' })
    const body =
      '{"object":"whatsapp_business_account","entry":[{"id":"1","changes":[{"value":{},"field":"x"}]}]}'
    const post = (signature: string) =>
      request(receiver!.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-hub-signature-256': signature },
        body,
      })
    const ok = await post(sign(body, 'secret'))
    expect(ok.statusCode).toBe(200)
    await ok.body.dump()
    const forged = await post(sign(body, 'other'))
    expect(forged.statusCode).toBe(401)
    await forged.body.dump()
    expect(receiver.received.map((r) => r.signatureValid)).toEqual([true, false])
    expect(receiver.changeCount()).toBe(2)
  })
})
