/**
 * The one redaction function. Every log line, error detail and diagnostic dump passes through it
 * before it leaves memory. Three layers, because any one alone leaks:
 * 1. keys that name a secret (`access_token`, `pin`, `Authorization`…) lose their value;
 * 2. strings are scrubbed of shapes that are secrets wherever they appear (Meta tokens, Bearer
 *    headers, secret query parameters, `sha256=` signatures);
 * 3. exact values registered as secrets (what the keychain hands out) are replaced anywhere.
 */
export const REDACTED = '[REDACTED]'

const SECRET_KEY =
  /^(authorization|cookie|set-cookie|password|passphrase|secret|token|pin|x-hub-signature(-256)?)$|(token|secret|password|apikey|api_key|api-key|_pin|Pin|signature)$/i

const TEXT_PATTERNS: readonly [RegExp, string][] = [
  // Meta access tokens (user, system user, business integration): EAA…
  [/\bEAA[A-Za-z0-9]{16,}\b/g, REDACTED],
  // Sandbox and other bearer credentials
  [/\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]{6,}/gi, `$1 ${REDACTED}`],
  // Secret-bearing query or form parameters
  [
    /([?&;\s]|^)(access_token|client_secret|input_token|pin|token|hub\.verify_token|app_secret)=([^&\s"']+)/gi,
    `$1$2=${REDACTED}`,
  ],
  // OAuth authorization codes (long); short `code=` values are error codes and stay readable
  [/([?&])code=([^&\s"']{16,})/g, `$1code=${REDACTED}`],
  // JSON-ish "pin":"123456" inside free text (e.g. a request body logged as a string)
  [
    /"(pin|access_token|client_secret|token|app_secret|system_user_token|verify_token)"\s*:\s*"[^"]*"/gi,
    `"$1":"${REDACTED}"`,
  ],
  [/sha256=[0-9a-f]{64}/gi, `sha256=${REDACTED}`],
]

const knownSecrets = new Set<string>()

/** Registers an exact value (≥ 6 chars) to be scrubbed from everything redacted afterwards. */
export function registerSecret(value: string | null | undefined): void {
  if (typeof value === 'string' && value.length >= 6) knownSecrets.add(value)
}

export function forgetSecret(value: string): void {
  knownSecrets.delete(value)
}

export function isSecretKey(key: string): boolean {
  return SECRET_KEY.test(key)
}

export function redactText(text: string): string {
  let out = text
  for (const secret of knownSecrets) {
    if (out.includes(secret)) out = out.split(secret).join(REDACTED)
  }
  for (const [pattern, replacement] of TEXT_PATTERNS) out = out.replace(pattern, replacement)
  return out
}

/** Returns a redacted deep copy; the input is never modified. Errors become plain objects. */
export function redact(value: unknown, depth = 0, seen: WeakSet<object> = new WeakSet()): unknown {
  if (typeof value === 'string') return redactText(value)
  if (value === null || typeof value !== 'object') return value
  if (depth > 8) return '[…]'
  if (seen.has(value)) return '[circular]'
  seen.add(value)
  if (value instanceof Error) {
    const plain: Record<string, unknown> = { name: value.name, message: value.message }
    if (value.stack) plain.stack = value.stack
    for (const [key, inner] of Object.entries(value)) plain[key] = inner
    if (value.cause !== undefined) plain.cause = value.cause
    return redact(plain, depth + 1, seen)
  }
  if (Array.isArray(value)) return value.map((item) => redact(item, depth + 1, seen))
  if (value instanceof Uint8Array) return `[${value.byteLength} bytes]`
  const out: Record<string, unknown> = {}
  for (const [key, inner] of Object.entries(value)) {
    out[key] =
      isSecretKey(key) && inner !== null && inner !== undefined && inner !== ''
        ? REDACTED
        : redact(inner, depth + 1, seen)
  }
  return out
}
