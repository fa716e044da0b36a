import { graphErrorInfo } from '@shared/whatsapp/error-codes'

/**
 * A Graph API error as Meta sends it (https://developers.facebook.com/documentation/business-messaging/whatsapp/support/error-codes):
 * `{"error":{"message":"(#130429) Rate limit hit","type":"OAuthException","code":130429,
 *   "error_data":{"messaging_product":"whatsapp","details":"…"},"error_subcode"?,"fbtrace_id"}}`.
 * Handlers throw it; the router turns it into the response. Title and HTTP status come from the
 * shared error-code table so the sandbox and the Graph client can never disagree.
 */
export interface GraphErrorOptions {
  /** Replaces the default "(#code) title" message (Graph-level errors have their own texts). */
  message?: string
  /** `error_data.details` — WhatsApp endpoints carry it, generic Graph errors do not. */
  details?: string
  subcode?: number
  type?: string
  http?: number
  userTitle?: string
  userMsg?: string
  /** Extra response headers (e.g. WWW-Authenticate on 190). */
  headers?: Record<string, string>
}

export class GraphError extends Error {
  readonly code: number
  readonly http: number
  readonly options: GraphErrorOptions

  constructor(code: number, options: GraphErrorOptions = {}) {
    const info = graphErrorInfo(code)
    super(options.message ?? `(#${code}) ${info.title}`)
    this.name = 'GraphError'
    this.code = code
    this.http = options.http ?? info.http ?? 400
    this.options = options
  }

  body(fbtraceId: string): { error: Record<string, unknown> } {
    const o = this.options
    const error: Record<string, unknown> = {
      message: this.message,
      type: o.type ?? 'OAuthException',
      code: this.code,
    }
    if (o.details !== undefined) {
      error.error_data = { messaging_product: 'whatsapp', details: o.details }
    }
    if (o.subcode !== undefined) error.error_subcode = o.subcode
    if (o.userTitle !== undefined) {
      error.is_transient = false
      error.error_user_title = o.userTitle
    }
    if (o.userMsg !== undefined) error.error_user_msg = o.userMsg
    error.fbtrace_id = fbtraceId
    return { error }
  }
}

/** WhatsApp-style error: "(#code) title" plus `error_data.details`. */
export function waError(code: number, details: string, extra: GraphErrorOptions = {}): GraphError {
  return new GraphError(code, { details, ...extra })
}

/** `(#100) The parameter x is required.` — Graph's wording for a missing top-level param. */
export function missingParam(name: string): GraphError {
  return new GraphError(100, { message: `(#100) The parameter ${name} is required.` })
}

/**
 * A parameter's value as text for messages and comparisons: strings as they are, anything else as
 * JSON. Never `String(value)`: request objects have no prototype, so they have no toString.
 */
export function shown(value: unknown): string {
  if (typeof value === 'string') return value
  return JSON.stringify(value) ?? String(value)
}

/** `(#100) Param x must be one of {A, B} - got "c".` — Graph's wording for an enum param. */
export function enumParam(name: string, allowed: readonly string[], got: unknown): GraphError {
  return new GraphError(100, {
    message: `(#100) Param ${name} must be one of {${allowed.join(', ')}} - got "${shown(got)}".`,
  })
}

export function invalidParam(message: string): GraphError {
  return new GraphError(100, { message: `(#100) ${message}` })
}

type GraphMethod = 'get' | 'post' | 'delete'

/**
 * Graph hides whether an object exists from callers who may not see it: unknown ids, objects the
 * token has no access to, and unsupported method/edge pairs all get this one answer.
 */
export function unsupportedRequest(method: GraphMethod, id: string): GraphError {
  return new GraphError(100, {
    type: 'GraphMethodException',
    subcode: 33,
    message:
      `Unsupported ${method} request. Object with ID '${id}' does not exist, cannot be loaded ` +
      'due to missing permissions, or does not support this operation. Please read the Graph API ' +
      'documentation at https://developers.facebook.com/docs/graph-api',
  })
}

export function nonexistingField(field: string, nodeType: string): GraphError {
  return new GraphError(100, {
    message: `(#100) Tried accessing nonexisting field (${field}) on node type (${nodeType})`,
  })
}

export function unknownPath(components: string): GraphError {
  return new GraphError(2500, { message: `Unknown path components: ${components}`, http: 400 })
}
