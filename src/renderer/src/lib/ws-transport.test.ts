import type { ClientFrame } from '@shared/contract/wire'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { SocketFactory, SocketHandlers } from './browser-socket'
import type { SessionStatus } from './session-probe'
import { createWsTransport, type ConnectionState, type WsTransportOptions } from './ws-transport'

class FakeSocket {
  readonly sent: ClientFrame[] = []
  closed = false
  constructor(private readonly handlers: SocketHandlers) {}
  send(data: string) {
    this.sent.push(JSON.parse(data) as ClientFrame)
  }
  close() {
    this.closed = true
  }
  open() {
    this.handlers.onOpen()
  }
  receive(frame: unknown) {
    this.handlers.onMessage(typeof frame === 'string' ? frame : JSON.stringify(frame))
  }
  reply(id: number, value: unknown) {
    this.receive({ type: 'result', id, result: { ok: true, value } })
  }
  drop() {
    this.handlers.onClose()
  }
}

function setup(overrides: Partial<WsTransportOptions> = {}, session: SessionStatus = 'authorized') {
  const sockets: FakeSocket[] = []
  const states: ConnectionState[] = []
  const probe = vi.fn(async (): Promise<SessionStatus> => session)
  const onReconnected = vi.fn()
  const socketFactory: SocketFactory = (_url, handlers) => {
    const socket = new FakeSocket(handlers)
    sockets.push(socket)
    return socket
  }
  const transport = createWsTransport({
    url: 'ws://127.0.0.1:1/api',
    probe,
    socketFactory,
    onState: (state) => states.push(state),
    onReconnected,
    random: () => 0.5,
    backoff: { baseMs: 100, capMs: 1_000 },
    callTimeoutMs: 5_000,
    ...overrides,
  })
  const socket = (index: number) => {
    const found = sockets[index]
    if (!found) throw new Error(`no socket #${index} (have ${sockets.length})`)
    return found
  }
  return { transport, sockets, socket, states, probe, onReconnected }
}

const settle = () => vi.advanceTimersByTimeAsync(0)

beforeEach(() => {
  vi.useFakeTimers()
})

afterEach(() => {
  vi.useRealTimers()
})

describe('createWsTransport', () => {
  it('sends calls made before the socket opens once it opens, and matches replies by id', async () => {
    const t = setup()
    t.transport.start()
    const first = t.transport.invoke('app:info', undefined)
    const second = t.transport.invoke('settings:get', undefined)
    await settle()
    t.socket(0).open()
    const [a, b] = t.socket(0).sent
    expect(a?.channel).toBe('app:info')
    // An omitted input is left out of the frame (the wire schema allows that; the router reads {}).
    expect(a && 'input' in a).toBe(false)
    expect(b?.channel).toBe('settings:get')
    expect(a?.id).not.toBe(b?.id)
    // Replies arrive out of order and still reach the right callers.
    t.socket(0).reply(b!.id, 'second')
    t.socket(0).reply(a!.id, 'first')
    await expect(first).resolves.toEqual({ ok: true, value: 'first' })
    await expect(second).resolves.toEqual({ ok: true, value: 'second' })
  })

  it('resolves calls in flight to a retryable NETWORK error when the socket closes', async () => {
    const t = setup()
    t.transport.start()
    await settle()
    t.socket(0).open()
    const call = t.transport.invoke('secrets:status', undefined)
    expect(t.socket(0).sent).toHaveLength(1)
    t.socket(0).drop()
    const result = await call
    expect(result.ok).toBe(false)
    if (!result.ok) {
      expect(result.error.code).toBe('NETWORK')
      expect(result.error.retryable).toBe(true)
    }
  })

  it('reconnects after the configured backoff, reports it, and keeps event listeners', async () => {
    const t = setup()
    const payloads: unknown[] = []
    t.transport.subscribe('app:ready', (payload) => payloads.push(payload))
    t.transport.start()
    await settle()
    t.socket(0).open()
    t.socket(0).drop()
    expect(t.transport.getState()).toBe('reconnecting')
    // base 100 ms, equal jitter with random 0.5 → 75 ms for the first retry.
    await vi.advanceTimersByTimeAsync(74)
    expect(t.sockets).toHaveLength(1)
    await vi.advanceTimersByTimeAsync(1)
    expect(t.sockets).toHaveLength(2)
    t.socket(1).open()
    expect(t.transport.getState()).toBe('open')
    expect(t.onReconnected).toHaveBeenCalledTimes(1)
    t.socket(1).receive({
      type: 'event',
      event: 'app:ready',
      payload: { version: '1.0.0', mode: 'sandbox' },
    })
    expect(payloads).toEqual([{ version: '1.0.0', mode: 'sandbox' }])
    expect(t.states).toEqual(['connecting', 'open', 'reconnecting', 'open'])
  })

  it('backs off further after each failed attempt, up to the cap', async () => {
    const t = setup({ backoff: { baseMs: 100, capMs: 300 } }, 'unreachable')
    t.transport.start()
    await settle()
    expect(t.probe).toHaveBeenCalledTimes(1)
    // Delays with random 0.5: 75, 150, 225 (cap 300 → 225), 225.
    for (const delay of [75, 150, 225, 225]) {
      const before = t.probe.mock.calls.length
      await vi.advanceTimersByTimeAsync(delay - 1)
      expect(t.probe).toHaveBeenCalledTimes(before)
      await vi.advanceTimersByTimeAsync(1)
      expect(t.probe).toHaveBeenCalledTimes(before + 1)
    }
    expect(t.sockets).toHaveLength(0)
  })

  it('fails queued calls when an attempt cannot reach the core instead of holding them', async () => {
    const t = setup({}, 'unreachable')
    const call = t.transport.invoke('app:info', undefined)
    t.transport.start()
    await settle()
    const result = await call
    expect(result).toMatchObject({ ok: false, error: { code: 'NETWORK', retryable: true } })
  })

  it('stops at unauthorized: no socket, calls answered FORBIDDEN at once', async () => {
    const t = setup({}, 'unauthorized')
    const queued = t.transport.invoke('app:info', undefined)
    t.transport.start()
    await settle()
    expect(t.transport.getState()).toBe('unauthorized')
    expect(t.sockets).toHaveLength(0)
    await expect(queued).resolves.toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
    await expect(t.transport.invoke('settings:get', undefined)).resolves.toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN', retryable: false },
    })
    await vi.advanceTimersByTimeAsync(60_000)
    expect(t.probe).toHaveBeenCalledTimes(1)
  })

  it('becomes unauthorized when the session is rejected after a drop', async () => {
    const t = setup()
    t.transport.start()
    await settle()
    t.socket(0).open()
    t.probe.mockResolvedValue('unauthorized')
    t.socket(0).drop()
    await vi.advanceTimersByTimeAsync(1_000)
    expect(t.transport.getState()).toBe('unauthorized')
    expect(t.sockets).toHaveLength(1)
  })

  it('ignores frames outside the wire contract and events with a malformed payload', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined)
    const t = setup()
    const listener = vi.fn()
    t.transport.subscribe('app:ready', listener)
    t.transport.start()
    await settle()
    t.socket(0).open()
    const call = t.transport.invoke('app:info', undefined)
    const id = t.socket(0).sent[0]!.id
    t.socket(0).receive('not json')
    t.socket(0).receive({ type: 'result', id, result: { ok: 'yes' } })
    t.socket(0).receive({ type: 'event', event: 'app:ready', payload: { version: 3 } })
    expect(listener).not.toHaveBeenCalled()
    expect(warn).toHaveBeenCalledTimes(3)
    t.socket(0).reply(id, 'valid')
    await expect(call).resolves.toEqual({ ok: true, value: 'valid' })
    warn.mockRestore()
  })

  it('stops delivering an event to a listener after it unsubscribes', async () => {
    const t = setup()
    const listener = vi.fn()
    const unsubscribe = t.transport.subscribe('app:ready', listener)
    t.transport.start()
    await settle()
    t.socket(0).open()
    const frame = { type: 'event', event: 'app:ready', payload: { version: '1', mode: 'live' } }
    t.socket(0).receive(frame)
    unsubscribe()
    t.socket(0).receive(frame)
    expect(listener).toHaveBeenCalledTimes(1)
  })

  it('answers TIMEOUT when the core never replies', async () => {
    const t = setup({ callTimeoutMs: 2_000 })
    t.transport.start()
    await settle()
    t.socket(0).open()
    const call = t.transport.invoke('app:info', undefined)
    await vi.advanceTimersByTimeAsync(2_000)
    await expect(call).resolves.toMatchObject({
      ok: false,
      error: { code: 'TIMEOUT', retryable: true },
    })
  })

  it('retryNow skips the backoff wait', async () => {
    const t = setup({ backoff: { baseMs: 10_000, capMs: 10_000 } })
    t.transport.start()
    await settle()
    t.socket(0).open()
    t.socket(0).drop()
    t.transport.retryNow()
    await settle()
    expect(t.sockets).toHaveLength(2)
  })

  it('stop closes the socket, fails pending calls and does not reconnect', async () => {
    const t = setup()
    t.transport.start()
    await settle()
    t.socket(0).open()
    const call = t.transport.invoke('app:info', undefined)
    t.transport.stop()
    expect(t.socket(0).closed).toBe(true)
    await expect(call).resolves.toMatchObject({ ok: false, error: { code: 'NETWORK' } })
    await vi.advanceTimersByTimeAsync(60_000)
    expect(t.sockets).toHaveLength(1)
    expect(t.transport.getState()).toBe('closed')
  })
})
