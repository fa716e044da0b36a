import { z } from 'zod'
import { noInput, type ChannelDef } from './domain'
import type { ChannelsOf, EventsOf } from './names'
import type { tunnelNames } from './tunnel.names'

/**
 * Where webhooks come from: the relay started inside the console (sandbox mode), a relay at
 * `RELAY_URL`, or none (live mode without `RELAY_URL`: nothing can receive Meta's webhooks).
 */
export const tunnelRelaySchema = z.enum(['embedded', 'remote', 'none'])

/**
 * - `off`: no relay to connect to (see `error` for why and the fix);
 * - `connecting`: opening the WebSocket, or waiting for the relay's welcome;
 * - `catching-up`: connected, receiving events stored while this desktop was away;
 * - `connected`: connected and up to date, events arrive live;
 * - `disconnected`: the connection failed or dropped; it is retried at `retryAt`.
 */
export const tunnelStateSchema = z.enum([
  'off',
  'connecting',
  'catching-up',
  'connected',
  'disconnected',
])
export type TunnelState = z.infer<typeof tunnelStateSchema>

const isoTime = z.iso.datetime({ offset: true })

export const tunnelStatusSchema = z.object({
  relay: tunnelRelaySchema,
  /** The relay's base URL (for the embedded relay, its loopback URL); null when there is none. */
  relayUrl: z.string().nullable(),
  state: tunnelStateSchema,
  lag: z.object({
    /** Events stored at the relay that this desktop has not applied yet; null when unknown. */
    events: z.number().int().nonnegative().nullable(),
    /** How much older than the relay's newest event the newest applied event is, in seconds. */
    seconds: z.number().nonnegative().nullable(),
  }),
  /** When the relay received the newest event this desktop applied. */
  lastEventAt: isoTime.nullable(),
  /** Relay events recorded in this data directory (duplicates included, each once). */
  eventsApplied: z.number().int().nonnegative(),
  /** Recorded events not yet in the conversations (after a long absence the inbox fills behind). */
  inboxBacklog: z.number().int().nonnegative(),
  /** A re-sync in progress: events received since this time are being replayed. */
  resyncSince: isoTime.nullable(),
  /** The next connection attempt, while disconnected. */
  retryAt: isoTime.nullable(),
  /** Why the tunnel is off or disconnected, and what to do about it. */
  error: z.object({ message: z.string(), fix: z.string().optional() }).nullable(),
})
export type TunnelStatus = z.infer<typeof tunnelStatusSchema>

export const tunnelResyncInputSchema = z.strictObject({
  /** Replay every event the relay received at or after this time (already applied ones are skipped). */
  since: isoTime.refine((value) => Date.parse(value) <= Date.now() + 60_000, {
    message: 'must not be in the future',
  }),
})

export const tunnelEventsAppliedSchema = z.object({
  /** Events recorded by this batch (one transaction). */
  recorded: z.number().int().nonnegative(),
  /** Of those, events whose every message and status had been applied before. */
  duplicates: z.number().int().nonnegative(),
  /** Events of the batch that were already recorded (a re-sync or a re-delivery). */
  alreadyApplied: z.number().int().nonnegative(),
  /** The relay's receive time of the batch's newest event. */
  lastReceivedAt: isoTime,
  appliedAt: isoTime,
})
export type TunnelEventsApplied = z.infer<typeof tunnelEventsAppliedSchema>

export const tunnelEventsProjectedSchema = z.object({
  /** Recorded events this transaction applied to the conversations (and what else derives from them). */
  projected: z.number().int().positive(),
  /** Recorded events still waiting to be applied (a backlog fills the inbox after a long absence). */
  backlog: z.number().int().nonnegative(),
})
export type TunnelEventsProjected = z.infer<typeof tunnelEventsProjectedSchema>

export const tunnelChannels = {
  'tunnel:status': { input: noInput, output: tunnelStatusSchema },
  /** "Re-sync from a date": replays from the relay's log; nothing is applied twice. */
  'tunnel:resync': { input: tunnelResyncInputSchema, output: tunnelStatusSchema },
} as const satisfies Record<ChannelsOf<typeof tunnelNames>, ChannelDef>

export const tunnelEvents = {
  /** The connection's state, lag or error changed. */
  'tunnel:state-changed': tunnelStatusSchema,
  /** A batch of relay events was recorded in the database (one transaction). */
  'tunnel:events-applied': tunnelEventsAppliedSchema,
  /** Recorded events were applied to the conversations, templates and numbers (one transaction). */
  'tunnel:events-projected': tunnelEventsProjectedSchema,
} as const satisfies Record<EventsOf<typeof tunnelNames>, z.ZodType>
