import type { IncomingMessage, ServerResponse } from 'node:http'
import type { z } from 'zod'
import type { SandboxCounters } from '../graph/context'
import { setTemplateStatus } from '../graph/template-review'
import { parseJson, readBody } from '@server-kit/http/body'
import { HttpRefusal } from '@server-kit/http/refusal'
import { sendControlError, sendJson, sendRefusal } from '../http/respond'
import type { Customers } from '../customers/personas'
import type { MessageLifecycle, WebhookEmitter } from '../ports'
import type { DispatcherStats } from '../webhooks/dispatcher-types'
import type { Faults } from '../wiring/faults'
import type { Handshake } from '../wiring/handshake'
import { OnboardingConflict } from '../world/assets'
import type { World } from '../world/world'
import { ControlError, issuesOf, updateConfig } from './config-routes'
import { customerView } from './customer-view'
import { CustomerInputError, customerErrors, customerMessage } from './customers'
import { setQuality } from './quality'
import {
  addPhoneSchema,
  clockSchema,
  conversationSchema,
  readSchema,
  faultsSchema,
  qualitySchema,
  revokeSchema,
  signupSchema,
  templateStatusSchema,
} from './schemas'
import { runSignup } from './signups'
import { snapshot } from './state'
import { stats } from './stats'
import { addPhoneNumber } from './wabas'

/** The control API under `/_sandbox` (documented in docs/sandbox.md). */
export interface ControlContext {
  world: World
  emitter: WebhookEmitter & { counters: { emitted: number; dropped: number } }
  lifecycle: MessageLifecycle
  customers: Customers
  faults: Faults
  handshake: Handshake
  counters: SandboxCounters
  webhookStats(): DispatcherStats
  reset(): void
  startedAt: number
}

type Handler = (body: unknown, url: URL, params: string[]) => unknown

/** Control bodies are small JSON documents. */
export const CONTROL_BODY_BYTES = 1024 * 1024

function parse<T extends z.ZodType>(schema: T, body: unknown): z.infer<T> {
  const result = schema.safeParse(body)
  if (!result.success) throw new ControlError('Invalid request body', issuesOf(result.error.issues))
  return result.data
}

export function createControlRouter(ctx: ControlContext) {
  const { world } = ctx
  const routes: [string, RegExp, Handler][] = [
    ['GET', /^config$/, () => world.config],
    ['POST', /^config$/, (body) => updateConfig(world, ctx.handshake, body)],
    [
      'POST',
      /^signups$/,
      (body) => {
        try {
          return runSignup(world, ctx.emitter, parse(signupSchema, body))
        } catch (error) {
          if (error instanceof OnboardingConflict) throw new ControlError(error.message)
          throw error
        }
      },
    ],
    [
      'POST',
      /^customers\/messages$/,
      (body, url) => asControl(() => customerMessage(world, ctx.emitter, body, url.origin)),
    ],
    [
      'POST',
      /^customers\/errors$/,
      (body) => asControl(() => customerErrors(world, ctx.emitter, body)),
    ],
    [
      'GET',
      /^customers\/(\d+)$/,
      (_body, url, [waId]) =>
        customerView(world, waId as string, url.searchParams.get('phone_number_id')),
    ],
    [
      'GET',
      /^customers\/personas$/,
      () => ({
        personas: ctx.customers.personas().map((p) => ({
          id: p.id,
          name: p.name,
          wa_id: p.waId,
          country: p.country,
          language: p.language,
          reply_style: p.replyStyle,
          reads: p.readDelayMs !== null,
        })),
      }),
    ],
    [
      'POST',
      /^customers\/conversations$/,
      async (body) => {
        const input = parse(conversationSchema, body)
        if (!ctx.customers.personas().some((p) => p.id === input.persona_id)) {
          throw new ControlError(
            `no persona "${input.persona_id}" (see GET /_sandbox/customers/personas)`,
            undefined,
            404,
          )
        }
        try {
          const id = await ctx.customers.startConversation(
            input.phone_number_id,
            input.persona_id,
            input.type,
            {
              viaAd: input.via_ad ?? false,
            },
          )
          return { id }
        } catch (error) {
          if (error instanceof CustomerInputError) throw new ControlError(error.message)
          throw error
        }
      },
    ],
    [
      'POST',
      /^customers\/reads$/,
      (body) => {
        const { message_id: id } = parse(readSchema, body)
        const message = world.sent.get(id)
        if (!message) throw new ControlError(`no business message with id ${id}`, undefined, 404)
        return { id, read: ctx.lifecycle.read(id) }
      },
    ],
    ['GET', /^faults$/, () => ({ faults: ctx.faults.current(), injected: ctx.faults.injected() })],
    [
      'POST',
      /^faults$/,
      (body) => {
        const input = parse(faultsSchema, body)
        const config = {
          rate: input.rate,
          kinds: input.kinds,
          endpoints: input.endpoints ?? null,
          seed: input.seed ?? Math.floor(Math.random() * 2 ** 31),
          slow_ms: input.slow_ms ?? 1500,
        }
        ctx.faults.set(config)
        return { faults: config }
      },
    ],
    ['DELETE', /^faults$/, () => (ctx.faults.clear(), { faults: null })],
    [
      'GET',
      /^state$/,
      (_body, url) => {
        const n = Number(url.searchParams.get('messages') ?? 200)
        return snapshot(world, ctx.faults.current(), {
          messages: Number.isFinite(n) ? Math.max(0, n) : 200,
        })
      },
    ],
    ['GET', /^clock$/, () => clockView(world)],
    [
      'POST',
      /^clock$/,
      (body) => {
        world.clock.advance(parse(clockSchema, body).advance_seconds * 1000)
        return clockView(world)
      },
    ],
    [
      'POST',
      /^wabas\/(\d+)\/phone_numbers$/,
      (body, _url, [id]) => addPhoneNumber(world, id as string, parse(addPhoneSchema, body)),
    ],
    [
      'POST',
      /^phones\/(\d+)\/quality$/,
      (body, _url, [id]) =>
        setQuality(world, ctx.emitter, id as string, parse(qualitySchema, body)),
    ],
    [
      'POST',
      /^tokens\/revoke$/,
      (body) => {
        const token = world.tokens.get(parse(revokeSchema, body).access_token)
        if (!token) throw new ControlError('no business token with that value', undefined, 404)
        token.revoked = true
        return { revoked: true }
      },
    ],
    [
      'POST',
      /^templates\/(\d+)\/status$/,
      (body, _url, [id]) => {
        const input = parse(templateStatusSchema, body)
        const template = world.templates.get(id as string)
        if (!template) throw new ControlError(`no template with id ${id}`, undefined, 404)
        template.cancelReview?.()
        template.cancelReview = null
        setTemplateStatus(ctx.emitter, template, input.status, input.reason ?? 'NONE')
        return { id: template.id, status: template.status }
      },
    ],
    ['POST', /^reset$/, () => (ctx.reset(), { reset: true })],
    ['GET', /^stats$/, () => stats(ctx)],
  ]

  /**
   * Answers a control request (the caller has checked Host, Origin, token and Content-Type).
   * `route` names the route instead of the URL: the ES dialog's confirm reaches `signups` this way.
   */
  return async function handleControl(
    req: IncomingMessage,
    res: ServerResponse,
    url: URL,
    route?: string,
  ): Promise<void> {
    const path = route ?? url.pathname.replace(/^\/_sandbox\/?/, '').replace(/\/$/, '')
    const method = req.method ?? 'GET'
    try {
      const raw = await readBody(req, CONTROL_BODY_BYTES)
      let body: unknown = {}
      if (raw.length > 0) {
        try {
          body = parseJson(raw.toString('utf8'))
        } catch {
          throw new ControlError('The body is not valid JSON')
        }
      }
      let pathMatched = false
      for (const [routeMethod, pattern, handler] of routes) {
        const match = pattern.exec(path)
        if (!match) continue
        pathMatched = true
        if (routeMethod !== method) continue
        sendJson(res, 200, await handler(body, url, match.slice(1)))
        return
      }
      if (path === '') {
        const shown = (p: RegExp) =>
          p.source.slice(1, -1).replaceAll('(\\d+)', '{id}').replaceAll('\\/', '/')
        sendJson(res, 200, { endpoints: routes.map(([m, p]) => `${m} /_sandbox/${shown(p)}`) })
        return
      }
      throw new ControlError(
        pathMatched
          ? `Method ${method} is not allowed here`
          : `No control endpoint ${url.pathname}`,
        undefined,
        pathMatched ? 405 : 404,
      )
    } catch (error) {
      if (error instanceof ControlError)
        sendControlError(res, error.status, error.message, error.details)
      else if (error instanceof HttpRefusal) sendRefusal(res, error)
      else sendControlError(res, 500, error instanceof Error ? error.message : String(error))
    }
  }
}

/** Customer input errors become the control API's 400. */
function asControl<T>(run: () => T): T {
  try {
    return run()
  } catch (error) {
    if (error instanceof CustomerInputError) throw new ControlError(error.message, error.details)
    throw error
  }
}

function clockView(world: World) {
  const now = world.clock.now()
  return { now, iso: new Date(now).toISOString(), time_scale: world.clock.timeScale() }
}
