import { z } from 'zod'

/**
 * Embedded Signup session events (https://developers.facebook.com/documentation/business-messaging/whatsapp/embedded-signup/implementation). The ES popup posts `event.data` as a JSON
 * *string* `{type:'WA_EMBEDDED_SIGNUP', event, data, version?}`; the SDK also posts non-JSON and
 * foreign messages to the same window, which must be ignored.
 *
 *   parseEsMessage(data: unknown): EsEvent | null
 *     EsEvent = {kind:'finish', event: FINISH | FINISH_ONLY_WABA | FINISH_WHATSAPP_BUSINESS_APP_ONBOARDING
 *                  | FINISH_OBO_MIGRATION | FINISH_GRANT_ONLY_API_ACCESS, data:{phone_number_id?, waba_id?, business_id?, …}}
 *             | {kind:'cancel', currentStep}                                  (abandoned at a step)
 *             | {kind:'error', errorCode, errorMessage, sessionId, timestamp, event} (error form, or ERROR)
 *   isMetaOrigin(origin: string): boolean — exact-hostname check for live mode
 */

export const ES_FINISH_EVENTS = [
  'FINISH',
  'FINISH_ONLY_WABA',
  'FINISH_WHATSAPP_BUSINESS_APP_ONBOARDING',
  'FINISH_OBO_MIGRATION',
  'FINISH_GRANT_ONLY_API_ACCESS',
] as const
export type EsFinishEvent = (typeof ES_FINISH_EVENTS)[number]

export const ES_CANCEL_STEPS = [
  'BUSINESS_ACCOUNT_SELECTION',
  'WABA_PHONE_PROFILE_PICKER',
  'WHATSAPP_BUSINESS_PROFILE_SETUP',
  'PHONE_NUMBER_SETUP',
  'PHONE_NUMBER_VERIFICATION',
  'PERMISSIONS',
] as const
export type EsCancelStep = (typeof ES_CANCEL_STEPS)[number]

const idList = z.array(z.string()).optional()

/**
 * Finish data. Ids are optional and may be "" (FINISH_ONLY_WABA's documented example carries empty
 * strings; whether coexistence carries `phone_number_id` is UNCONFIRMED) — consumers check.
 */
const finishDataSchema = z.looseObject({
  phone_number_id: z.string().optional(),
  waba_id: z.string().optional(),
  business_id: z.string().optional(),
  ad_account_ids: idList,
  page_ids: idList,
  dataset_ids: idList,
  catalog_ids: idList,
  instagram_account_ids: idList,
  waba_ids: idList,
})
export type EsFinishData = z.infer<typeof finishDataSchema>

/**
 * The error form: the field was `error_id` in the Nov 2025 page and `error_code` in Mar 2026;
 * codes and timestamps arrive as numbers or strings. Both names are accepted.
 */
const errorDataSchema = z.looseObject({
  error_message: z.string(),
  error_code: z.union([z.string(), z.number()]).optional(),
  error_id: z.union([z.string(), z.number()]).optional(),
  session_id: z.string().optional(),
  timestamp: z.union([z.string(), z.number()]).optional(),
})

const envelopeSchema = z.looseObject({
  type: z.literal('WA_EMBEDDED_SIGNUP'),
  event: z.string(),
  data: z.unknown().optional(),
  version: z.union([z.number(), z.string()]).optional(),
})

export type EsEvent =
  | { kind: 'finish'; event: EsFinishEvent; data: EsFinishData; version?: number | string }
  | { kind: 'cancel'; currentStep: EsCancelStep | (string & {}); version?: number | string }
  | {
      kind: 'error'
      /** `CANCEL` for the documented error form; `ERROR` where Meta lists it as a finish type. */
      event: 'CANCEL' | 'ERROR'
      errorCode: string | null
      errorMessage: string
      sessionId: string | null
      timestamp: string | null
      version?: number | string
    }

const finishEvents: ReadonlySet<string> = new Set(ES_FINISH_EVENTS)

/** Parses a `message` event's `data`. Anything that is not a well-formed ES event → null. */
export function parseEsMessage(raw: unknown): EsEvent | null {
  if (typeof raw !== 'string') return null
  let json: unknown
  try {
    json = JSON.parse(raw)
  } catch {
    return null
  }
  const parsed = envelopeSchema.safeParse(json)
  if (!parsed.success) return null
  const { event, data, version } = parsed.data
  const v = version === undefined ? {} : { version }

  const error = errorDataSchema.safeParse(data)
  if ((event === 'CANCEL' || event === 'ERROR') && error.success) {
    const code = error.data.error_code ?? error.data.error_id
    return {
      kind: 'error',
      event,
      errorCode: code === undefined ? null : String(code),
      errorMessage: error.data.error_message,
      sessionId: error.data.session_id ?? null,
      timestamp: error.data.timestamp === undefined ? null : String(error.data.timestamp),
      ...v,
    }
  }
  if (event === 'CANCEL') {
    const cancel = z.looseObject({ current_step: z.string() }).safeParse(data)
    return cancel.success ? { kind: 'cancel', currentStep: cancel.data.current_step, ...v } : null
  }
  if (event === 'ERROR') {
    // Shape not fully documented (https://developers.facebook.com/documentation/business-messaging/whatsapp/embedded-signup/implementation): keep whatever message there is rather than dropping the event.
    const message = z.looseObject({ error_message: z.string() }).safeParse(data)
    return {
      kind: 'error',
      event,
      errorCode: null,
      errorMessage: message.success ? message.data.error_message : 'Embedded Signup error',
      sessionId: null,
      timestamp: null,
      ...v,
    }
  }
  if (finishEvents.has(event)) {
    const finish = finishDataSchema.safeParse(data ?? {})
    if (!finish.success) return null
    return { kind: 'finish', event: event as EsFinishEvent, data: finish.data, ...v }
  }
  return null
}

const META_HOSTS: ReadonlySet<string> = new Set([
  'www.facebook.com',
  'web.facebook.com',
  'facebook.com',
  'business.facebook.com',
])

/** The exact origins ES message events come from in live mode (for pages that check origins themselves). */
export const metaEventOrigins: readonly string[] = [...META_HOSTS].map((host) => `https://${host}`)

/**
 * Live-mode origin check for ES message events. Meta only documents `endsWith('facebook.com')`,
 * which also accepts `evilfacebook.com` (https://developers.facebook.com/documentation/business-messaging/whatsapp/embedded-signup/implementation); we compare the exact hostname instead, https only,
 * default port only. Popups may be redirected to `web.facebook.com` (FBE doc), hence the list.
 */
export function isMetaOrigin(origin: string): boolean {
  let url: URL
  try {
    url = new URL(origin)
  } catch {
    return false
  }
  return (
    url.protocol === 'https:' &&
    url.port === '' &&
    url.username === '' &&
    url.password === '' &&
    META_HOSTS.has(url.hostname) &&
    // An origin is scheme://host[:port] — anything more is not what a MessageEvent carries.
    origin === `https://${url.hostname}`
  )
}
