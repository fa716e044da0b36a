import { describe, expect, it } from 'vitest'
import { IPC_EVENT, IPC_INVOKE, type Result, type SecretStatus } from '@shared/contract'
import { createCoreEvents } from '../core-events'
import { silentLogger } from '../logger'
import { createRouter, type CallContext, type Handlers } from '../router'
import { stubHandlers } from '../test-support/stub-handlers'
import {
  attachIpcTransport,
  type InvokeEvent,
  type IpcMainLike,
  type PushTarget,
  type SenderFrame,
} from './ipc-transport'
import { isAppUrl } from './security'

type Listener = (event: InvokeEvent, ...args: unknown[]) => unknown

/** Records handlers like ipcMain does, and lets a test invoke them with a fake event. */
class FakeIpcMain implements IpcMainLike {
  readonly handlers = new Map<string, Listener>()
  handle(channel: string, listener: Listener) {
    if (this.handlers.has(channel)) throw new Error(`second handler for ${channel}`)
    this.handlers.set(channel, listener)
  }
  removeHandler(channel: string) {
    this.handlers.delete(channel)
  }
  async invoke(event: InvokeEvent, message: unknown): Promise<Result<unknown>> {
    const handler = this.handlers.get(IPC_INVOKE)
    if (!handler) throw new Error('no handler')
    return (await handler(event, message)) as Result<unknown>
  }
}

class FakeWebContents implements PushTarget {
  readonly sent: unknown[][] = []
  destroyed = false
  isDestroyed() {
    return this.destroyed
  }
  send(channel: string, ...args: unknown[]) {
    if (this.destroyed) throw new Error('Object has been destroyed')
    this.sent.push([channel, ...args])
  }
}

const topFrame = (url: string): SenderFrame => ({ url, parent: null })
const fromApp: InvokeEvent = { senderFrame: topFrame('app://wapc/index.html') }

function setup() {
  const calls: { input: unknown; ctx: CallContext }[] = []
  const secretSet: Handlers['secrets:set'] = async (input, ctx) => {
    calls.push({ input, ctx })
    const status: SecretStatus = {
      name: input.name,
      configured: true,
      hint: input.value.slice(-4),
      takenFrom: null,
    }
    return status
  }
  const handlers = stubHandlers({
    'secrets:status': async () => [],
    'secrets:set': secretSet,
  })
  const router = createRouter(handlers, silentLogger)
  const events = createCoreEvents(silentLogger)
  const ipcMain = new FakeIpcMain()
  const windows = [new FakeWebContents(), new FakeWebContents()]
  const detach = attachIpcTransport({
    ipcMain,
    router,
    events,
    isTrustedFrame: (frame) => isAppUrl(frame.url),
    getWebContents: () => windows,
    log: silentLogger,
  })
  return { ipcMain, events, windows, detach, calls }
}

const errorCode = (result: Result<unknown>) => (result.ok ? 'ok' : result.error.code)

describe('attachIpcTransport: invoke', () => {
  it('registers exactly one handler, on the invoke channel', () => {
    const { ipcMain } = setup()
    expect([...ipcMain.handlers.keys()]).toEqual([IPC_INVOKE])
  })

  it('passes a valid call to the handler, with the electron transport in the context', async () => {
    const { ipcMain, calls } = setup()
    const result = await ipcMain.invoke(fromApp, {
      channel: 'secrets:set',
      input: { name: 'relay-token', value: 'abcdefgh1234' },
    })
    expect(result).toEqual({
      ok: true,
      value: { name: 'relay-token', configured: true, hint: '1234', takenFrom: null },
    })
    expect(calls).toEqual([
      {
        input: { name: 'relay-token', value: 'abcdefgh1234' },
        ctx: { transport: 'electron' },
      },
    ])
  })

  it('accepts a call without input for channels that take none', async () => {
    const { ipcMain } = setup()
    expect(await ipcMain.invoke(fromApp, { channel: 'secrets:status' })).toEqual({
      ok: true,
      value: [],
    })
  })

  it('answers UNKNOWN_CHANNEL for a channel outside the contract', async () => {
    const { ipcMain } = setup()
    const result = await ipcMain.invoke(fromApp, {
      channel: 'shell:exec',
      input: { cmd: 'rm -rf /' },
    })
    expect(errorCode(result)).toBe('UNKNOWN_CHANNEL')
  })

  it('answers VALIDATION for input the contract rejects, without calling the handler', async () => {
    const { ipcMain, calls } = setup()
    const result = await ipcMain.invoke(fromApp, {
      channel: 'secrets:set',
      input: { name: 'nope' },
    })
    expect(errorCode(result)).toBe('VALIDATION')
    expect(calls).toEqual([])
  })

  it('answers VALIDATION for a message that is not { channel, input }', async () => {
    const { ipcMain, calls } = setup()
    for (const message of [
      undefined,
      null,
      'secrets:set',
      ['secrets:set', {}],
      { channel: 42 },
      { input: {} },
      { channel: 'secrets:status', input: undefined, extra: true },
      { channel: 'x'.repeat(500) },
    ]) {
      expect(errorCode(await ipcMain.invoke(fromApp, message)), JSON.stringify(message)).toBe(
        'VALIDATION',
      )
    }
    expect(calls).toEqual([])
  })

  it('answers FORBIDDEN to a frame from another origin', async () => {
    const { ipcMain, calls } = setup()
    const valid = {
      channel: 'secrets:set',
      input: { name: 'relay-token', value: 'abcdefgh1234' },
    }
    for (const url of [
      'https://evil.example/',
      'app://wapc.evil/index.html',
      'file:///index.html',
    ]) {
      const result = await ipcMain.invoke({ senderFrame: topFrame(url) }, valid)
      expect(errorCode(result), url).toBe('FORBIDDEN')
    }
    expect(calls).toEqual([])
  })

  it('answers FORBIDDEN to a subframe, even one on the app origin', async () => {
    const { ipcMain } = setup()
    const parent = topFrame('app://wapc/index.html')
    const event: InvokeEvent = {
      senderFrame: { url: 'app://wapc/index.html', parent },
    }
    expect(errorCode(await ipcMain.invoke(event, { channel: 'secrets:status' }))).toBe('FORBIDDEN')
  })

  it('answers FORBIDDEN when the sender frame is gone', async () => {
    const { ipcMain } = setup()
    expect(
      errorCode(await ipcMain.invoke({ senderFrame: null }, { channel: 'secrets:status' })),
    ).toBe('FORBIDDEN')
    const disposed: InvokeEvent = {
      get senderFrame(): SenderFrame {
        throw new Error('Render frame was disposed before WebFrameMain could be accessed')
      },
    }
    expect(errorCode(await ipcMain.invoke(disposed, { channel: 'secrets:status' }))).toBe(
      'FORBIDDEN',
    )
  })

  it('checks the sender before the message, so a stranger learns nothing about the contract', async () => {
    const { ipcMain } = setup()
    const stranger: InvokeEvent = {
      senderFrame: topFrame('https://evil.example/'),
    }
    expect(errorCode(await ipcMain.invoke(stranger, 'garbage'))).toBe('FORBIDDEN')
    expect(errorCode(await ipcMain.invoke(stranger, { channel: 'nope:nope' }))).toBe('FORBIDDEN')
  })
})

describe('attachIpcTransport: push events', () => {
  it('sends each event to every live window', () => {
    const { events, windows } = setup()
    events.emit('app:ready', { version: '0.1.0', mode: 'sandbox' })
    for (const window of windows) {
      expect(window.sent).toEqual([
        [
          IPC_EVENT,
          {
            event: 'app:ready',
            payload: { version: '0.1.0', mode: 'sandbox' },
          },
        ],
      ])
    }
  })

  it('skips destroyed windows and keeps serving the others', () => {
    const { events, windows } = setup()
    windows[0]!.destroyed = true
    events.emit('app:ready', { version: '0.1.0', mode: 'live' })
    expect(windows[0]!.sent).toEqual([])
    expect(windows[1]!.sent).toHaveLength(1)
  })

  it('keeps serving other windows when one fails to send', () => {
    const { events, windows } = setup()
    windows[0]!.send = () => {
      throw new Error('renderer crashed')
    }
    events.emit('app:ready', { version: '0.1.0', mode: 'live' })
    expect(windows[1]!.sent).toHaveLength(1)
  })
})

describe('attachIpcTransport: detach', () => {
  it('removes the handler and stops push events', () => {
    const { ipcMain, events, windows, detach } = setup()
    detach()
    expect(ipcMain.handlers.size).toBe(0)
    events.emit('app:ready', { version: '0.1.0', mode: 'sandbox' })
    expect(windows[0]!.sent).toEqual([])
  })
})
