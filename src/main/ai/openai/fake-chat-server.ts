// A local OpenAI-compatible chat completions server for tests: real HTTP and server-sent events
// (https://platform.openai.com/docs/api-reference/chat-streaming), answering each request with
// the next scripted behaviour — a streamed answer, an error status, a slow first byte, a stream
// that stalls, a connection cut mid-stream, or a malformed chunk.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo, Socket } from 'node:net'

export type FakeBehaviour =
  | {
      kind: 'answer'
      /** The assistant's text, sent in `chunks` pieces. */
      content: string
      chunks?: number
      model?: string
      finishReason?: 'stop' | 'length'
    }
  | { kind: 'status'; status: number; body?: unknown; headers?: Record<string, string> }
  /** Waits before sending anything (not even headers). */
  | { kind: 'slow-first-byte'; delayMs: number; then?: FakeBehaviour }
  /** Sends `chunks` chunks of the content, then nothing more (the socket stays open). */
  | { kind: 'stall'; content: string; chunks: number }
  /** Sends part of the content, then destroys the socket. */
  | { kind: 'cut'; content: string }
  /** Sends a chunk whose data is not JSON. */
  | { kind: 'malformed' }

export interface RecordedRequest {
  method: string
  path: string
  headers: IncomingMessage['headers']
  body: Record<string, unknown>
}

export interface FakeChatServer {
  /** The base URL to configure (`…/v1`). */
  baseUrl: string
  requests: RecordedRequest[]
  /** Queues behaviours for the next requests; when empty, requests get 500 "nothing scripted". */
  script(...behaviours: FakeBehaviour[]): void
  close(): Promise<void>
}

const chunk = (id: string, model: string, delta: object, finish: string | null = null) =>
  `data: ${JSON.stringify({
    id,
    object: 'chat.completion.chunk',
    created: 1_767_000_000,
    model,
    choices: [{ index: 0, delta, finish_reason: finish }],
  })}\n\n`

const pieces = (text: string, count: number) => {
  const size = Math.max(1, Math.ceil(text.length / Math.max(1, count)))
  const out: string[] = []
  for (let i = 0; i < text.length; i += size) out.push(text.slice(i, i + size))
  return out.length > 0 ? out : ['']
}

const startStream = (res: ServerResponse) =>
  res.writeHead(200, {
    'content-type': 'text/event-stream',
    'cache-control': 'no-cache',
    connection: 'keep-alive',
  })

async function respond(behaviour: FakeBehaviour, res: ServerResponse): Promise<void> {
  const id = 'chatcmpl-fake'
  switch (behaviour.kind) {
    case 'answer': {
      const model = behaviour.model ?? 'fake-model'
      startStream(res)
      res.write(chunk(id, model, { role: 'assistant', content: '' }))
      for (const piece of pieces(behaviour.content, behaviour.chunks ?? 3))
        res.write(chunk(id, model, { content: piece }))
      res.write(chunk(id, model, {}, behaviour.finishReason ?? 'stop'))
      res.end('data: [DONE]\n\n')
      return
    }
    case 'status':
      res.writeHead(behaviour.status, { 'content-type': 'application/json', ...behaviour.headers })
      res.end(
        JSON.stringify(
          behaviour.body ?? {
            error: { message: `fake ${behaviour.status}`, type: 'fake_error', code: null },
          },
        ),
      )
      return
    case 'slow-first-byte':
      await new Promise((resolve) => setTimeout(resolve, behaviour.delayMs))
      if (res.destroyed) return
      return respond(behaviour.then ?? { kind: 'answer', content: '{}' }, res)
    case 'stall': {
      startStream(res)
      for (const piece of pieces(behaviour.content, behaviour.chunks + 1).slice(
        0,
        behaviour.chunks,
      ))
        res.write(chunk(id, 'fake-model', { content: piece }))
      return
    }
    case 'cut': {
      startStream(res)
      res.write(chunk(id, 'fake-model', { content: behaviour.content.slice(0, 5) }))
      // Let the chunk reach the client before the connection drops.
      await new Promise((resolve) => setTimeout(resolve, 20))
      res.socket?.destroy()
      return
    }
    case 'malformed':
      startStream(res)
      res.write(chunk(id, 'fake-model', { content: '{"re' }))
      res.write('data: {"id": "chatcmpl-fake", "choices": [\n\n')
      res.end()
      return
  }
}

export async function startFakeChatServer(): Promise<FakeChatServer> {
  const queue: FakeBehaviour[] = []
  const requests: RecordedRequest[] = []
  const sockets = new Set<Socket>()
  const server = createServer((req, res) => {
    const parts: Buffer[] = []
    req.on('data', (part: Buffer) => parts.push(part))
    req.on('end', () => {
      let body: Record<string, unknown>
      try {
        body = JSON.parse(Buffer.concat(parts).toString('utf8') || '{}') as Record<string, unknown>
      } catch {
        body = { unparsable: true }
      }
      requests.push({ method: req.method ?? '', path: req.url ?? '', headers: req.headers, body })
      const behaviour = queue.shift() ?? {
        kind: 'status',
        status: 500,
        body: { error: { message: 'nothing scripted' } },
      }
      void respond(behaviour, res)
    })
  })
  server.on('connection', (socket) => {
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    baseUrl: `http://127.0.0.1:${port}/v1`,
    requests,
    script: (...behaviours) => void queue.push(...behaviours),
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy()
        server.close(() => resolve())
      }),
  }
}
