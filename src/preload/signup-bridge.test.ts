import { describe, expect, it } from 'vitest'
import { IPC_SIGNUP_RESULT } from '@shared/contract/transport'
import { exposeSignupBridge, type SignupBridge } from './signup-bridge'

function expose(reply: (message: unknown) => Promise<unknown>) {
  const invoked: unknown[][] = []
  const exposed: { key: string; api: unknown }[] = []
  exposeSignupBridge(
    { exposeInMainWorld: (key, api) => void exposed.push({ key, api }) },
    {
      invoke: (channel, ...args) => {
        invoked.push([channel, ...args])
        return reply(args[0])
      },
    },
  )
  return { invoked, exposed, bridge: exposed[0]?.api as SignupBridge }
}

describe('exposeSignupBridge', () => {
  it('exposes exactly one object with exactly one function', () => {
    const { exposed } = expose(async () => ({ accepted: true }))
    expect(exposed.map((entry) => entry.key)).toEqual(['wapcSignup'])
    const api = exposed[0]!.api as Record<string, unknown>
    expect(Object.keys(api)).toEqual(['deliver'])
    expect(typeof api.deliver).toBe('function')
  })

  it('sends the result on the one signup channel and returns main’s reply', async () => {
    const { bridge, invoked } = expose(async () => ({ accepted: true }))
    const result = {
      state: 's'.repeat(16),
      code: 'c0de',
      events: ['{"type":"WA_EMBEDDED_SIGNUP"}'],
    }
    expect(await bridge.deliver(result)).toEqual({ accepted: true })
    expect(invoked).toEqual([[IPC_SIGNUP_RESULT, result]])
  })

  it('turns a rejected invoke or an odd reply into a refusal instead of throwing', async () => {
    const gone = expose(() => Promise.reject(new Error('No handler registered')))
    expect(await gone.bridge.deliver({})).toEqual({
      accepted: false,
      reason: 'The app did not answer: No handler registered',
    })
    const odd = expose(async () => 'surprise')
    expect(await odd.bridge.deliver({})).toEqual({ accepted: false, reason: 'unexpected reply' })
  })
})
