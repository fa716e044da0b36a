import { inboundTextWebhook } from '@server-kit/testing/webhook-body'

/** A small WhatsApp webhook body, numbered so order and identity can be checked. */
export function webhookBody(n: number): string {
  return inboundTextWebhook({
    wamid: `wamid.TEST${String(n).padStart(8, '0')}`,
    text: `message ${n}`,
    from: '16505551234',
    at: 1749416383,
  })
}
