import { channelNames } from '@shared/contract/names'
import type { Handlers } from '../router'

const notCalled = () => Promise.reject(new Error('not called in this test'))

/**
 * Handlers for router and transport tests: the given ones, and for every other channel one that
 * fails if called — so such tests don't list every channel and don't change when a domain is added.
 */
export function stubHandlers(given: Partial<Handlers> = {}): Handlers {
  const all: Record<string, unknown> = {}
  for (const channel of channelNames) all[channel] = given[channel] ?? notCalled
  return all as Handlers
}
