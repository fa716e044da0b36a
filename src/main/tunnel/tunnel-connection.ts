import WebSocket from 'ws'
import {
  MAX_RELAY_FRAME_BYTES,
  TUNNEL_PROTOCOL,
  relayFrame,
  type DesktopFrame,
  type EventFrame,
  type HelloFrame,
  type RelayFrame,
  type WelcomeFrame,
} from '@shared/relay/protocol'
import type { Logger } from '../logger'
import { storageError } from '../store/database'
import type { ApplyOutcome, RelayEventsRepo } from '../store/relay-events-repo'
import { applyFrames } from './apply-frames'
import { tunnelUrl, type RelayTarget } from './relay-target'

/** How one connection ended, for the reconnect loop and the status. */
export interface ConnectionEnd {
  /** The relay accepted the hello (the backoff starts over). */
  welcomed: boolean
  /** HTTP status of a refused upgrade (401 wrong token, 403 forbidden…). */
  refusedStatus?: number
  code?: number
  reason: string
  /** An error to show the user (a failed write, a protocol error). */
  error?: Error
}

export interface ConnectionHandlers {
  onWelcome(welcome: WelcomeFrame): void
  onApplied(outcome: ApplyOutcome, frames: readonly EventFrame[], logId: string): void
  onCaughtUp(): void
  onHeartbeat(frame: Extract<RelayFrame, { type: 'heartbeat' }>): void
  /** A claim offer or settlement (claims.ts); the hello says `claims: true` when this is given. */
  onClaimFrame?(frame: Extract<RelayFrame, { type: 'claim-offer' | 'claim-settled' }>): void
  /** The launcher's result for a signup attempt this desktop registered (signup-desk.ts). */
  onSignupResult?(frame: Extract<RelayFrame, { type: 'signup-result' }>): void
}

export interface ConnectionOptions {
  target: RelayTarget
  token: string
  hello: Omit<HelloFrame, 'type' | 'protocol' | 'claims'>
  repo: RelayEventsRepo
  log: Logger
  handlers: ConnectionHandlers
  /** How long the open + welcome may take. */
  connectTimeoutMs?: number
}

export interface Connection {
  /** Settles once, when the socket is gone for good. */
  ended: Promise<ConnectionEnd>
  /** Ends the connection (the relay re-sends anything un-acked to the next one). */
  close(reason: string): void
  /** Sends a frame (claims); dropped when the socket is not open. */
  send(frame: DesktopFrame): void
}

/**
 * One WebSocket session with the relay (protocol in src/shared/relay/protocol.ts): hello → welcome,
 * then events. Events that arrive together are applied in ONE transaction with the cursor, and
 * only then acknowledged (cumulatively, with the batch's last cursor); a crash in between means
 * the relay sends them again and the store skips them. A relay that goes silent for three
 * heartbeats is dropped.
 */
export function openConnection(options: ConnectionOptions): Connection {
  const { target, log, handlers } = options
  const ws = new WebSocket(tunnelUrl(target.url), {
    headers: { authorization: `Bearer ${options.token}` },
    maxPayload: MAX_RELAY_FRAME_BYTES,
    perMessageDeflate: false,
    handshakeTimeout: options.connectTimeoutMs ?? 10_000,
  })
  let settle!: (end: ConnectionEnd) => void
  const ended = new Promise<ConnectionEnd>((resolve) => (settle = resolve))
  let done = false
  let welcomed = false
  let logId = ''
  let refusedStatus: number | undefined
  let failure: Error | undefined
  let pending: EventFrame[] = []
  let flushScheduled = false
  let silenceMs = options.connectTimeoutMs ?? 10_000
  let lastHeard = Date.now()

  const finish = (end: Omit<ConnectionEnd, 'welcomed'>) => {
    if (done) return
    done = true
    clearInterval(watchdog)
    settle({ welcomed, ...end })
  }
  const drop = (reason: string, error?: Error) => {
    failure ??= error
    log.warn('tunnel.connection-dropped', { reason, error })
    ws.terminate()
    finish({ reason, ...(failure ? { error: failure } : {}) })
  }
  // Checked on a timer rather than re-armed per frame: a busy stream brings thousands a second.
  const heard = () => {
    lastHeard = Date.now()
  }
  const watchdog = setInterval(() => {
    if (Date.now() - lastHeard > silenceMs) drop(`the relay was silent for ${silenceMs} ms`)
  }, 1000)
  watchdog.unref()

  const flush = () => {
    flushScheduled = false
    if (pending.length === 0 || done) return
    const batch = pending
    pending = []
    let outcome: ApplyOutcome
    try {
      outcome = applyFrames(options.repo, target.key, logId, batch)
    } catch (error) {
      // Nothing was acknowledged: the relay keeps these events and sends them again. The fault is
      // this desktop's storage (a full disk, most likely), and the status says so.
      drop('could not store relay events', storageError(error, 'store the relay events'))
      return
    }
    ws.send(JSON.stringify({ type: 'ack', cursor: batch.at(-1)!.cursor }))
    handlers.onApplied(outcome, batch, logId)
  }

  const onFrame = (frame: RelayFrame) => {
    if (frame.type === 'event') {
      if (!welcomed) return drop('the relay sent an event before its welcome')
      pending.push(frame)
      if (!flushScheduled) {
        flushScheduled = true
        setImmediate(flush)
      }
      return
    }
    // Anything else is ordered after the events before it.
    flush()
    switch (frame.type) {
      case 'welcome':
        welcomed = true
        logId = frame.logId
        silenceMs = frame.heartbeatMs * 3
        return handlers.onWelcome(frame)
      case 'caught-up':
        return handlers.onCaughtUp()
      case 'heartbeat':
        return handlers.onHeartbeat(frame)
      case 'error':
        failure = new Error(`The relay reported ${frame.code}: ${frame.message}`)
        log.warn('tunnel.relay-error', { code: frame.code, message: frame.message })
        return
      case 'claim-offer':
      case 'claim-settled':
        if (handlers.onClaimFrame) return handlers.onClaimFrame(frame)
        return log.debug('tunnel.frame-ignored', { type: frame.type })
      case 'signup-result':
        if (handlers.onSignupResult) return handlers.onSignupResult(frame)
        return log.debug('tunnel.frame-ignored', { type: frame.type })
    }
  }

  ws.on('unexpected-response', (request, response) => {
    refusedStatus = response.statusCode
    response.resume()
    request.destroy()
    finish({
      reason: `the relay refused the connection (HTTP ${response.statusCode})`,
      refusedStatus: response.statusCode ?? 0,
    })
  })
  ws.on('open', () => {
    heard()
    const hello: HelloFrame = {
      type: 'hello',
      protocol: TUNNEL_PROTOCOL,
      claims: handlers.onClaimFrame !== undefined,
      ...options.hello,
    }
    ws.send(JSON.stringify(hello))
  })
  ws.on('ping', heard)
  ws.on('message', (data, isBinary) => {
    if (done) return
    heard()
    let parsed: unknown
    try {
      parsed = isBinary ? undefined : JSON.parse(data.toString())
    } catch {
      parsed = undefined
    }
    const frame = relayFrame.safeParse(parsed)
    if (!frame.success) return drop('the relay sent a frame outside the protocol')
    onFrame(frame.data)
  })
  ws.on('error', (error) => {
    failure ??= error
  })
  ws.on('close', (code, reason) => {
    flush()
    finish({
      code,
      reason: reason.toString() || `closed (${code})`,
      ...(failure ? { error: failure } : {}),
      ...(refusedStatus ? { refusedStatus } : {}),
    })
  })

  return {
    ended,
    close(reason) {
      if (done) return
      flush()
      ws.close(1000, reason)
      finish({ reason })
    },
    send(frame) {
      if (!done && ws.readyState === WebSocket.OPEN) ws.send(JSON.stringify(frame))
    },
  }
}
