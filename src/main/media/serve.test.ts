import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { send } from '@server-kit/testing/http'
import { createCoreEvents } from '../core-events'
import { createAppProtocolHandler } from '../electron/protocol'
import { createLogger } from '../logger'
import { createRouter } from '../router'
import { startWebServer, type WebServer } from '../server/web-server'
import { openDatabase, type Db } from '../store/database'
import { stubHandlers } from '../test-support/stub-handlers'
import { tempDir } from '../test-support/temp-dir'
import { storeMediaFile } from './files'
import { insertUploaded } from './repo'
import { createMediaService } from './service'

const get = (port: number, path: string, headers: Record<string, string> = {}) =>
  send(`http://127.0.0.1:${port}${path}`, { headers })

describe('stored media served to the renderer (browser mode and app://)', () => {
  const dir = tempDir('wapc-media-')
  const log = createLogger({ level: 'error', console: false })
  let db: Db
  let server: WebServer
  let cookie: string
  const files: Record<string, { sha: string; bytes: Buffer }> = {}

  beforeAll(async () => {
    db = openDatabase({ file: join(dir.path, 'wapc.sqlite3') }).db
    const add = (mediaId: string, mimeType: string, filename: string, bytes: Buffer) => {
      const stored = storeMediaFile(dir.path, bytes)
      insertUploaded(db, { mediaId, mimeType, filename, ...stored, size: bytes.length }, 1)
      files[mediaId] = { sha: stored.sha256, bytes }
    }
    add('1', 'image/png', 'photo.png', Buffer.from('png bytes'))
    add('2', 'application/pdf', 'Fatura março "final".pdf', Buffer.from('%PDF-1.4 pdf bytes'))
    add('3', 'image/svg+xml', 'x.svg', Buffer.from('<svg onload="alert(1)"/>'))
    const media = createMediaService({
      db,
      dataDir: dir.path,
      graph: {} as never,
      log,
      now: Date.now,
    })
    server = await startWebServer({
      router: createRouter(stubHandlers(), log),
      events: createCoreEvents(log),
      log,
      staticDir: join(dir.path, 'renderer'),
      port: 0,
      media: media.read,
    })
    const token = new URL(server.url).searchParams.get('token')!
    const exchange = await get(server.port, `/?token=${token}`)
    cookie = String(exchange.headers['set-cookie']).split(';')[0]!
  })
  afterAll(async () => {
    await server?.close()
    db?.close()
    dir.cleanup()
  })

  it('serves an image inline to the session, never sniffed, under a CSP that runs nothing', async () => {
    const reply = await get(server.port, `/media/${files['1']!.sha}`, { cookie })
    expect(reply.status).toBe(200)
    expect(reply.body).toEqual(files['1']!.bytes)
    expect(reply.headers).toMatchObject({
      'content-type': 'image/png',
      'x-content-type-options': 'nosniff',
      'content-disposition': 'inline; filename="photo.png"; filename*=UTF-8\'\'photo.png',
      'content-security-policy': "default-src 'none'; sandbox",
    })
  })

  it('makes documents and anything a browser could run a download, with the exact file name', async () => {
    const pdf = await get(server.port, `/media/${files['2']!.sha}`, { cookie })
    expect(pdf.headers['content-disposition']).toBe(
      `attachment; filename="Fatura mar_o _final_.pdf"; filename*=UTF-8''${encodeURIComponent('Fatura março "final".pdf')}`,
    )
    const svg = await get(server.port, `/media/${files['3']!.sha}`, { cookie })
    expect(svg.headers['content-disposition']).toMatch(/^attachment/)
  })

  it('refuses anyone without the session, and names that are not a stored hash', async () => {
    expect((await get(server.port, `/media/${files['1']!.sha}`)).status).toBe(401)
    for (const path of [
      '/media/../wapc.sqlite3',
      `/media/${files['1']!.sha.toUpperCase()}`,
      `/media/${'0'.repeat(64)}`,
      '/media/',
    ])
      expect((await get(server.port, path, { cookie })).status, path).toBe(404)
  })

  it('answers app://wapc/media/<sha256> the same way in Electron', async () => {
    const media = createMediaService({
      db,
      dataDir: dir.path,
      graph: {} as never,
      log,
      now: Date.now,
    })
    const handle = createAppProtocolHandler({ root: join(dir.path, 'renderer'), media: media.read })
    const ok = await handle(new Request(`app://wapc/media/${files['1']!.sha}`))
    expect(ok.status).toBe(200)
    expect(Buffer.from(await ok.arrayBuffer())).toEqual(files['1']!.bytes)
    expect(ok.headers.get('x-content-type-options')).toBe('nosniff')
    expect(ok.headers.get('content-type')).toBe('image/png')
    expect((await handle(new Request('app://wapc/media/..%2Fwapc.sqlite3'))).status).toBe(404)
  })
})
