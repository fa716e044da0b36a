import { invalidParam, missingParam } from '../http/graph-error'
import { paginate, selectFields, type FieldGetters } from '../http/fields'
import type { Template } from '../world/types'
import { canAccessWaba } from '../world/tokens'
import {
  denyUnless,
  stringParam,
  success,
  wabaFor,
  type GraphCall,
  type GraphContext,
} from './context'
import { scheduleReview } from './template-review'
import { templateLanguageName } from '@shared/whatsapp/template-languages'
import { checkCategory, checkComponents, checkDraft, invalidTemplate } from './template-validate'

/** `/{waba}/message_templates` GET/POST/DELETE and the template node (https://developers.facebook.com/documentation/business-messaging/whatsapp/templates/template-management). */

const DEFAULT_FIELDS = [
  'name',
  'parameter_format',
  'components',
  'language',
  'status',
  'category',
  'id',
]

function templateFields(template: Template): FieldGetters {
  return {
    id: () => template.id,
    name: () => template.name,
    language: () => template.language,
    status: () => template.status,
    category: () => template.category,
    parameter_format: () => template.parameter_format,
    components: () => template.components,
    rejected_reason: () => template.rejected_reason,
    // A real field (https://developers.facebook.com/documentation/business-messaging/whatsapp/templates/template-management) that Meta fills only for some templates (e.g. utility
    // ORDER_STATUS); the sandbox's templates have none, so it is omitted from answers.
    sub_category: () => undefined,
    quality_score: () => ({ score: 'UNKNOWN', date: Math.floor(template.created_at / 1000) }),
  }
}

const upper = (value: string) => value.toUpperCase()

export function listTemplates(call: GraphCall, ctx: GraphContext): unknown {
  const waba = wabaFor(call, ctx)
  const p = call.params
  const statuses = stringParam(p, 'status')?.split(',').map(upper)
  const name = stringParam(p, 'name')?.toLowerCase()
  const language = stringParam(p, 'language')
  const category = stringParam(p, 'category')?.split(',').map(upper)
  const rows = [...ctx.world.templates.values()]
    .filter((t) => t.waba_id === waba.id)
    .filter((t) => !statuses || statuses.includes(t.status))
    // Meta's name filter matches part of the name; callers pick the exact one themselves.
    .filter((t) => name === undefined || t.name.includes(name))
    .filter((t) => language === undefined || t.language === language)
    .filter((t) => !category || category.includes(t.category))
    .reverse()
  return paginate(rows, p, call.url, (t) =>
    selectFields('WhatsAppMessageTemplate', templateFields(t), DEFAULT_FIELDS, p.fields),
  )
}

export function createTemplate(call: GraphCall, ctx: GraphContext): unknown {
  const waba = wabaFor(call, ctx)
  const world = ctx.world
  const draft = checkDraft(call.params)
  if (world.findTemplate(waba.id, draft.name, draft.language)) {
    const language = templateLanguageName(draft.language)
    throw invalidTemplate(
      'Content in this language already exists',
      `There is already ${language} content for this template. You can create a new template and try again.`,
      2388024,
    )
  }
  const template: Template = {
    id: world.newId('template'),
    waba_id: waba.id,
    ...draft,
    status: 'PENDING',
    rejected_reason: 'NONE',
    created_at: world.clock.now(),
    cancelReview: null,
  }
  world.templates.set(template.id, template)
  world.indexTemplate(template)
  scheduleReview(world, ctx.emitter, template)
  return { id: template.id, status: template.status, category: template.category }
}

function remove(ctx: GraphContext, template: Template): void {
  template.cancelReview?.()
  ctx.world.templates.delete(template.id)
  ctx.world.unindexTemplate(template)
  ctx.world.forget(template.id)
}

/** `DELETE …/message_templates?name=` deletes every language; `&hsm_id=` just that one. */
export function deleteTemplates(call: GraphCall, ctx: GraphContext): unknown {
  const waba = wabaFor(call, ctx)
  const name = stringParam(call.params, 'name')
  if (!name) throw missingParam('name')
  const hsmId = stringParam(call.params, 'hsm_id')
  const matches = [...ctx.world.templates.values()].filter(
    (t) => t.waba_id === waba.id && t.name === name && (hsmId === undefined || t.id === hsmId),
  )
  if (matches.length === 0) {
    throw invalidTemplate(
      'Message template not found',
      `No message template named "${name}" was found.`,
    )
  }
  for (const template of matches) remove(ctx, template)
  return success
}

function templateFor(call: GraphCall, ctx: GraphContext): Template {
  const template = ctx.world.templates.get(call.id)
  denyUnless(
    template !== undefined && canAccessWaba(ctx.world, call.principal, template.waba_id),
    call,
  )
  return template as Template
}

export function getTemplate(call: GraphCall, ctx: GraphContext): unknown {
  const template = templateFor(call, ctx)
  return selectFields(
    'WhatsAppMessageTemplate',
    templateFields(template),
    DEFAULT_FIELDS,
    call.params.fields,
  )
}

/** `POST /{template_id}` edits category and/or components and sends it back to review (TMPL). */
export function editTemplate(call: GraphCall, ctx: GraphContext): unknown {
  const template = templateFor(call, ctx)
  if (!['APPROVED', 'REJECTED', 'PAUSED'].includes(template.status)) {
    throw invalidTemplate(
      'Template cannot be edited',
      `A template in status ${template.status} cannot be edited.`,
    )
  }
  const p = call.params
  if (p.category === undefined && p.components === undefined) {
    throw invalidParam('Nothing to edit: pass category and/or components')
  }
  if (p.category !== undefined) template.category = checkCategory(p.category)
  if (p.components !== undefined)
    template.components = checkComponents(p.components, template.parameter_format)
  scheduleReview(ctx.world, ctx.emitter, template)
  return success
}
