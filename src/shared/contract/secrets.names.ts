/** The secrets domain's channel and event names (zod-free, for the preload). */
export const secretsNames = {
  channels: ['secrets:status', 'secrets:set', 'secrets:delete'],
  events: [],
} as const
