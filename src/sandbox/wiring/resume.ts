import { scheduleReview } from '../graph/template-review'
import type { WebhookEmitter } from '../ports'
import type { StoredDelivery, WebhookDispatcher } from '../webhooks/dispatcher-types'
import type { World } from '../world/world'
import type { ResettableLifecycle } from './lifecycle'

/**
 * What was under way when the sandbox last stopped, started again once the world is loaded:
 * - a template still PENDING gets its review again (the full review delay, from now);
 * - a message left `accepted` or `sent` goes on to its next statuses, and a `delivered` one can
 *   still be read (statuses already sent are not sent again);
 * - webhook batches not yet acknowledged are retried at their saved time (at once if it passed).
 * Simulated customers' pending replies are not resumed: a conversation is started again.
 */
export function resumeWorld(deps: {
  world: World
  emitter: WebhookEmitter
  lifecycle: ResettableLifecycle
  dispatcher: Pick<WebhookDispatcher, 'restore'>
  deliveries: readonly StoredDelivery[]
}): void {
  const { world } = deps
  for (const template of world.templates.peekValues()) {
    if (template.status === 'PENDING') scheduleReview(world, deps.emitter, template)
  }
  for (const sent of world.sent.peekValues()) deps.lifecycle.resume(sent)
  deps.dispatcher.restore(deps.deliveries)
}
