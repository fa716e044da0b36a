import { inboundBody } from '../../src/main/test-support/webhook-relay-harness'

/** A realistic inbound-message webhook padded to `bytes` (Meta sends compact JSON). */
export function webhookOfSize(bytes: number, wamid = 'wamid.bench'): string {
  const base = inboundBody(wamid, '')
  return inboundBody(wamid, 'x'.repeat(Math.max(0, bytes - base.length)))
}
