import { expect } from 'vitest'
import { normaliseWebhook, type NormalisedUpdate } from './normalise'

/** For tests: the single update a body gives, checked to be of `kind`. */
export function only<K extends NormalisedUpdate['kind']>(body: unknown, kind: K) {
  const updates = normaliseWebhook(body)
  expect(updates).toHaveLength(1)
  const update = updates[0]!
  expect(update.kind).toBe(kind)
  return update as Extract<NormalisedUpdate, { kind: K }>
}
