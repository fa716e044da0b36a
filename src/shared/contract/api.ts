import type { ChannelInput, ChannelOutput, EventPayload } from './channels'
import { channelNames, type ChannelName, type EventName } from './names'
import type { Result } from './result'

type CamelCase<S extends string> = S extends `${infer Head}-${infer Tail}`
  ? `${Head}${Capitalize<CamelCase<Tail>>}`
  : S

type DomainOf<C extends string> = C extends `${infer D}:${string}` ? D : never
type ActionOf<C extends string> = C extends `${string}:${infer A}` ? A : never

type Method<C extends ChannelName> =
  undefined extends ChannelInput<C>
    ? (input?: ChannelInput<C>) => Promise<Result<ChannelOutput<C>>>
    : (input: ChannelInput<C>) => Promise<Result<ChannelOutput<C>>>

/**
 * The object the renderer talks to, identical whether the preload (Electron) or the WebSocket client
 * (browser mode) built it: `api.settings.get()`, `api.secrets.set({…})`, `api.on('app:ready', fn)`.
 */
export type Api = {
  [D in DomainOf<ChannelName>]: {
    [C in Extract<ChannelName, `${D}:${string}`> as CamelCase<ActionOf<C>>]: Method<C>
  }
} & {
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void
}

export type Invoke = (channel: ChannelName, input: unknown) => Promise<Result<unknown>>
export type Subscribe = (event: EventName, listener: (payload: unknown) => void) => () => void

const camelCase = (kebab: string): string =>
  kebab.replace(/-([a-z])/g, (_, letter: string) => letter.toUpperCase())

/** Builds the `api` object from a transport's invoke/subscribe pair. Used by both transports. */
export function buildApi(invoke: Invoke, subscribe: Subscribe): Api {
  const api: Record<string, Record<string, unknown>> = {}
  for (const channel of channelNames) {
    const [domain, action] = channel.split(':') as [string, string]
    const group = (api[domain] ??= {})
    group[camelCase(action)] = (input?: unknown) => invoke(channel, input)
  }
  const on = (event: EventName, listener: (payload: unknown) => void) => subscribe(event, listener)
  return Object.freeze({ ...api, on }) as unknown as Api
}
