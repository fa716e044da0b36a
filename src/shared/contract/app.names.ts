/** The app domain's channel and event names (zod-free: the sandboxed preload imports names only). */
export const appNames = {
  channels: ['app:info'],
  events: ['app:ready', 'app:clock-changed'],
} as const
