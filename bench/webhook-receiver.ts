// A partner's webhook endpoint for the benchmark, in its own process: verifies X-Hub-Signature-256
// over the raw bytes, answers Meta's GET handshake, and counts statuses by kind. GET /stats reports.
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { verifySignature } from '@server-kit/crypto/webhook-signature'

const appSecret = process.env.APP_SECRET ?? ''
const verifyToken = process.env.VERIFY_TOKEN ?? ''
const counts = {
  posts: 0,
  badSignatures: 0,
  statuses: {} as Record<string, number>,
  firstAt: 0,
  lastAt: 0,
}

const server = createServer((req, res) => {
  const url = new URL(req.url ?? '/', 'http://x')
  if (req.method === 'GET' && url.pathname === '/stats') {
    res.writeHead(200, { 'content-type': 'application/json' })
    return res.end(JSON.stringify(counts))
  }
  if (req.method === 'GET') {
    const ok = url.searchParams.get('hub.verify_token') === verifyToken
    res.writeHead(ok ? 200 : 403)
    return res.end(ok ? (url.searchParams.get('hub.challenge') ?? '') : '')
  }
  const chunks: Buffer[] = []
  req.on('data', (chunk: Buffer) => chunks.push(chunk))
  req.on('end', () => {
    const raw = Buffer.concat(chunks)
    counts.posts++
    if (!verifySignature(raw, req.headers['x-hub-signature-256'], appSecret)) {
      counts.badSignatures++
      res.writeHead(401)
      return res.end()
    }
    const body = JSON.parse(raw.toString()) as {
      entry: { changes: { value: { statuses?: { status: string }[] } }[] }[]
    }
    for (const entry of body.entry) {
      for (const change of entry.changes) {
        for (const status of change.value.statuses ?? [])
          counts.statuses[status.status] = (counts.statuses[status.status] ?? 0) + 1
      }
    }
    const now = Date.now()
    counts.firstAt ||= now
    counts.lastAt = now
    res.writeHead(200)
    res.end()
  })
})
server.keepAliveTimeout = 65_000
server.listen(0, '127.0.0.1', () => {
  process.stdout.write(
    `RECEIVER_URL=http://127.0.0.1:${(server.address() as AddressInfo).port}/webhook\n`,
  )
})
process.on('SIGTERM', () => server.close(() => process.exit(0)))
