/**
 * The sending side's channel and event names (zod-free, for the preload): the outbox (send, retry,
 * cancel, read receipts, throughput), templates and media. Schemas are in outbox.ts.
 */
export const outboxNames = {
  channels: [
    'messages:send',
    'messages:mark-read',
    'messages:retry',
    'messages:cancel',
    'outbox:list',
    'outbox:settings',
    'outbox:set-throughput',
    'templates:list',
    'templates:sync',
    'templates:create',
    'media:upload',
    'media:get',
  ],
  events: ['outbox:changed', 'templates:changed', 'media:changed'],
} as const
