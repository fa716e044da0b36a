import { aiNames } from './ai.names'
import { analyticsNames } from './analytics.names'
import { appNames } from './app.names'
import { draftsNames } from './drafts.names'
import { messagingNames } from './messaging.names'
import { onboardingNames } from './onboarding.names'
import { outboxNames } from './outbox.names'
import { platformNames } from './platform.names'
import { secretsNames } from './secrets.names'
import { settingsNames } from './settings.names'
import { tunnelNames } from './tunnel.names'

/**
 * The names of every channel and push event, composed from each domain's `<domain>.names.ts`. This
 * module and those are dependency-free so the sandboxed preload can build the `api` object without
 * bundling zod; each domain's `<domain>.ts` gives its names their schemas, and the compiler checks
 * that the two match. A new domain adds its two files and one spread here and in channels.ts.
 */
export const channelNames = [
  ...appNames.channels,
  ...settingsNames.channels,
  ...secretsNames.channels,
  ...platformNames.channels,
  ...onboardingNames.channels,
  ...tunnelNames.channels,
  ...messagingNames.channels,
  ...outboxNames.channels,
  ...aiNames.channels,
  ...analyticsNames.channels,
  ...draftsNames.channels,
] as const

export const eventNames = [
  ...appNames.events,
  ...settingsNames.events,
  ...secretsNames.events,
  ...platformNames.events,
  ...onboardingNames.events,
  ...tunnelNames.events,
  ...messagingNames.events,
  ...outboxNames.events,
  ...aiNames.events,
  ...analyticsNames.events,
  ...draftsNames.events,
] as const

export type ChannelName = (typeof channelNames)[number]
export type EventName = (typeof eventNames)[number]

/** The channel names of one domain's names module. */
export type ChannelsOf<N extends { channels: readonly string[] }> = N['channels'][number]
/** The event names of one domain's names module. */
export type EventsOf<N extends { events: readonly string[] }> = N['events'][number]

const channelSet: ReadonlySet<string> = new Set(channelNames)
const eventSet: ReadonlySet<string> = new Set(eventNames)

export const isChannelName = (value: unknown): value is ChannelName =>
  typeof value === 'string' && channelSet.has(value)
export const isEventName = (value: unknown): value is EventName =>
  typeof value === 'string' && eventSet.has(value)
