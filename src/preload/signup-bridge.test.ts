import { describe, expect, it } from 'vitest'
import { IPC_SIGNUP_RESULT } from '@shared/contract/transport'
import { SIGNUP_RESULT_TYPE } from '@shared/signup/launcher-protocol'
import { forwardSignupResults, type MessageEventLike, type SignupWindowLike } from './signup-bridge'

const ORIGIN = 'http://127.0.0.1:4010'

function setup() {
  const listeners: ((event: MessageEventLike) => void)[] = []
  const win: SignupWindowLike = {
    addEventListener: (_type, listener) => void listeners.push(listener),
    location: { origin: ORIGIN },
  }
  const invoked: unknown[][] = []
  forwardSignupResults(win, {
    invoke: async (channel, ...args) => {
      invoked.push([channel, ...args])
      return { accepted: true }
    },
  })
  const post = (data: unknown, from: { source?: unknown; origin?: string } = {}) => {
    for (const listener of listeners) {
      listener({
        data,
        source: from.source === undefined ? win : from.source,
        origin: from.origin ?? ORIGIN,
      })
    }
  }
  return { post, invoked, listeners }
}

const message = (more: Record<string, unknown> = {}) => ({
  type: SIGNUP_RESULT_TYPE,
  state: 'sess-0123456789',
  code: 'AQD-code',
  events: ['{"type":"WA_EMBEDDED_SIGNUP","event":"FINISH","data":{}}'],
  ...more,
})

describe('forwardSignupResults', () => {
  it('listens for messages and exposes nothing', () => {
    const { listeners } = setup()
    expect(listeners).toHaveLength(1)
  })

  it("forwards the launcher's result, once, as {state, code, events} on the one signup channel", () => {
    const { post, invoked } = setup()
    post(message({ extra: 'dropped' }))
    post(message({ code: 'second' }))
    expect(invoked).toEqual([
      [
        IPC_SIGNUP_RESULT,
        {
          state: 'sess-0123456789',
          code: 'AQD-code',
          events: ['{"type":"WA_EMBEDDED_SIGNUP","event":"FINISH","data":{}}'],
        },
      ],
    ])
  })

  it('ignores messages from another window, another origin, or not in the protocol', () => {
    const { post, invoked } = setup()
    post(message(), { source: { name: 'the ES popup' } })
    post(message(), { source: null })
    post(message(), { origin: 'https://www.facebook.com' })
    post(message(), { origin: `${ORIGIN}.evil.example` })
    post(JSON.stringify(message()))
    post(message({ type: 'WA_EMBEDDED_SIGNUP' }))
    post(message({ state: 42 }))
    post(message({ events: 'not a list' }))
    expect(invoked).toEqual([])
  })
})
