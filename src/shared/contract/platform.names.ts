/** The platform domain's channel and event names (zod-free, for the preload). */
export const platformNames = {
  channels: ['platform:check'],
  events: [],
} as const
