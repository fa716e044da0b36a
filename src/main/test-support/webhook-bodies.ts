/**
 * Meta webhook bodies for tests, in the shape of Meta's `messages` webhook reference
 * (https://developers.facebook.com/documentation/business-messaging/whatsapp/webhooks/reference/messages).
 * Times are Unix seconds, as Meta sends them.
 */

export interface Business {
  phoneNumberId: string
  display?: string
  wabaId?: string
}

const change = (business: Business, value: Record<string, unknown>, field = 'messages') => ({
  object: 'whatsapp_business_account',
  entry: [
    {
      id: business.wabaId ?? 'waba-test',
      changes: [
        {
          field,
          value: {
            messaging_product: 'whatsapp',
            metadata: {
              display_phone_number: business.display ?? '15550001111',
              phone_number_id: business.phoneNumberId,
            },
            ...value,
          },
        },
      ],
    },
  ],
})

export interface Sender {
  waId?: string
  userId?: string
  name?: string
}

/** A customer's text message (or any type, with `content` as Meta nests it). */
export function inboundBody(
  business: Business,
  from: Sender,
  message: {
    id: string
    at: number
    text?: string
    type?: string
    content?: Record<string, unknown>
    context?: Record<string, unknown>
    referral?: Record<string, unknown>
  },
) {
  const type = message.type ?? 'text'
  return change(business, {
    contacts: [
      {
        profile: { name: from.name ?? 'Customer' },
        ...(from.waId ? { wa_id: from.waId } : {}),
        ...(from.userId ? { user_id: from.userId } : {}),
      },
    ],
    messages: [
      {
        ...(from.waId ? { from: from.waId } : {}),
        ...(from.userId ? { from_user_id: from.userId } : {}),
        id: message.id,
        timestamp: String(message.at),
        type,
        ...(type === 'text' ? { text: { body: message.text ?? 'hello' } } : {}),
        ...(message.content ?? {}),
        ...(message.context ? { context: message.context } : {}),
        ...(message.referral ? { referral: message.referral } : {}),
      },
    ],
  })
}

/** A status of a message the business sent. */
export function statusBody(
  business: Business,
  to: Sender,
  status: {
    id: string
    status: string
    at: number
    errors?: Record<string, unknown>[]
    pricing?: Record<string, unknown>
    conversation?: Record<string, unknown>
    callbackData?: string
  },
) {
  return change(business, {
    statuses: [
      {
        id: status.id,
        status: status.status,
        timestamp: String(status.at),
        ...(to.waId ? { recipient_id: to.waId } : {}),
        ...(to.userId ? { recipient_user_id: to.userId } : {}),
        ...(status.errors ? { errors: status.errors } : {}),
        ...(status.pricing ? { pricing: status.pricing } : {}),
        ...(status.conversation ? { conversation: status.conversation } : {}),
        ...(status.callbackData ? { biz_opaque_callback_data: status.callbackData } : {}),
      },
    ],
  })
}

/** A message sent from the WhatsApp Business app (smb_message_echoes). */
export function echoBody(
  business: Business,
  to: string,
  echo: { id: string; at: number; text: string },
) {
  return change(
    business,
    {
      message_echoes: [
        {
          from: business.display ?? '15550001111',
          to,
          id: echo.id,
          timestamp: String(echo.at),
          type: 'text',
          text: { body: echo.text },
        },
      ],
    },
    'smb_message_echoes',
  )
}
