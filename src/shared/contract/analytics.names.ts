/**
 * The analytics domain's channel and event names (zod-free, for the preload): the dashboard's
 * figures for a date range and the partner's rate card. Schemas are in analytics.ts.
 */
export const analyticsNames = {
  channels: ['analytics:overview', 'analytics:rate-card', 'analytics:import-rate-card'],
  events: [],
} as const
