import type { AppErrorCode } from '../contract/errors'

/**
 * Meta's WhatsApp Cloud API error codes, one table for the sandbox (which emits them) and the Graph
 * client (which classifies them). Titles and HTTP statuses follow
 * https://developers.facebook.com/documentation/business-messaging/whatsapp/support/error-codes
 * (see https://developers.facebook.com/documentation/business-messaging/whatsapp/support/error-codes).
 *
 * `retry` says whether sending the same request again can succeed:
 * - `no`: never without a change (new token, template, user action…)
 * - `backoff`: yes, with exponential backoff (rate limits, transient server errors)
 * - `later`: yes, but only after a long wait (minutes to days) — not within one call's retry budget
 */
export type RetryClass = 'no' | 'backoff' | 'later'

export interface GraphErrorInfo {
  code: number
  title: string
  /** HTTP status Meta answers with; null where the code only arrives by webhook. */
  http: number | null
  retry: RetryClass
  /** For `later`: how long to wait before a retry can succeed, in ms. */
  waitMs?: number
  /** How this code surfaces as an AppError. */
  appCode: AppErrorCode
  /** What a user can do, in one sentence. */
  fix?: string
}

const MINUTE = 60_000
const HOUR = 60 * MINUTE

const table: readonly GraphErrorInfo[] = [
  {
    code: 0,
    title: 'AuthException',
    http: 401,
    retry: 'no',
    appCode: 'GRAPH_AUTH',
    fix: 'The access token was invalidated; reconnect the client to get a new one.',
  },
  {
    code: 1,
    title: 'API Unknown',
    http: 400,
    retry: 'no',
    appCode: 'GRAPH',
    fix: "Check the request and Meta's platform status page.",
  },
  { code: 2, title: 'API Service', http: 503, retry: 'backoff', appCode: 'UNAVAILABLE' },
  {
    code: 3,
    title: 'API Method',
    http: 500,
    retry: 'no',
    appCode: 'GRAPH_AUTH',
    fix: 'The app lacks the capability or permission for this call.',
  },
  { code: 4, title: 'API Too Many Calls', http: 400, retry: 'backoff', appCode: 'RATE_LIMITED' },
  {
    code: 10,
    title: 'Permission Denied',
    http: 403,
    retry: 'no',
    appCode: 'GRAPH_AUTH',
    fix: 'Grant the app the missing permission, or ask the client to share the asset again.',
  },
  {
    code: 33,
    title: 'Parameter value is not valid',
    http: 400,
    retry: 'no',
    appCode: 'GRAPH',
    fix: 'The business phone number was deleted.',
  },
  { code: 100, title: 'Invalid parameter', http: 400, retry: 'no', appCode: 'GRAPH' },
  {
    code: 190,
    title: 'Access token has expired',
    http: 401,
    retry: 'no',
    appCode: 'GRAPH_AUTH',
    fix: 'Reconnect the client through Embedded Signup to issue a new business token.',
  },
  {
    code: 368,
    title: 'Temporarily blocked for policies violations',
    http: 403,
    retry: 'no',
    appCode: 'GRAPH',
  },
  { code: 80007, title: 'Rate limit issues', http: 400, retry: 'backoff', appCode: 'RATE_LIMITED' },
  { code: 130429, title: 'Rate limit hit', http: 400, retry: 'backoff', appCode: 'RATE_LIMITED' },
  {
    code: 130472,
    title: "User's number is part of an experiment",
    http: 400,
    retry: 'no',
    appCode: 'GRAPH',
  },
  {
    code: 130497,
    title: 'Business account is restricted from messaging users in this country',
    http: 403,
    retry: 'no',
    appCode: 'GRAPH',
  },
  {
    code: 131000,
    title: 'Something went wrong',
    http: 500,
    retry: 'backoff',
    appCode: 'UNAVAILABLE',
  },
  { code: 131005, title: 'Access denied', http: 403, retry: 'no', appCode: 'GRAPH_AUTH' },
  {
    code: 131008,
    title: 'Required parameter is missing',
    http: 400,
    retry: 'no',
    appCode: 'GRAPH',
  },
  { code: 131009, title: 'Parameter value is not valid', http: 400, retry: 'no', appCode: 'GRAPH' },
  {
    code: 131016,
    title: 'Service unavailable',
    http: 500,
    retry: 'backoff',
    appCode: 'UNAVAILABLE',
  },
  { code: 131021, title: 'Recipient cannot be sender', http: 400, retry: 'no', appCode: 'GRAPH' },
  { code: 131026, title: 'Message Undeliverable', http: 400, retry: 'no', appCode: 'GRAPH' },
  {
    code: 131030,
    title: 'Recipient phone number not in allowed list',
    http: 400,
    retry: 'no',
    appCode: 'GRAPH',
    fix: 'Add the recipient to the test number’s allowed list.',
  },
  { code: 131031, title: 'Account has been locked', http: 403, retry: 'no', appCode: 'GRAPH' },
  {
    code: 131037,
    title: 'WhatsApp provided number needs display name approval before message can be sent',
    http: 400,
    retry: 'no',
    appCode: 'GRAPH',
  },
  {
    code: 131042,
    title: 'Business eligibility payment issue',
    http: 400,
    retry: 'no',
    appCode: 'GRAPH',
    fix: 'Fix the payment method or credit line of the WhatsApp Business Account.',
  },
  {
    code: 131045,
    title: 'Incorrect certificate',
    http: 500,
    retry: 'no',
    appCode: 'GRAPH',
    fix: 'Register the phone number again.',
  },
  {
    code: 131047,
    title: 'Re-engagement message',
    http: 400,
    retry: 'no',
    appCode: 'GRAPH',
    fix: 'More than 24 hours have passed since the customer last wrote: send an approved template.',
  },
  { code: 131048, title: 'Spam rate limit hit', http: 400, retry: 'no', appCode: 'RATE_LIMITED' },
  {
    code: 131049,
    title: 'This message was not delivered to maintain healthy ecosystem engagement',
    http: 400,
    retry: 'later',
    waitMs: 24 * HOUR,
    appCode: 'GRAPH',
  },
  {
    code: 131050,
    title: 'User stopped marketing messages',
    http: 400,
    retry: 'no',
    appCode: 'GRAPH',
  },
  { code: 131051, title: 'Unsupported message type', http: 400, retry: 'no', appCode: 'GRAPH' },
  { code: 131052, title: 'Media download error', http: 400, retry: 'no', appCode: 'GRAPH' },
  { code: 131053, title: 'Media upload error', http: 400, retry: 'no', appCode: 'GRAPH' },
  { code: 131055, title: 'Method not allowed', http: 400, retry: 'no', appCode: 'GRAPH' },
  {
    code: 131056,
    title: '(Business Account, Consumer Account) pair rate limit hit',
    http: 400,
    retry: 'backoff',
    appCode: 'RATE_LIMITED',
  },
  {
    code: 131057,
    title: 'Account in maintenance mode',
    http: 500,
    retry: 'backoff',
    appCode: 'UNAVAILABLE',
  },
  {
    code: 131060,
    title: 'Message currently unavailable',
    http: null,
    retry: 'no',
    appCode: 'GRAPH',
  },
  {
    code: 132000,
    title: 'Number of parameters does not match the expected number of params',
    http: 400,
    retry: 'no',
    appCode: 'GRAPH',
  },
  { code: 132001, title: 'Template does not exist', http: 404, retry: 'no', appCode: 'GRAPH' },
  { code: 132005, title: 'Translated text too long', http: 400, retry: 'no', appCode: 'GRAPH' },
  {
    code: 132007,
    title: 'Format character policy violated',
    http: 400,
    retry: 'no',
    appCode: 'GRAPH',
  },
  {
    code: 132012,
    title: 'Parameter format does not match format in the created template',
    http: 400,
    retry: 'no',
    appCode: 'GRAPH',
  },
  { code: 132015, title: 'Template is Paused', http: 400, retry: 'no', appCode: 'GRAPH' },
  { code: 132016, title: 'Template is Disabled', http: 400, retry: 'no', appCode: 'GRAPH' },
  { code: 132068, title: 'Flow is in blocked state', http: 400, retry: 'no', appCode: 'GRAPH' },
  {
    code: 132069,
    title: 'Flow is in throttled state',
    http: 400,
    retry: 'later',
    waitMs: HOUR,
    appCode: 'RATE_LIMITED',
  },
  {
    code: 133000,
    title: 'Incomplete deregistration',
    http: 500,
    retry: 'no',
    appCode: 'GRAPH',
    fix: 'Deregister the number again before registering it.',
  },
  {
    code: 133004,
    title: 'Server temporarily unavailable',
    http: 503,
    retry: 'backoff',
    appCode: 'UNAVAILABLE',
  },
  {
    code: 133005,
    title: 'Two step verification PIN Mismatch',
    http: 400,
    retry: 'no',
    appCode: 'GRAPH',
    fix: 'Use the number’s existing two-step verification PIN, or reset it in WhatsApp Manager.',
  },
  {
    code: 133006,
    title: 'Phone number re-verification needed',
    http: 400,
    retry: 'no',
    appCode: 'GRAPH',
    fix: 'Verify the phone number again before registering it.',
  },
  {
    code: 133008,
    title: 'Too many two step verification PIN guesses for this phone number',
    http: 400,
    retry: 'later',
    waitMs: 12 * HOUR,
    appCode: 'RATE_LIMITED',
  },
  {
    code: 133009,
    title: 'Two step verification PIN was entered too quickly',
    http: 400,
    retry: 'later',
    waitMs: MINUTE,
    appCode: 'RATE_LIMITED',
  },
  {
    code: 133010,
    title: 'Phone number Not Registered',
    http: 400,
    retry: 'no',
    appCode: 'GRAPH',
    fix: 'Register the phone number with the Cloud API first.',
  },
  {
    code: 133015,
    title: 'Please wait a few minutes before attempting to register this phone number',
    http: 400,
    retry: 'later',
    waitMs: 5 * MINUTE,
    appCode: 'RATE_LIMITED',
  },
  {
    code: 133016,
    title: 'Account register deregister rate limit exceeded',
    http: 400,
    retry: 'later',
    waitMs: 72 * HOUR,
    appCode: 'RATE_LIMITED',
    fix: 'Ten register/deregister requests were made within 72 hours; wait before trying again.',
  },
  {
    code: 134011,
    title: 'WhatsApp Payments terms of service not accepted',
    http: 400,
    retry: 'no',
    appCode: 'GRAPH',
  },
  {
    code: 134100,
    title: 'Marketing Messages API only supports marketing templates',
    http: 400,
    retry: 'no',
    appCode: 'GRAPH',
  },
  {
    code: 134101,
    title: 'Template is still syncing',
    http: 400,
    retry: 'later',
    waitMs: 10 * MINUTE,
    appCode: 'UNAVAILABLE',
  },
  { code: 134102, title: 'Template unavailable', http: 500, retry: 'no', appCode: 'GRAPH' },
  { code: 135000, title: 'Generic user error', http: 400, retry: 'no', appCode: 'GRAPH' },
  { code: 137000, title: 'Identity key hash mismatch', http: null, retry: 'no', appCode: 'GRAPH' },
  {
    code: 2388019,
    title: 'Message template limit exceeded',
    http: null,
    retry: 'no',
    appCode: 'GRAPH',
  },
  {
    code: 2593107,
    title: 'Synchronization request limit exceeded',
    http: 400,
    retry: 'no',
    appCode: 'RATE_LIMITED',
  },
  {
    code: 2593108,
    title: 'Synchronization request outside of the 24-hour window',
    http: 400,
    retry: 'no',
    appCode: 'GRAPH',
  },
]

const byCode = new Map(table.map((entry) => [entry.code, entry]))

/** 200–299 are "API Permission" errors: a missing permission, never fixed by retrying. */
const permissionRange = (code: number): GraphErrorInfo => ({
  code,
  title: 'API Permission',
  http: 403,
  retry: 'no',
  appCode: 'GRAPH_AUTH',
  fix: 'The token lacks a permission for this asset; ask the client to share it again.',
})

/** Look up a code; unknown codes are treated as permanent (never retried blindly). */
export function graphErrorInfo(code: number): GraphErrorInfo {
  const known = byCode.get(code)
  if (known) return known
  if (code >= 200 && code <= 299) return permissionRange(code)
  return { code, title: 'Unknown error', http: 400, retry: 'no', appCode: 'GRAPH' }
}

/** Every code in the table, for tests that walk it. */
export const knownGraphErrors: readonly GraphErrorInfo[] = table
