import type { Invoke, Subscribe } from '@shared/contract/api'
import { events } from '@shared/contract/channels'
import type { AppErrorData } from '@shared/contract/errors'
import { isEventName, type ChannelName, type EventName } from '@shared/contract/names'
import type { Result } from '@shared/contract/result'
import { backoffDelay, type Backoff } from '@shared/backoff'
import { serverFrameSchema, type ClientFrame } from '@shared/contract/wire'
import { browserSocket, type SocketFactory, type SocketHandle } from './browser-socket'
import type { SessionStatus } from './session-probe'

/** Reconnecting to the core: from half a second up to 15 s (equal jitter: never at once). */
const RECONNECT_BACKOFF: Backoff = { baseMs: 500, capMs: 15_000 }

export type ConnectionState = 'connecting' | 'open' | 'reconnecting' | 'unauthorized' | 'closed'

export interface WsTransportOptions {
  /** ws://host/api */
  url: string
  /** Checked before every connection attempt: tells a stale token from a stopped core. */
  probe: () => Promise<SessionStatus>
  socketFactory?: SocketFactory
  onState?: (state: ConnectionState) => void
  /** Called when the socket opens again after having been lost: events may have been missed. */
  onReconnected?: () => void
  backoff?: Backoff
  random?: () => number
  /** A call with no answer after this long resolves to a TIMEOUT error. */
  callTimeoutMs?: number
}

export interface WsTransport {
  readonly invoke: Invoke
  readonly subscribe: Subscribe
  start(): void
  /** Skips the backoff wait (the status bar's "Retry now"). */
  retryNow(): void
  stop(): void
  getState(): ConnectionState
}

interface Call {
  frame: ClientFrame
  sent: boolean
  resolve: (result: Result<unknown>) => void
  timer: ReturnType<typeof setTimeout>
}

export const RUN_WEB_FIX =
  'Open the WAPC_WEB_URL address printed where the console started (it contains the access token), or restart the console.'

const networkError = (message: string): AppErrorData => ({
  code: 'NETWORK',
  message,
  retryable: true,
  fix: 'Check that the console core (`npm run web`) is running; the console reconnects by itself.',
})

const forbiddenError: AppErrorData = {
  code: 'FORBIDDEN',
  message: 'This browser session is not authorized to use the console core.',
  retryable: false,
  fix: RUN_WEB_FIX,
}

/**
 * The browser-mode transport: one WebSocket to the core, request ids matched to replies, and push
 * events fanned out to local listeners. Every call settles — with the reply, or with a NETWORK,
 * FORBIDDEN or TIMEOUT envelope — so nothing awaiting the core can hang.
 */
export function createWsTransport(options: WsTransportOptions): WsTransport {
  const factory = options.socketFactory ?? browserSocket
  const timeoutMs = options.callTimeoutMs ?? 30_000
  const calls = new Map<number, Call>()
  // The server pushes every event to every socket (there is no subscribe frame), so listeners live
  // here and carry over a reconnect unchanged: re-subscribing is keeping this map.
  const listeners = new Map<EventName, Set<(payload: unknown) => void>>()
  let state: ConnectionState = 'closed'
  let socket: SocketHandle | null = null
  let socketOpen = false
  let everOpened = false
  let started = false
  let stopped = false
  let failures = 0
  let nextId = 1
  // Callbacks of a superseded socket or probe compare their generation and do nothing.
  let generation = 0
  let retryTimer: ReturnType<typeof setTimeout> | undefined

  const setState = (next: ConnectionState) => {
    if (next === state) return
    state = next
    options.onState?.(next)
  }

  const settle = (id: number, result: Result<unknown>) => {
    const call = calls.get(id)
    if (!call) return
    calls.delete(id)
    clearTimeout(call.timer)
    call.resolve(result)
  }

  const failAll = (error: AppErrorData) => {
    for (const id of [...calls.keys()]) settle(id, { ok: false, error })
  }

  const send = (call: Call) => {
    if (!socket || !socketOpen) return
    try {
      socket.send(JSON.stringify(call.frame))
      call.sent = true
    } catch (error) {
      settle(call.frame.id, {
        ok: false,
        error: {
          code: 'VALIDATION',
          message: `Could not send ${call.frame.channel}: ${error instanceof Error ? error.message : 'unserializable input'}`,
          retryable: false,
        },
      })
    }
  }

  const dispatchEvent = (event: EventName, payload: unknown) => {
    const parsed = events[event].safeParse(payload)
    if (!parsed.success) {
      console.warn(`Dropped a malformed ${event} event from the core`)
      return
    }
    for (const listener of listeners.get(event) ?? []) {
      try {
        listener(parsed.data)
      } catch (error) {
        console.error(`A ${event} listener failed`, error)
      }
    }
  }

  const handleMessage = (data: unknown) => {
    if (typeof data !== 'string') return
    let json: unknown
    try {
      json = JSON.parse(data)
    } catch {
      console.warn('Dropped a non-JSON frame from the core')
      return
    }
    const frame = serverFrameSchema.safeParse(json)
    if (!frame.success) {
      console.warn('Dropped a frame outside the wire contract')
      return
    }
    if (frame.data.type === 'result') {
      settle(frame.data.id, frame.data.result as Result<unknown>)
    } else if (isEventName(frame.data.event)) {
      dispatchEvent(frame.data.event, frame.data.payload)
    }
  }

  const becomeUnauthorized = () => {
    failAll(forbiddenError)
    setState('unauthorized')
  }

  const scheduleRetry = () => {
    if (stopped) return
    setState('reconnecting')
    const delay = backoffDelay(failures, options.backoff ?? RECONNECT_BACKOFF, options.random)
    failures += 1
    clearTimeout(retryTimer)
    retryTimer = setTimeout(() => void connect(), delay)
  }

  const connect = async () => {
    const gen = ++generation
    clearTimeout(retryTimer)
    socket?.close()
    socket = null
    socketOpen = false
    setState(everOpened ? 'reconnecting' : 'connecting')
    const status = await options.probe()
    if (gen !== generation || stopped) return
    if (status === 'unauthorized') return becomeUnauthorized()
    if (status === 'unreachable') {
      failAll(networkError('Cannot reach the console core.'))
      return scheduleRetry()
    }
    socket = factory(options.url, {
      onOpen: () => {
        if (gen !== generation) return
        socketOpen = true
        failures = 0
        setState('open')
        for (const call of calls.values()) if (!call.sent) send(call)
        if (everOpened) options.onReconnected?.()
        everOpened = true
      },
      onMessage: (data) => {
        if (gen === generation) handleMessage(data)
      },
      onClose: () => {
        if (gen !== generation) return
        const wasOpen = socketOpen
        socket = null
        socketOpen = false
        failAll(
          networkError(
            wasOpen
              ? 'Lost the connection to the console core before it answered.'
              : 'Cannot connect to the console core.',
          ),
        )
        // The next attempt probes the session first, so a rejected cookie ends as 'unauthorized'.
        scheduleRetry()
      },
    })
  }

  const invoke: Invoke = (channel: ChannelName, input: unknown) => {
    if (state === 'unauthorized') return Promise.resolve({ ok: false, error: forbiddenError })
    if (stopped)
      return Promise.resolve({ ok: false, error: networkError('The connection is closed.') })
    return new Promise<Result<unknown>>((resolve) => {
      const id = nextId++
      const timer = setTimeout(
        () =>
          settle(id, {
            ok: false,
            error: {
              code: 'TIMEOUT',
              message: `The console core did not answer ${channel} within ${Math.round(timeoutMs / 1000)} s.`,
              retryable: true,
            },
          }),
        timeoutMs,
      )
      // An omitted input is left out of the frame; the router reads it as `{}` for channels without input.
      const frame: ClientFrame = {
        type: 'invoke',
        id,
        channel,
        ...(input === undefined ? {} : { input }),
      }
      const call: Call = { frame, sent: false, resolve, timer }
      calls.set(id, call)
      // Calls made before the socket opens wait for the current attempt; a failed attempt fails them.
      send(call)
    })
  }

  const subscribe: Subscribe = (event, listener) => {
    let set = listeners.get(event)
    if (!set) listeners.set(event, (set = new Set()))
    set.add(listener)
    return () => {
      set.delete(listener)
    }
  }

  return {
    invoke,
    subscribe,
    start: () => {
      if (started || stopped) return
      started = true
      void connect()
    },
    retryNow: () => {
      if (stopped || state === 'open') return
      failures = 0
      void connect()
    },
    stop: () => {
      stopped = true
      generation += 1
      clearTimeout(retryTimer)
      socket?.close()
      socket = null
      socketOpen = false
      failAll(networkError('The connection is closed.'))
      setState('closed')
    },
    getState: () => state,
  }
}
