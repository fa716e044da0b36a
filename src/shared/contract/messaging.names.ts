/**
 * The messaging domain's channel and event names (zod-free, for the preload): conversations,
 * messages, search, and webhook events no client owns. Schemas are in messaging.ts. Sending
 * (the outbox) has its own names module.
 */
export const messagingNames = {
  channels: [
    'conversations:list',
    'conversations:get',
    'conversations:mark-read',
    'messages:list',
    'messages:get',
    'messages:search',
    'messaging:unassigned',
  ],
  events: ['messages:received', 'messages:status-changed', 'conversations:changed'],
} as const
