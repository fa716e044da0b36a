import type { TemplateRejectionReason } from '@shared/whatsapp/webhook-management-schema'
import type { WebhookEmitter } from '../ports'
import { templateStatusEntry } from '../webhooks/payloads'
import type { Template, TemplateStatus } from '../world/types'
import type { World } from '../world/world'

/**
 * Template review (https://developers.facebook.com/documentation/business-messaging/whatsapp/templates/template-management): a new or edited template is PENDING, then after
 * `template_review_delay_ms` (scaled by time_scale) APPROVED or REJECTED, announced with a
 * `message_template_status_update` webhook to the app.
 */
export function setTemplateStatus(
  emitter: WebhookEmitter,
  template: Template,
  status: TemplateStatus,
  reason: TemplateRejectionReason = 'NONE',
): void {
  template.status = status
  template.rejected_reason = status === 'REJECTED' ? reason : 'NONE'
  const entry = templateStatusEntry(template.waba_id, {
    event: status,
    templateId: template.id,
    name: template.name,
    language: template.language,
    reason,
    category: template.category,
  })
  emitter.emit(entry, { wabaId: template.waba_id })
}

export function reviewVerdict(
  world: World,
  template: Template,
): { status: TemplateStatus; reason: TemplateRejectionReason } {
  const outcome = world.config.template_review_outcome
  const reject = outcome === 'REJECTED' || (outcome === 'auto' && template.name.includes('reject'))
  return reject
    ? { status: 'REJECTED', reason: 'INVALID_FORMAT' }
    : { status: 'APPROVED', reason: 'NONE' }
}

export function scheduleReview(world: World, emitter: WebhookEmitter, template: Template): void {
  template.cancelReview?.()
  template.status = 'PENDING'
  template.cancelReview = world.clock.after(world.config.template_review_delay_ms, () => {
    template.cancelReview = null
    if (world.templates.get(template.id) !== template || template.status !== 'PENDING') return
    const verdict = reviewVerdict(world, template)
    setTemplateStatus(emitter, template, verdict.status, verdict.reason)
  })
}
