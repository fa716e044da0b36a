import { WebSocket } from 'ws'
import {
  MAX_RELAY_FRAME_BYTES,
  TUNNEL_PATH,
  TUNNEL_PROTOCOL,
  relayFrame,
  type DesktopFrame,
  type EventFrame,
  type RelayFrame,
  type WelcomeFrame,
} from '@shared/relay/protocol'

export interface DesktopOptions {
  token: string
  desktopId?: string
  after?: string | null
  logId?: string
  since?: number
  window?: number
  claims?: boolean
  /** Ack every event as it arrives (default true). */
  autoAck?: boolean
}

/**
 * A test desktop over a real WebSocket: speaks the tunnel protocol, checks every frame it receives
 * against the schemas, and records what arrived.
 */
export class TestDesktop {
  readonly frames: RelayFrame[] = []
  readonly events: EventFrame[] = []
  welcome!: WelcomeFrame
  closeCode: number | null = null
  private waiters: (() => void)[] = []

  private constructor(
    readonly ws: WebSocket,
    private readonly autoAck: boolean,
  ) {
    ws.on('message', (data) => {
      const frame = relayFrame.parse(JSON.parse(data.toString()))
      this.frames.push(frame)
      if (frame.type === 'welcome') this.welcome = frame
      if (frame.type === 'event') {
        this.events.push(frame)
        if (this.autoAck) this.send({ type: 'ack', cursor: frame.cursor })
      }
      this.notify()
    })
    ws.on('close', (code) => {
      this.closeCode = code
      this.notify()
    })
  }

  static async connect(relayUrl: string, options: DesktopOptions): Promise<TestDesktop> {
    const ws = new WebSocket(relayUrl.replace(/^http/, 'ws') + TUNNEL_PATH, {
      headers: { authorization: `Bearer ${options.token}` },
      maxPayload: MAX_RELAY_FRAME_BYTES,
    })
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve())
      ws.once('error', reject)
      ws.once('unexpected-response', (_req, res) =>
        reject(new Error(`upgrade refused with ${res.statusCode}`)),
      )
    })
    const desktop = new TestDesktop(ws, options.autoAck ?? true)
    desktop.send({
      type: 'hello',
      protocol: TUNNEL_PROTOCOL,
      desktopId: options.desktopId ?? 'desk-1',
      after: options.after ?? null,
      claims: options.claims ?? false,
      ...(options.logId === undefined ? {} : { logId: options.logId }),
      ...(options.since === undefined ? {} : { since: options.since }),
      ...(options.window === undefined ? {} : { window: options.window }),
    })
    await desktop.until(() => desktop.frames.some((frame) => frame.type === 'welcome'))
    return desktop
  }

  send(frame: DesktopFrame | Record<string, unknown>): void {
    this.ws.send(JSON.stringify(frame))
  }

  /** Bodies of the events received, decoded to their exact bytes. */
  bodies(): Buffer[] {
    return this.events.map((event) => Buffer.from(event.body, event.encoding))
  }

  framesOf<T extends RelayFrame['type']>(type: T): Extract<RelayFrame, { type: T }>[] {
    return this.frames.filter((frame) => frame.type === type) as Extract<RelayFrame, { type: T }>[]
  }

  /** Resolves when `check` holds (re-checked on every frame); rejects after `timeoutMs`. */
  until(check: () => boolean, timeoutMs = 5000, what = 'condition'): Promise<void> {
    if (check()) return Promise.resolve()
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== waiter)
        reject(new Error(`timed out waiting for ${what} (${this.events.length} events so far)`))
      }, timeoutMs)
      const waiter = () => {
        if (!check()) return
        clearTimeout(timer)
        this.waiters = this.waiters.filter((w) => w !== waiter)
        resolve()
      }
      this.waiters.push(waiter)
    })
  }

  untilEvents(count: number, timeoutMs = 5000): Promise<void> {
    return this.until(() => this.events.length >= count, timeoutMs, `${count} events`)
  }

  async close(): Promise<void> {
    if (this.ws.readyState === WebSocket.CLOSED) return
    const closed = new Promise((resolve) => this.ws.once('close', resolve))
    this.ws.close()
    await closed
  }

  /** Drops the TCP connection without a closing handshake (a crash or a lost network). */
  async kill(): Promise<void> {
    const closed = new Promise((resolve) => this.ws.once('close', resolve))
    this.ws.terminate()
    await closed
  }

  private notify(): void {
    for (const waiter of [...this.waiters]) waiter()
  }
}

/** The HTTP status the relay answers a tunnel upgrade with (101 when it is accepted). */
export function upgradeStatus(relayUrl: string, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(relayUrl.replace(/^http/, 'ws') + TUNNEL_PATH, { headers })
    ws.once('open', () => {
      ws.terminate()
      resolve(101)
    })
    ws.once('unexpected-response', (_req, res) => {
      res.resume()
      resolve(res.statusCode ?? 0)
    })
    ws.once('error', (error) => reject(error))
  })
}
