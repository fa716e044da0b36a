/**
 * The AI domain's channel and event names (zod-free, for the preload): each client's knowledge
 * base (entries, facts, import and export) and a local test draft. Schemas are in ai.ts.
 */
export const aiNames = {
  channels: [
    'knowledge:get',
    'knowledge:save-entry',
    'knowledge:delete-entry',
    'knowledge:save-fact',
    'knowledge:delete-fact',
    'knowledge:import',
    'knowledge:export',
    'knowledge:try',
  ],
  events: ['knowledge:changed'],
} as const
