/**
 * The names of every channel and push event. This module is dependency-free so the sandboxed preload
 * can build the `api` object from it without bundling zod; `channels.ts` and `events.ts` give each
 * name its schemas and the compiler checks the two lists match.
 */
export const channelNames = [
  'app:info',
  'settings:get',
  'settings:set',
  'secrets:status',
  'secrets:set',
  'secrets:delete',
  'platform:check',
] as const

export const eventNames = ['app:ready'] as const

export type ChannelName = (typeof channelNames)[number]
export type EventName = (typeof eventNames)[number]

const channelSet: ReadonlySet<string> = new Set(channelNames)
const eventSet: ReadonlySet<string> = new Set(eventNames)

export const isChannelName = (value: unknown): value is ChannelName =>
  typeof value === 'string' && channelSet.has(value)
export const isEventName = (value: unknown): value is EventName =>
  typeof value === 'string' && eventSet.has(value)
