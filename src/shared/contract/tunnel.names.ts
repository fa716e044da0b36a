/**
 * The tunnel domain's channel and event names (zod-free, for the preload): the desktop's connection
 * to the webhook relay. Schemas are in tunnel.ts.
 */
export const tunnelNames = {
  channels: ['tunnel:status', 'tunnel:resync'],
  events: ['tunnel:state-changed', 'tunnel:events-applied', 'tunnel:events-projected'],
} as const
