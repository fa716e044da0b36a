import { createHash } from 'node:crypto'

/**
 * The one reply to an inbound message, named by the customer's wamid: the relay claim's key and
 * the outbox's idempotency key both derive from it, so a second desktop, a second webhook or a
 * second click can never send a second reply.
 */
export const replyClaimKey = (inboundWamid: string) => `ai-reply:${inboundWamid}`

/** A UUID (RFC 9562 version 8: name-based, sha256) for the outbox's idempotency key. */
export function replyOutboxKey(inboundWamid: string): string {
  const hex = createHash('sha256').update(replyClaimKey(inboundWamid)).digest('hex')
  const variant = ((parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16)
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`
}
