import { z } from 'zod'

/**
 * The desktop tunnel: one WebSocket per desktop to the relay, JSON text frames, schemas below.
 *
 * Connecting
 * - `GET <relay>/tunnel` with `Authorization: Bearer <RELAY_DESKTOP_TOKEN>` on the upgrade request.
 *   No token or a wrong one → HTTP 401 before the upgrade; any browser `Origin` → 403 (the tunnel
 *   is for the desktop core only, never for a web page).
 * - The desktop's first frame is `hello` (its desktop id and where to resume). The relay answers
 *   `welcome` (the log's id, the granted window, the heartbeat period, the newest cursor).
 *
 * The stream
 * - The relay keeps one durable, append-only log of every webhook it answered 200 for. Each event
 *   has a `cursor`, an opaque string (decimal sequence on SQLite, stream id on Redis). Cursors are
 *   ordered by the relay only: never compare or parse them, only store and send them back.
 *   `(logId, cursor)` names an event globally; when `welcome.logId` differs from the log the stored
 *   cursor came from (another relay, a wiped relay), the stored cursor means nothing — resume
 *   with `after: null` and dedupe by event id / wamid.
 * - From `hello.after` (exclusive; null = the oldest retained event) or `hello.since` (the first
 *   event received at or after that time, for "re-sync from a date"), the relay sends every event
 *   in log order, then `caught-up` once, then new events live, in order, with no gaps.
 * - Every desktop receives every event (fan-out); desktops never take events from one another.
 * - `ack { cursor }` is cumulative: it acknowledges that event and all before it. Ack only after
 *   the event (and the stored cursor) are durable on the desktop. At most `welcome.window` events
 *   are un-acked at any time (backpressure): the relay waits for acks before sending more.
 * - Resume without gaps: after any disconnect the desktop reconnects (jittered backoff) with the
 *   last cursor it made durable; events after it are sent again, so an event may arrive twice
 *   across a reconnect (dedupe by cursor) but never goes missing. If the cursor is older than the
 *   retention window, `welcome.trimmed` says events were deleted unseen.
 * - Heartbeats: the relay sends a WebSocket ping every `heartbeatMs` and terminates a socket whose
 *   pong does not come back before the next one; it also sends a `heartbeat` frame (the newest
 *   cursor and its receive time, for a lag display). A desktop that hears nothing for
 *   `3 × heartbeatMs` should drop the socket and reconnect.
 * - Event bodies are the exact bytes Meta sent (signatures are over bytes): `encoding: 'utf8'` when
 *   the bytes are valid UTF-8 (then `Buffer.from(body, 'utf8')` gives them back exactly), else
 *   `'base64'`.
 *
 * Claims (work exactly one desktop must do, e.g. an AI auto-reply)
 * - A desktop that takes claims says `claims: true` in `hello`. Any desktop may ask for a claim with
 *   `claim-request { key }` (idempotent per key: every desktop that sees the event may ask).
 * - The relay offers each open claim to one connected claims-taking desktop (`claim-offer`) with a
 *   lease and a fencing `token`. The holder ends it with `claim-result { completed | released }`,
 *   or extends it with `claim-extend` before `expiresAt`. If the holder disconnects or the lease
 *   runs out, the relay offers it to another desktop (or the same one later) with a new token.
 * - Completion is recorded once in the relay's log backend: the first `completed` carrying the
 *   current token wins; anything later or with an older token gets `claim-settled` with
 *   `outcome: 'stale'` (the work was, or will be, done elsewhere). Check the lease before any side
 *   effect, and extend it for long work.
 *
 * Signup (Embedded Signup through the relay's public origin)
 * - The desktop registers the `state` nonce of a signup attempt with `signup-session`. The launcher
 *   page at `<relay>/signup/launcher` POSTs its result to `<relay>/signup/result`; the relay sends
 *   it as `signup-result` only to the desktop (id) that registered that state, once — on whichever
 *   relay instance its tunnel is, and after it reconnects if it was away (for up to 30 minutes).
 *   Register again after reconnecting only if the attempt is still open; a state registered by
 *   another desktop is refused with an `error` frame (code `signupState`).
 */

export const TUNNEL_PROTOCOL = 1
/** WebSocket path of the tunnel on the relay. */
export const TUNNEL_PATH = '/tunnel'
/** Meta's webhook endpoint on the relay (GET handshake, POST delivery). */
export const WEBHOOK_PATH = '/webhooks/whatsapp'
/** Where the launcher page POSTs its result (JSON: `SignupResultMessage` without `type`). */
export const SIGNUP_RESULT_PATH = '/signup/result'

/** Meta documents payloads up to 3 MB; the relay accepts up to 4 MiB and answers 413 above. */
export const MAX_WEBHOOK_BODY_BYTES = 4 * 1024 * 1024
/** Largest frame the relay sends (a 4 MiB body in base64 plus its envelope): set the client's `maxPayload` to it. */
export const MAX_RELAY_FRAME_BYTES = 8 * 1024 * 1024
/** Largest frame the relay accepts from a desktop. */
export const MAX_DESKTOP_FRAME_BYTES = 64 * 1024

export const DEFAULT_WINDOW = 128
export const MAX_WINDOW = 1024
export const DEFAULT_HEARTBEAT_MS = 15_000
export const DEFAULT_LEASE_MS = 60_000

/** WebSocket close codes the relay uses (4000–4999 are application codes). */
export const CLOSE = {
  /** Relay shutting down; reconnect with backoff. */
  goingAway: 1001,
  /** A frame that is not JSON or not one of the schemas below, or `hello` missing or repeated. */
  badFrame: 4400,
  /** A frame arrived before `hello`, or `hello` never came. */
  noHello: 4401,
  /** An ack for a cursor the relay did not send on this connection. */
  badAck: 4409,
  /** Another connection with the same desktop id took over. */
  replaced: 4410,
  /** Unsupported protocol version. */
  unsupported: 4426,
} as const

/** An opaque event position: `42` (SQLite) or `1712345678901-0` (Redis). */
export const cursorSchema = z
  .string()
  .regex(/^\d{1,20}(-\d{1,20})?$/, 'a cursor is digits, optionally "-digits"')
export type Cursor = z.infer<typeof cursorSchema>

/** Stable per installation; letters, digits, `.`, `_`, `-`. Names the desktop in metrics and logs. */
export const desktopIdSchema = z.string().regex(/^[A-Za-z0-9._-]{1,64}$/)
const claimKeySchema = z.string().min(1).max(200)
const claimIdSchema = z.string().min(1).max(64)
/** Epoch milliseconds. */
const timeSchema = z.number().int().nonnegative()

// ---- desktop → relay -------------------------------------------------------------------------

export const helloFrame = z.object({
  type: z.literal('hello'),
  protocol: z.literal(TUNNEL_PROTOCOL),
  desktopId: desktopIdSchema,
  /** The last cursor the desktop made durable for this log, or null for the oldest retained event. */
  after: cursorSchema.nullable(),
  /** Re-sync from a date: start at the first event received at or after this time (ignores `after`). */
  since: timeSchema.optional(),
  /** The log `after` came from (`welcome.logId`); a different log makes `after` meaningless. */
  logId: z.string().max(64).optional(),
  /** Un-acked events the desktop can hold; capped at MAX_WINDOW. */
  window: z.number().int().min(1).max(MAX_WINDOW).optional(),
  /** Whether this desktop takes claims (does exactly-once work). */
  claims: z.boolean().default(false),
})

export const ackFrame = z.object({ type: z.literal('ack'), cursor: cursorSchema })

export const claimRequestFrame = z.object({
  type: z.literal('claim-request'),
  /** Names the work, e.g. `auto-reply:<wamid>`; one claim per key, ever. */
  key: claimKeySchema,
  /** The event the work is about, echoed in the offer. */
  cursor: cursorSchema.optional(),
})

export const claimExtendFrame = z.object({
  type: z.literal('claim-extend'),
  claimId: claimIdSchema,
  token: z.number().int().positive(),
})

export const claimResultFrame = z.object({
  type: z.literal('claim-result'),
  claimId: claimIdSchema,
  token: z.number().int().positive(),
  /** `completed`: done, record it; `released`: not doing it, offer it to someone else. */
  outcome: z.enum(['completed', 'released']),
})

export const signupSessionFrame = z.object({
  type: z.literal('signup-session'),
  /** The signup attempt's state nonce (its capability: long and random). */
  state: z.string().min(16).max(200),
})

export const desktopFrame = z.discriminatedUnion('type', [
  helloFrame,
  ackFrame,
  claimRequestFrame,
  claimExtendFrame,
  claimResultFrame,
  signupSessionFrame,
])
export type DesktopFrame = z.infer<typeof desktopFrame>
export type HelloFrame = z.infer<typeof helloFrame>

// ---- relay → desktop -------------------------------------------------------------------------

export const welcomeFrame = z.object({
  type: z.literal('welcome'),
  protocol: z.literal(TUNNEL_PROTOCOL),
  /** Identifies the log (random, fixed when the log was created). */
  logId: z.string(),
  /** Granted window (≤ what hello asked for). */
  window: z.number().int().positive(),
  heartbeatMs: z.number().int().positive(),
  leaseMs: z.number().int().positive(),
  /** The newest cursor in the log, null when empty. */
  head: cursorSchema.nullable(),
  /** True when events after `hello.after` were deleted by retention before this desktop saw them. */
  trimmed: z.boolean(),
})

export const eventFrame = z.object({
  type: z.literal('event'),
  cursor: cursorSchema,
  /** When the relay received it (epoch ms). */
  receivedAt: timeSchema,
  /** Lower-case names: content-type, user-agent, x-hub-signature-256 (when present). */
  headers: z.record(z.string(), z.string()),
  encoding: z.enum(['utf8', 'base64']),
  /** The raw body, exactly as received (see `encoding`). */
  body: z.string(),
})

export const caughtUpFrame = z.object({
  type: z.literal('caught-up'),
  /** The last cursor of the backlog (null when there was none). */
  cursor: cursorSchema.nullable(),
})

export const heartbeatFrame = z.object({
  type: z.literal('heartbeat'),
  at: timeSchema,
  head: cursorSchema.nullable(),
  headReceivedAt: timeSchema.nullable(),
})

export const claimOfferFrame = z.object({
  type: z.literal('claim-offer'),
  claimId: claimIdSchema,
  key: claimKeySchema,
  cursor: cursorSchema.nullable(),
  /** Fencing token: grows with every offer of this claim; send it back with extend/result. */
  token: z.number().int().positive(),
  expiresAt: timeSchema,
  /** 1 for the first offer, +1 for each re-offer. */
  attempt: z.number().int().positive(),
})

export const claimSettledFrame = z.object({
  type: z.literal('claim-settled'),
  claimId: claimIdSchema,
  key: claimKeySchema,
  /**
   * `completed`: your completion was recorded. `released`: your release was accepted.
   * `extended`: your lease now runs to `expiresAt`. `stale`: your token is no longer current (or
   * the claim is already completed) — do not do the work.
   */
  outcome: z.enum(['completed', 'released', 'extended', 'stale']),
  expiresAt: timeSchema.optional(),
})

export const signupResultFrame = z.object({
  type: z.literal('signup-result'),
  state: z.string(),
  code: z.string().nullable(),
  events: z.array(z.unknown()),
})

export const errorFrame = z.object({
  type: z.literal('error'),
  /** Matches a CLOSE key when the relay closes right after. */
  code: z.string(),
  message: z.string(),
})

export const relayFrame = z.discriminatedUnion('type', [
  welcomeFrame,
  eventFrame,
  caughtUpFrame,
  heartbeatFrame,
  claimOfferFrame,
  claimSettledFrame,
  signupResultFrame,
  errorFrame,
])
export type RelayFrame = z.infer<typeof relayFrame>
export type WelcomeFrame = z.infer<typeof welcomeFrame>
export type EventFrame = z.infer<typeof eventFrame>
export type ClaimOfferFrame = z.infer<typeof claimOfferFrame>

/** Body of `POST /signup/result` from the launcher page. */
export const signupResultBody = z.object({
  state: z.string().min(16).max(200),
  code: z.string().max(2048).nullable(),
  events: z.array(z.unknown()).max(50),
})
