import { deflateSync } from 'node:zlib'
import { request } from 'undici'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { failure } from '../test-support/failure'
import { startGraphHarness, type GraphHarness } from '../test-support/graph-harness'

/** A real 1×1 PNG, so the sandbox's magic-number check sees an image. */
function tinyPng(): Uint8Array {
  const crc = (bytes: Buffer) => {
    let c = ~0
    for (const b of bytes) {
      c ^= b
      for (let k = 0; k < 8; k++) c = (c >>> 1) ^ (0xedb88320 & -(c & 1))
    }
    return ~c >>> 0
  }
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type), data])
    const out = Buffer.alloc(12 + data.length)
    out.writeUInt32BE(data.length, 0)
    body.copy(out, 4)
    out.writeUInt32BE(crc(body), 8 + data.length)
    return out
  }
  const ihdr = Buffer.from([0, 0, 0, 1, 0, 0, 0, 1, 8, 2, 0, 0, 0])
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(Buffer.from([0, 255, 0, 0]))),
    chunk('IEND', Buffer.alloc(0)),
  ])
}

describe('Graph client × sandbox: media and templates', () => {
  let h: GraphHarness
  beforeAll(
    async () =>
      (h = await startGraphHarness({
        seed: { time_scale: 0.001, template_review_delay_ms: 1000 },
      })),
  )
  afterAll(async () => h?.stop())

  it('uploads media, looks it up, downloads it with the token, and deletes it', async () => {
    const c = await h.onboard()
    const png = tinyPng()
    const { id } = await h.graph.media.upload(c.wabaId, c.phoneId, {
      bytes: png,
      mimeType: 'image/png',
      filename: 'dot.png',
    })
    const info = await h.graph.media.info(c.wabaId, id)
    expect(info).toMatchObject({ id, mime_type: 'image/png', file_size: png.byteLength })
    const download = await h.graph.media.download(c.wabaId, info.url)
    expect(Buffer.compare(download.bytes, Buffer.from(png))).toBe(0)
    expect(download.contentType).toMatch(/image\/png/)
    // Meta refuses the URL without the Bearer token.
    expect((await request(info.url)).statusCode).toBe(401)
    expect(await h.graph.media.delete(c.wabaId, id)).toMatchObject({ success: true })
    await failure(h.graph.media.info(c.wabaId, id))
  })

  it('stops serving a media URL after 5 minutes', async () => {
    const c = await h.onboard()
    const { id } = await h.graph.media.upload(c.wabaId, c.phoneId, {
      bytes: tinyPng(),
      mimeType: 'image/png',
      filename: 'dot.png',
    })
    const info = await h.graph.media.info(c.wabaId, id)
    await h.control('POST', 'clock', { advance_seconds: 301 })
    const expired = await failure(h.graph.media.download(c.wabaId, info.url))
    expect(expired.details).toMatchObject({ httpStatus: 404, endpoint: 'media_download' })
    // A fresh lookup gives a new, working URL.
    const again = await h.graph.media.info(c.wabaId, id)
    expect((await h.graph.media.download(c.wabaId, again.url)).bytes.byteLength).toBeGreaterThan(0)
  })

  it('refuses a file whose content does not match its type with 131053', async () => {
    const c = await h.onboard()
    const error = await failure(
      h.graph.media.upload(c.wabaId, c.phoneId, {
        bytes: Buffer.from('not a png at all'),
        mimeType: 'image/png',
        filename: 'x.png',
      }),
    )
    expect(error.details).toMatchObject({ graphCode: 131053 })
  })

  it('creates a template that goes PENDING → APPROVED, lists it, and deletes it', async () => {
    const c = await h.onboard()
    const created = await h.graph.templates.create(c.wabaId, {
      name: 'appointment_reminder',
      language: 'en_US',
      category: 'utility',
      components: [
        { type: 'BODY', text: 'See you on {{1}}.', example: { body_text: [['Monday']] } },
      ],
    })
    expect(created).toMatchObject({ status: 'PENDING', category: 'UTILITY' })
    let status = 'PENDING'
    for (let i = 0; i < 100 && status === 'PENDING'; i++) {
      await new Promise((r) => setTimeout(r, 20))
      status =
        (await h.graph.templates.listAll(c.wabaId)).find((t) => t.id === created.id)?.status ??
        'missing'
    }
    expect(status).toBe('APPROVED')
    const duplicate = await failure(
      h.graph.templates.create(c.wabaId, {
        name: 'appointment_reminder',
        language: 'en_US',
        category: 'utility',
        components: [{ type: 'BODY', text: 'Another body.' }],
      }),
    )
    expect(duplicate).toMatchObject({ code: 'GRAPH', retryable: false })
    expect(
      await h.graph.templates.delete(c.wabaId, { name: 'appointment_reminder' }),
    ).toMatchObject({ success: true })
    expect(
      (await h.graph.templates.listAll(c.wabaId)).find((t) => t.id === created.id),
    ).toBeUndefined()
  })

  it('follows paging cursors to list every template', async () => {
    const c = await h.onboard()
    for (let i = 0; i < 105; i++) {
      await h.graph.templates.create(c.wabaId, {
        name: `bulk_template_${i}`,
        language: 'en_US',
        category: 'marketing',
        components: [{ type: 'BODY', text: `Offer number ${i}` }],
      })
    }
    const first = await h.graph.templates.page(c.wabaId)
    expect(first.data.length).toBeLessThan(105)
    expect((await h.graph.templates.listAll(c.wabaId)).length).toBe(105)
  })
})
