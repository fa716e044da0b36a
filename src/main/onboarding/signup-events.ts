import type { SignupEvent, SignupFinish } from '@shared/contract/onboarding'
import { redact } from '@shared/redact'
import { parseEsMessage, type EsEvent } from '@shared/whatsapp/es-events'

/** One parsed `WA_EMBEDDED_SIGNUP` message event, ready to record. */
export interface ParsedSignupEvent {
  event: SignupEvent
  parsed: EsEvent
  /** The event as received, redacted, for the record. */
  raw: string
}

const nonEmpty = (value: string | undefined) => (value ? value : null)

/**
 * Parses the message-event `data` the launcher collected. Meta posts JSON strings; an object (what
 * some wrappers forward) is read the same way. Anything that is not an ES event is dropped.
 * https://developers.facebook.com/documentation/business-messaging/whatsapp/embedded-signup/implementation#session-logging-message-event-listener
 */
export function parseSignupEvents(raw: readonly unknown[], at: string): ParsedSignupEvent[] {
  const out: ParsedSignupEvent[] = []
  for (const data of raw) {
    const text = typeof data === 'string' ? data : JSON.stringify(data ?? null)
    const parsed = parseEsMessage(text)
    if (!parsed) continue
    out.push({ event: toRecord(parsed, at), parsed, raw: JSON.stringify(redact(text)) })
  }
  return out
}

function toRecord(parsed: EsEvent, at: string): SignupEvent {
  const none = {
    currentStep: null,
    errorCode: null,
    errorMessage: null,
    metaSessionId: null,
    wabaId: null,
    phoneNumberId: null,
    businessId: null,
  }
  switch (parsed.kind) {
    case 'finish':
      return {
        ...none,
        at,
        kind: 'finish',
        event: parsed.event,
        wabaId: nonEmpty(parsed.data.waba_id),
        phoneNumberId: nonEmpty(parsed.data.phone_number_id),
        businessId: nonEmpty(parsed.data.business_id),
      }
    case 'cancel':
      return { ...none, at, kind: 'cancel', event: 'CANCEL', currentStep: parsed.currentStep }
    case 'error':
      return {
        ...none,
        at,
        kind: 'error',
        event: parsed.event,
        errorCode: parsed.errorCode,
        errorMessage: parsed.errorMessage,
        metaSessionId: parsed.sessionId,
      }
  }
}

export interface SignupOutcome {
  finish: {
    event: SignupFinish
    wabaId: string | null
    phoneNumberId: string | null
    businessId: string | null
  } | null
  cancel: { currentStep: string | null } | null
  error: { errorCode: string | null; errorMessage: string } | null
}

/** What the events say happened: the last finish, cancel or error event wins within its kind. */
export function outcomeOf(events: readonly ParsedSignupEvent[]): SignupOutcome {
  const outcome: SignupOutcome = { finish: null, cancel: null, error: null }
  for (const { event, parsed } of events) {
    if (parsed.kind === 'finish') {
      outcome.finish = {
        event: parsed.event,
        wabaId: event.wabaId,
        phoneNumberId: event.phoneNumberId,
        businessId: event.businessId,
      }
    } else if (parsed.kind === 'cancel') {
      outcome.cancel = { currentStep: parsed.currentStep }
    } else {
      outcome.error = { errorCode: parsed.errorCode, errorMessage: parsed.errorMessage }
    }
  }
  return outcome
}
