import type { z } from 'zod'
import { aiChannels, aiEvents } from './ai'
import { analyticsChannels, analyticsEvents } from './analytics'
import { appChannels, appEvents } from './app'
import { draftsChannels, draftsEvents } from './drafts'
import { messagingChannels, messagingEvents } from './messaging'
import type { ChannelName, EventName } from './names'
import { onboardingChannels, onboardingEvents } from './onboarding'
import { outboxChannels, outboxEvents } from './outbox'
import { platformChannels, platformEvents } from './platform'
import { secretsChannels, secretsEvents } from './secrets'
import { settingsChannels, settingsEvents } from './settings'
import { tunnelChannels, tunnelEvents } from './tunnel'

export type { ChannelDef } from './domain'
// Kept here so existing imports of the app and platform schemas keep working.
export { appInfoSchema, modeSchema, type AppInfo, type Mode } from './app'
export { connectionCheckSchema, type ConnectionCheck } from './platform'

/**
 * Every request/response channel (`<domain>:<action>` → input and output schemas), one spread per
 * domain. Each domain's file checks its map against its names; the check below catches a domain
 * whose names are composed in names.ts but whose map is missing here (or the reverse).
 */
export const channels = {
  ...appChannels,
  ...settingsChannels,
  ...secretsChannels,
  ...platformChannels,
  ...onboardingChannels,
  ...tunnelChannels,
  ...messagingChannels,
  ...outboxChannels,
  ...aiChannels,
  ...analyticsChannels,
  ...draftsChannels,
} as const

/** Push events: core → renderer, no reply. */
export const events = {
  ...appEvents,
  ...settingsEvents,
  ...secretsEvents,
  ...platformEvents,
  ...onboardingEvents,
  ...tunnelEvents,
  ...messagingEvents,
  ...outboxEvents,
  ...aiEvents,
  ...analyticsEvents,
  ...draftsEvents,
} as const

export type Channels = typeof channels
export type ChannelInput<C extends ChannelName> = z.input<Channels[C]['input']>
export type ChannelParsedInput<C extends ChannelName> = z.output<Channels[C]['input']>
export type ChannelOutput<C extends ChannelName> = z.output<Channels[C]['output']>
export type EventPayload<E extends EventName> = z.output<(typeof events)[E]>

// The names module and the schema maps must list exactly the same names.
type Exact<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false
const channelsMatchNames: Exact<keyof Channels, ChannelName> = true
const eventsMatchNames: Exact<keyof typeof events, EventName> = true
void channelsMatchNames
void eventsMatchNames
