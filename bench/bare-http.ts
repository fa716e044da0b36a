// The baseline of the relay ingest bench: a node:http server that reads the body and answers 200,
// storing nothing and checking nothing.
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'

const server = createServer((req, res) => {
  req.resume()
  req.on('end', () => {
    res.writeHead(200, { 'content-type': 'text/plain', 'content-length': 2 })
    res.end('OK')
  })
})
server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`BARE_URL=http://127.0.0.1:${(server.address() as AddressInfo).port}\n`)
})
process.on('SIGTERM', () => server.close(() => process.exit(0)))
