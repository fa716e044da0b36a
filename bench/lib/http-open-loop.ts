import { connect, type Socket } from 'node:net'
import { setTimeout as sleep } from 'node:timers/promises'

/**
 * An open-loop HTTP/1.1 load generator on plain sockets (like wrk2, which Debian does not ship):
 * request i is due at start + i / rate whatever happened to the others, and its latency counts from
 * when it was due — a slow server shows up as latency instead of quietly lowering the rate (no
 * coordinated omission). The requests are pre-built bytes written to keep-alive connections, one
 * request in flight per connection, so the generator's own cost per request is a write and a
 * header scan; an HTTP client library costs several times that, and on two cores the generator's
 * CPU is taken from the server it measures.
 *
 * The first `warmupS` seconds run at the same rate and are not counted (the server's JIT and
 * caches warm up, as they would be in production).
 */
export interface HttpOpenLoopOptions {
  /** http://host:port */
  origin: string
  rate: number
  durationS: number
  warmupS?: number
  connections?: number
  /** The whole request (request line, headers, body) for request i. */
  request: (i: number) => Buffer
}

export interface HttpOpenLoopResult {
  /** When each counted request was due and when its response ended (performance.now() ms). */
  due: Float64Array
  done: Float64Array
  /** Index of the first counted request (those before it were the warm-up). */
  firstCounted: number
  /** Responses other than 200, and connections lost with a request in flight (counted requests). */
  failures: number
  /** Connections the server closed during the run (each replaced by a new one). */
  connectionsClosed: number
  /** Counted requests completed per second. */
  achievedRate: number
  /** due − done latencies of the counted requests that succeeded, in ms. */
  latencies: number[]
}

/** The request bytes for a POST with a body (Content-Length set, keep-alive). */
export function postRequest(
  origin: string,
  path: string,
  headers: Record<string, string>,
  body: string | Buffer,
): Buffer {
  const bytes = typeof body === 'string' ? Buffer.from(body) : body
  const lines = [`POST ${path} HTTP/1.1`, `Host: ${new URL(origin).host}`]
  for (const [name, value] of Object.entries(headers)) lines.push(`${name}: ${value}`)
  lines.push(`Content-Length: ${bytes.length}`, '', '')
  return Buffer.concat([Buffer.from(lines.join('\r\n')), bytes])
}

interface Connection {
  socket: Socket
  buffer: Buffer
  /** The request in flight on this connection, or -1. */
  current: number
}

const HEADER_END = Buffer.from('\r\n\r\n')
const LAST_CHUNK = Buffer.from('\r\n0\r\n\r\n')

export async function httpOpenLoop(options: HttpOpenLoopOptions): Promise<HttpOpenLoopResult> {
  const { rate, durationS } = options
  const warmup = Math.round(rate * (options.warmupS ?? 2))
  const total = warmup + Math.round(rate * durationS)
  const due = new Float64Array(total)
  const done = new Float64Array(total).fill(Number.NaN)
  let failures = 0
  let completed = 0
  const url = new URL(options.origin)
  const idle: Connection[] = []
  const waiting: number[] = []
  let finish!: () => void
  const finished = new Promise<void>((resolve) => (finish = resolve))

  const settle = (connection: Connection, ok: boolean) => {
    const i = connection.current
    connection.current = -1
    if (ok) done[i] = performance.now()
    else if (i >= warmup) failures++
    if (++completed === total) finish()
  }
  const send = (connection: Connection, i: number) => {
    connection.current = i
    connection.socket.write(options.request(i))
  }
  const release = (connection: Connection) => {
    const next = waiting.shift()
    if (next === undefined) idle.push(connection)
    else send(connection, next)
  }
  const onData = (connection: Connection, chunk: Buffer) => {
    connection.buffer =
      connection.buffer.length === 0 ? chunk : Buffer.concat([connection.buffer, chunk])
    for (;;) {
      const end = connection.buffer.indexOf(HEADER_END)
      if (end < 0 || connection.current < 0) return
      const head = connection.buffer.subarray(0, end).toString('latin1')
      let size: number
      if (/\r\ntransfer-encoding:\s*chunked/i.test(head)) {
        // Small answers only: the body ends at the zero-length chunk.
        const last = connection.buffer.indexOf(LAST_CHUNK, end + HEADER_END.length - 2)
        if (last < 0) return
        size = last + LAST_CHUNK.length
      } else {
        const length = Number(/\r\ncontent-length:\s*(\d+)/i.exec(head)?.[1] ?? 0)
        size = end + HEADER_END.length + length
        if (connection.buffer.length < size) return
      }
      connection.buffer = connection.buffer.subarray(size)
      settle(connection, head.startsWith('HTTP/1.1 200'))
      release(connection)
    }
  }

  const open = () =>
    new Promise<Connection>((resolve, reject) => {
      const connection: Connection = {
        socket: connect(Number(url.port), url.hostname, () => {
          socket.off('error', reject)
          // A reset connection shows as 'close' below, which counts its request as failed.
          socket.on('error', () => undefined)
          resolve(connection)
        }),
        buffer: Buffer.alloc(0),
        current: -1,
      }
      const socket = connection.socket
      socket.setNoDelay(true)
      socket.once('error', reject)
      socket.on('data', (chunk: Buffer) => onData(connection, chunk))
      socket.on('close', () => {
        closed++
        live.delete(connection)
        const at = idle.indexOf(connection)
        if (at >= 0) idle.splice(at, 1)
        if (connection.current >= 0) settle(connection, false)
        // The server may close idle keep-alive connections; keep the pool at its size.
        if (completed < total)
          void open().then((fresh) => {
            live.add(fresh)
            release(fresh)
          }, finishWithError)
      })
    })
  const live = new Set<Connection>()
  let closed = 0
  let failed: unknown = null
  const finishWithError = (error: unknown) => {
    failed = error
    finish()
  }
  for (const connection of await Promise.all(
    Array.from({ length: options.connections ?? 64 }, open),
  )) {
    live.add(connection)
    idle.push(connection)
  }

  const start = performance.now()
  for (let i = 0; i < total;) {
    const now = performance.now()
    while (i < total && start + (i * 1000) / rate <= now) {
      const index = i++
      due[index] = start + (index * 1000) / rate
      const connection = idle.shift()
      if (connection) send(connection, index)
      else waiting.push(index)
    }
    if (i < total) await sleep(Math.max(0, start + (i * 1000) / rate - performance.now()))
  }
  await finished
  for (const connection of live) connection.socket.destroy()
  if (failed) throw failed

  const latencies: number[] = []
  let last = 0
  for (let i = warmup; i < total; i++) {
    if (Number.isNaN(done[i])) continue
    latencies.push(done[i]! - due[i]!)
    last = Math.max(last, done[i]!)
  }
  const countedStart = start + (warmup * 1000) / rate
  return {
    due,
    done,
    firstCounted: warmup,
    connectionsClosed: closed,
    failures,
    achievedRate: latencies.length / ((last - countedStart) / 1000),
    latencies,
  }
}
