/**
 * The review domain's channel and event names (zod-free, for the preload): AI drafts waiting for
 * an agent, the actions on them, each client's and conversation's AI policy, take over and release,
 * who is editing which draft, and the acceptance rates. Schemas are in drafts.ts.
 */
export const draftsNames = {
  channels: [
    'drafts:list',
    'drafts:get',
    'drafts:approve',
    'drafts:send',
    'drafts:reject',
    'drafts:regenerate',
    'drafts:presence',
    'drafts:rates',
    'drafts:client-policy',
    'drafts:set-client-policy',
    'drafts:conversation',
    'drafts:set-conversation-policy',
    'drafts:take-over',
    'drafts:release',
  ],
  events: ['drafts:changed', 'drafts:presence-changed', 'drafts:conversation-changed'],
} as const
