import type { WebSocket } from 'ws'
import type { Logger } from '@server-kit/log/logger'
import {
  CLOSE,
  DEFAULT_WINDOW,
  MAX_WINDOW,
  TUNNEL_PROTOCOL,
  desktopFrame,
  type DesktopFrame,
  type HelloFrame,
  type RelayFrame,
} from '@shared/relay/protocol'
import type { ClaimCoordinator, ClaimTaker } from '../claims/coordinator'
import type { EventLog } from '../log/types'
import type { DesktopStats, RelayMetrics } from '../metrics'
import type { SignupRouter } from '../signup/router'
import { eventFrame, underlyingSocket } from './frames'

export { eventFrame }

export interface TunnelContext {
  log: EventLog
  metrics: RelayMetrics
  logger: Logger
  claims: ClaimCoordinator
  signups: SignupRouter
  heartbeatMs: number
  leaseMs: number
  /** The open session of each desktop id on this instance. */
  sessions: Map<string, DesktopSession>
}

/** Bytes of un-acked bodies above which no more events are sent, whatever the window. */
const MAX_INFLIGHT_BYTES = 16 * 1024 * 1024
const READ_BATCH = 256

interface InFlight {
  cursor: string
  receivedAt: number
  bytes: number
}

/**
 * One desktop's tunnel: hello → welcome → the backlog from its cursor, in order → caught-up → live
 * events, never more than the window un-acked. Frames are handled one at a time, in arrival order.
 */
export class DesktopSession implements ClaimTaker {
  desktopId = ''
  readonly held = new Map<string, number>()
  /** Set by the heartbeat: false until the next pong. */
  alive = true
  private stats: DesktopStats | null = null
  private window = DEFAULT_WINDOW
  private sent: string | null = null
  private readonly inflight: InFlight[] = []
  private inflightBytes = 0
  private caughtUp = false
  private pumping = false
  private pumpAgain = false
  private closed = false
  private queue: Promise<void> = Promise.resolve()
  private readonly helloTimer: NodeJS.Timeout

  constructor(
    private readonly ws: WebSocket,
    readonly holderId: string,
    private readonly ctx: TunnelContext,
  ) {
    this.helloTimer = setTimeout(() => this.fail('noHello', 'No hello frame arrived.'), 10_000)
    ws.on('message', (data, isBinary) => {
      const text = isBinary ? null : data.toString()
      this.queue = this.queue
        .then(() => this.receive(text))
        .catch((error: unknown) => {
          ctx.logger.error('relay.tunnel.frame-failed', { desktop: this.desktopId, error })
          this.fail('badFrame', 'The relay could not handle that frame.')
        })
    })
    ws.on('pong', () => (this.alive = true))
    ws.on('close', () => void this.closedByPeer())
  }

  get streaming(): boolean {
    return this.stats !== null && !this.closed
  }

  send(frame: RelayFrame): boolean {
    if (this.closed || this.ws.readyState !== this.ws.OPEN) return false
    this.ws.send(JSON.stringify(frame))
    return true
  }

  ping(): void {
    if (this.ws.readyState === this.ws.OPEN) this.ws.ping()
  }

  /** Drops a dead connection without a closing handshake. */
  terminate(): void {
    this.closed = true
    this.ws.terminate()
  }

  /** Ends this connection with an error frame and a close code. */
  fail(code: keyof typeof CLOSE, message: string): void {
    this.send({ type: 'error', code, message })
    this.ws.close(CLOSE[code], message.slice(0, 120))
    this.closed = true
  }

  /** Sends whatever the window allows; safe to call any time (new events, acks, heartbeats). */
  async pump(): Promise<void> {
    if (!this.streaming) return
    if (this.pumping) {
      this.pumpAgain = true
      return
    }
    this.pumping = true
    try {
      do {
        this.pumpAgain = false
        await this.sendBatches()
      } while (this.pumpAgain && this.streaming)
    } catch (error) {
      this.ctx.logger.error('relay.tunnel.read-failed', { desktop: this.desktopId, error })
    } finally {
      this.pumping = false
    }
  }

  private async sendBatches(): Promise<void> {
    while (
      this.streaming &&
      this.inflight.length < this.window &&
      this.inflightBytes < MAX_INFLIGHT_BYTES
    ) {
      const room = Math.min(READ_BATCH, this.window - this.inflight.length)
      const batch = await this.ctx.log.readAfter(this.sent, room)
      if (batch.length === 0) {
        if (!this.caughtUp) {
          this.caughtUp = true
          this.send({ type: 'caught-up', cursor: this.sent })
        }
        this.updateStats()
        return
      }
      // One write for the whole batch instead of one per frame (ws writes each frame at once).
      const socket = this.ws.readyState === this.ws.OPEN ? underlyingSocket(this.ws) : undefined
      socket?.cork()
      try {
        for (const event of batch) {
          if (!this.send(eventFrame(event))) return
          this.inflight.push({
            cursor: event.cursor,
            receivedAt: event.receivedAt,
            bytes: event.body.length,
          })
          this.inflightBytes += event.body.length
          this.sent = event.cursor
        }
      } finally {
        socket?.uncork()
      }
      this.updateStats()
    }
  }

  private async receive(text: string | null): Promise<void> {
    if (this.closed) return
    let frame: DesktopFrame
    try {
      frame = desktopFrame.parse(JSON.parse(text ?? ''))
    } catch {
      this.fail('badFrame', 'Frames are JSON text matching the tunnel protocol.')
      return
    }
    if (frame.type === 'hello') {
      if (this.stats) this.fail('badFrame', 'hello was already received.')
      else await this.hello(frame)
      return
    }
    if (!this.stats) {
      this.fail('noHello', 'The first frame must be hello.')
      return
    }
    switch (frame.type) {
      case 'ack':
        return this.ack(frame.cursor)
      case 'claim-request':
        return this.ctx.claims.request(this, frame.key, frame.cursor ?? null)
      case 'claim-extend':
        return this.ctx.claims.extend(this, frame.claimId, frame.token)
      case 'claim-result':
        return this.ctx.claims.result(this, frame.claimId, frame.token, frame.outcome)
      case 'signup-session':
        if (!(await this.ctx.signups.register(frame.state, this.desktopId)))
          this.send({ type: 'error', code: 'signupState', message: 'That state is taken.' })
        return
    }
  }

  private async hello(frame: HelloFrame): Promise<void> {
    clearTimeout(this.helloTimer)
    const { log, metrics, sessions, heartbeatMs, leaseMs } = this.ctx
    const sameLog = frame.logId === undefined || frame.logId === log.logId
    let after = sameLog ? frame.after : null
    if (after !== null && !log.isCursor(after)) {
      this.fail('badFrame', `"${after}" is not a cursor of this relay's ${log.backend} log.`)
      return
    }
    if (frame.since !== undefined) after = await log.cursorBefore(frame.since)
    const trimmed = after !== null && (await log.trimmedAfter(after))
    const head = await log.head()
    if (this.closed) return

    this.desktopId = frame.desktopId
    sessions
      .get(frame.desktopId)
      ?.fail('replaced', 'Another connection for this desktop took over.')
    sessions.set(frame.desktopId, this)
    this.window = Math.min(frame.window ?? DEFAULT_WINDOW, MAX_WINDOW)
    this.sent = after
    this.stats = metrics.desktop(frame.desktopId)
    Object.assign(this.stats, { connected: true, unacked: 0, caughtUp: false })
    if (after !== null && this.stats.ackedCursor !== after) {
      this.stats.ackedCursor = after
      this.stats.ackedReceivedAt = null
    }
    if (head) metrics.headReceivedAt = Math.max(metrics.headReceivedAt ?? 0, head.receivedAt)
    this.send({
      type: 'welcome',
      protocol: TUNNEL_PROTOCOL,
      logId: log.logId,
      window: this.window,
      heartbeatMs,
      leaseMs,
      head: head?.cursor ?? null,
      trimmed,
    })
    this.ctx.logger.info('relay.tunnel.hello', {
      desktop: frame.desktopId,
      after,
      trimmed,
      claims: frame.claims,
    })
    if (frame.claims) this.ctx.claims.addTaker(this)
    await this.ctx.signups.flush(frame.desktopId)
    void this.pump()
  }

  private ack(cursor: string): void {
    const index = this.inflight.findIndex((entry) => entry.cursor === cursor)
    if (index < 0) {
      if (cursor === this.stats?.ackedCursor) return // a repeated ack
      this.fail('badAck', `Ack for ${cursor}, which was not sent on this connection.`)
      return
    }
    const acked = this.inflight.splice(0, index + 1)
    for (const entry of acked) this.inflightBytes -= entry.bytes
    const last = acked.at(-1)!
    this.ctx.metrics.delivered += acked.length
    this.stats!.ackedCursor = last.cursor
    this.stats!.ackedReceivedAt = last.receivedAt
    this.updateStats()
    void this.pump()
  }

  private updateStats(): void {
    if (!this.stats || this.closed) return
    this.stats.unacked = this.inflight.length
    this.stats.caughtUp = this.caughtUp && !this.pumpAgain
  }

  private async closedByPeer(): Promise<void> {
    clearTimeout(this.helloTimer)
    this.closed = true
    if (!this.desktopId) return
    if (this.ctx.sessions.get(this.desktopId) === this) {
      this.ctx.sessions.delete(this.desktopId)
      if (this.stats) Object.assign(this.stats, { connected: false, unacked: 0 })
    }
    this.ctx.logger.info('relay.tunnel.closed', { desktop: this.desktopId })
    await this.ctx.claims.removeTaker(this)
  }
}
