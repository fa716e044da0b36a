// A fake `api` for component tests: the real contract (inputs and outputs are parsed with its zod
// schemas, so a fixture or a call outside the contract fails the test), with handlers per channel.
import { buildApi } from '@shared/contract/api'
import {
  channels,
  events,
  type ChannelOutput,
  type ChannelParsedInput,
  type EventPayload,
} from '@shared/contract/channels'
import { AppError, type AppErrorData } from '@shared/contract/errors'
import type { ChannelName, EventName } from '@shared/contract/names'
import type { Result } from '@shared/contract/result'

type Handler<C extends ChannelName> = (
  input: ChannelParsedInput<C>,
) => ChannelOutput<C> | Promise<ChannelOutput<C>>

export interface FakeCall {
  channel: ChannelName
  input: unknown
}

export function createFakeApi() {
  const handlers = new Map<ChannelName, (input: unknown) => unknown>()
  const listeners = new Map<EventName, Set<(payload: unknown) => void>>()
  const calls: FakeCall[] = []

  const invoke = async (channel: ChannelName, raw: unknown): Promise<Result<unknown>> => {
    const input = channels[channel].input.parse(raw)
    calls.push({ channel, input })
    const handler = handlers.get(channel)
    if (!handler) {
      return {
        ok: false,
        error: { code: 'UNAVAILABLE', message: `No fake for ${channel}`, retryable: false },
      }
    }
    try {
      return { ok: true, value: channels[channel].output.parse(await handler(input)) }
    } catch (error) {
      if (AppError.is(error)) return { ok: false, error: error.toData() }
      throw error
    }
  }

  const subscribe = (event: EventName, listener: (payload: unknown) => void) => {
    const set = listeners.get(event) ?? new Set()
    listeners.set(event, set)
    set.add(listener)
    return () => void set.delete(listener)
  }

  return {
    api: buildApi(invoke, subscribe),
    calls,
    /** Answers a channel (the value is checked against the contract's output schema). */
    handle<C extends ChannelName>(channel: C, handler: Handler<C>) {
      handlers.set(channel, handler as (input: unknown) => unknown)
    },
    /** Answers a channel with an error envelope. */
    fail(channel: ChannelName, error: AppErrorData) {
      handlers.set(channel, () => {
        throw new AppError(error.code, error.message, {
          retryable: error.retryable,
          ...(error.fix ? { fix: error.fix } : {}),
          ...(error.details ? { details: error.details } : {}),
        })
      })
    },
    /** Pushes an event the way the core does (the payload is checked against the contract). */
    emit<E extends EventName>(event: E, payload: EventPayload<E>) {
      const parsed = events[event].parse(payload)
      for (const listener of [...(listeners.get(event) ?? [])]) listener(parsed)
    },
    callsTo(channel: ChannelName): unknown[] {
      return calls.filter((call) => call.channel === channel).map((call) => call.input)
    },
    reset() {
      handlers.clear()
      listeners.clear()
      calls.length = 0
    },
  }
}

export type FakeApi = ReturnType<typeof createFakeApi>

/** The one fake the mocked `lib/api` module hands out; tests reset it. */
export const fakeApi = createFakeApi()
