import { describe, expect, it, vi } from 'vitest'
import { channelNames } from '@shared/contract/names'
import { IPC_EVENT, IPC_INVOKE } from '@shared/contract/transport'
import { exposeApi, type ContextBridgeLike, type IpcRendererLike } from './preload-api'

type IpcListener = (event: unknown, ...args: unknown[]) => void

class FakeIpcRenderer implements IpcRendererLike {
  readonly invoked: unknown[][] = []
  readonly listeners: { channel: string; listener: IpcListener }[] = []
  reply: (message: unknown) => Promise<unknown> = async () => ({ ok: true, value: 'pong' })

  invoke(channel: string, ...args: unknown[]) {
    this.invoked.push([channel, ...args])
    return this.reply(args[0])
  }
  on(channel: string, listener: IpcListener) {
    this.listeners.push({ channel, listener })
    return this
  }
  /** Delivers a message from main the way Electron does: (IpcRendererEvent, ...args). */
  emit(channel: string, message: unknown) {
    const sender = { sender: 'the IpcRendererEvent, which must not reach the renderer' }
    for (const entry of this.listeners)
      if (entry.channel === channel) entry.listener(sender, message)
  }
}

class FakeContextBridge implements ContextBridgeLike {
  readonly exposed: { key: string; api: unknown }[] = []
  exposeInMainWorld(key: string, api: unknown) {
    this.exposed.push({ key, api })
  }
}

type Method = (input?: unknown) => Promise<unknown>
type ExposedApi = Record<string, Record<string, Method>> & {
  on: (event: string, listener: (...args: unknown[]) => void) => () => void
}

function expose() {
  const ipc = new FakeIpcRenderer()
  const bridge = new FakeContextBridge()
  exposeApi(bridge, ipc)
  expect(bridge.exposed).toHaveLength(1)
  return { ipc, bridge, api: bridge.exposed[0]!.api as ExposedApi }
}

// Derived here independently of api.ts, so a bug in buildApi's naming would show.
const expectedShape = () => {
  const shape: Record<string, string[]> = {}
  for (const channel of channelNames) {
    const [domain, action] = channel.split(':') as [string, string]
    const method = action.replace(/-(\w)/g, (_, c: string) => c.toUpperCase())
    ;(shape[domain] ??= []).push(method)
  }
  return shape
}

const methodOf = (api: ExposedApi, channel: string): Method => {
  const [domain, action] = channel.split(':') as [string, string]
  return api[domain]![action.replace(/-(\w)/g, (_, c: string) => c.toUpperCase())]!
}

describe('exposeApi', () => {
  it('exposes exactly one object, as window.api', () => {
    const { bridge } = expose()
    expect(bridge.exposed.map((e) => e.key)).toEqual(['api'])
  })

  it("exposes the contract's methods and `on`, and nothing else", () => {
    const { api } = expose()
    const shape = expectedShape()
    expect(Object.keys(api).sort()).toEqual([...Object.keys(shape), 'on'].sort())
    for (const [domain, methods] of Object.entries(shape)) {
      expect(Object.keys(api[domain]!).sort(), domain).toEqual([...methods].sort())
      for (const method of methods) expect(typeof api[domain]![method]).toBe('function')
    }
    for (const forbidden of ['ipcRenderer', 'invoke', 'send', 'process', 'shell', 'require']) {
      expect(forbidden in api).toBe(false)
    }
  })
})

describe('calls', () => {
  it('forwards every channel as {channel, input} on the one invoke channel', async () => {
    const { api, ipc } = expose()
    for (const channel of channelNames) await methodOf(api, channel)({ probe: channel })
    expect(ipc.invoked).toEqual(
      channelNames.map((channel) => [IPC_INVOKE, { channel, input: { probe: channel } }]),
    )
  })

  it("returns main's envelope unchanged", async () => {
    const { api, ipc } = expose()
    ipc.reply = async () => ({
      ok: false,
      error: { code: 'VALIDATION', message: 'bad', retryable: false },
    })
    expect(await api.secrets!.set!({ name: 'nope' })).toEqual({
      ok: false,
      error: { code: 'VALIDATION', message: 'bad', retryable: false },
    })
  })

  it('turns a rejected invoke into an UNAVAILABLE result instead of throwing', async () => {
    const { api, ipc } = expose()
    ipc.reply = () => Promise.reject(new Error("No handler registered for 'wapc:invoke'"))
    expect(await api.app!.info!()).toMatchObject({
      ok: false,
      error: { code: 'UNAVAILABLE', retryable: true },
    })
  })

  it('turns a reply that is not an envelope into an INTERNAL result', async () => {
    const { api, ipc } = expose()
    ipc.reply = async () => 'surprise'
    expect(await api.app!.info!()).toMatchObject({ ok: false, error: { code: 'INTERNAL' } })
  })
})

describe('events', () => {
  it('uses one ipcRenderer listener, on the event channel, however many subscribers', () => {
    const { api, ipc } = expose()
    api.on('app:ready', () => {})
    api.on('app:ready', () => {})
    expect(ipc.listeners.map((l) => l.channel)).toEqual([IPC_EVENT])
  })

  it('gives listeners the payload only, never the IPC event', () => {
    const { api, ipc } = expose()
    const received: unknown[][] = []
    api.on('app:ready', (...args) => received.push(args))
    ipc.emit(IPC_EVENT, { event: 'app:ready', payload: { version: '1.0.0', mode: 'live' } })
    expect(received).toEqual([[{ version: '1.0.0', mode: 'live' }]])
  })

  it('dispatches only to listeners of that event and ignores unknown or malformed messages', () => {
    const { api, ipc } = expose()
    const received: unknown[] = []
    api.on('app:ready', (payload) => received.push(payload))
    ipc.emit(IPC_EVENT, { event: 'messages:status-changed', payload: 1 })
    ipc.emit(IPC_EVENT, { event: 'constructor', payload: 2 })
    ipc.emit(IPC_EVENT, null)
    ipc.emit(IPC_EVENT, 'app:ready')
    ipc.emit('some-other-channel', { event: 'app:ready', payload: 3 })
    expect(received).toEqual([])
    ipc.emit(IPC_EVENT, { event: 'app:ready', payload: 4 })
    expect(received).toEqual([4])
  })

  it('stops calling a listener once unsubscribed, leaving the others', () => {
    const { api, ipc } = expose()
    const a: unknown[] = []
    const b: unknown[] = []
    const offA = api.on('app:ready', (payload) => a.push(payload))
    api.on('app:ready', (payload) => b.push(payload))
    ipc.emit(IPC_EVENT, { event: 'app:ready', payload: 1 })
    offA()
    offA()
    ipc.emit(IPC_EVENT, { event: 'app:ready', payload: 2 })
    expect(a).toEqual([1])
    expect(b).toEqual([1, 2])
  })

  it('keeps dispatching to other listeners when one throws', () => {
    const { api, ipc } = expose()
    const received: unknown[] = []
    const quiet = vi.spyOn(console, 'error').mockImplementation(() => {})
    try {
      api.on('app:ready', () => {
        throw new Error('listener bug')
      })
      api.on('app:ready', (payload) => received.push(payload))
      ipc.emit(IPC_EVENT, { event: 'app:ready', payload: 'still delivered' })
      expect(quiet).toHaveBeenCalledTimes(1)
    } finally {
      quiet.mockRestore()
    }
    expect(received).toEqual(['still delivered'])
  })

  it('ignores subscriptions to events outside the contract', () => {
    const { api, ipc } = expose()
    const received: unknown[] = []
    const off = api.on('not:an-event', (payload) => received.push(payload))
    ipc.emit(IPC_EVENT, { event: 'not:an-event', payload: 1 })
    expect(received).toEqual([])
    expect(typeof off).toBe('function')
  })
})
