/** The settings domain's channel and event names (zod-free, for the preload). */
export const settingsNames = {
  channels: ['settings:get', 'settings:set'],
  events: [],
} as const
