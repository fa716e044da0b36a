import type { ContactCard, Interactive, SendContent } from '@shared/contract/outbox'
import { messageContent } from '@shared/whatsapp/normalise-content'
import { contentColumns, type ContentColumns } from '../messaging/message-columns'
import { buildTemplate } from '../templates/build'
import { templateForm } from '../templates/form'
import type { TemplateRecord } from '../templates/repo'

type Obj = Record<string, unknown>

/** What the composer's content becomes: Meta's send body (without `to`) and the message row. */
export interface Composed {
  /** Meta's `type`. */
  type: string
  /** Meta's body: `type`, its object, `context` (without `messaging_product`, `to`). */
  payload: Obj
  columns: ContentColumns
  /** Anything but a template: only sendable inside the customer service window. */
  freeForm: boolean
}

export interface ComposeRefs {
  /** The wamid replied to (`context.message_id`). */
  replyToWamid: string | null
  /** The wamid reacted to. */
  reactionWamid: string | null
  /** The template named by template content (looked up by the caller). */
  template: TemplateRecord | null
}

const media = (ref: { mediaId?: string | undefined; link?: string | undefined }): Obj =>
  ref.mediaId !== undefined ? { id: ref.mediaId } : { link: ref.link }

function contactCard(card: ContactCard): Obj {
  const out: Obj = {
    name: {
      formatted_name: card.name.formattedName,
      ...(card.name.firstName ? { first_name: card.name.firstName } : {}),
      ...(card.name.lastName ? { last_name: card.name.lastName } : {}),
    },
  }
  if (card.phones)
    out.phones = card.phones.map((p) => ({
      phone: p.phone,
      ...(p.type ? { type: p.type } : {}),
      ...(p.waId ? { wa_id: p.waId } : {}),
    }))
  if (card.emails)
    out.emails = card.emails.map((e) => ({ email: e.email, ...(e.type ? { type: e.type } : {}) }))
  if (card.organization) out.org = card.organization
  if (card.urls)
    out.urls = card.urls.map((u) => ({ url: u.url, ...(u.type ? { type: u.type } : {}) }))
  return out
}

/** https://developers.facebook.com/documentation/business-messaging/whatsapp/messages/interactive-reply-buttons-messages and the list / CTA URL pages. */
function interactive(i: Interactive): Obj {
  const common: Obj = {
    type: i.type,
    ...(i.header ? { header: { type: 'text', text: i.header } } : {}),
    body: { text: i.body },
    ...(i.footer ? { footer: { text: i.footer } } : {}),
  }
  if (i.type === 'button')
    return {
      ...common,
      action: {
        buttons: i.buttons.map((b) => ({ type: 'reply', reply: { id: b.id, title: b.title } })),
      },
    }
  if (i.type === 'list')
    return {
      ...common,
      action: {
        button: i.buttonText,
        sections: i.sections.map((s) => ({
          ...(s.title ? { title: s.title } : {}),
          rows: s.rows.map((r) => ({
            id: r.id,
            title: r.title,
            ...(r.description ? { description: r.description } : {}),
          })),
        })),
      },
    }
  return {
    ...common,
    action: { name: 'cta_url', parameters: { display_text: i.displayText, url: i.url } },
  }
}

function body(content: SendContent, refs: ComposeRefs): { payload: Obj; text?: string | null } {
  switch (content.type) {
    case 'text':
      return {
        payload: {
          type: 'text',
          text: { body: content.body, ...(content.previewUrl ? { preview_url: true } : {}) },
        },
      }
    case 'media': {
      const object = media(content)
      if (content.caption) object.caption = content.caption
      if (content.filename) object.filename = content.filename
      return { payload: { type: content.kind, [content.kind]: object } }
    }
    case 'location': {
      const { type: _type, ...location } = content
      return { payload: { type: 'location', location } }
    }
    case 'contacts':
      return { payload: { type: 'contacts', contacts: content.contacts.map(contactCard) } }
    case 'interactive':
      return { payload: { type: 'interactive', interactive: interactive(content.interactive) } }
    case 'reaction':
      return {
        payload: {
          type: 'reaction',
          reaction: { message_id: refs.reactionWamid, emoji: content.emoji },
        },
      }
    case 'template': {
      const t = refs.template!
      const built = buildTemplate(
        content,
        templateForm(JSON.parse(t.components) as unknown[]),
        t.parameter_format,
      )
      return { payload: { type: 'template', template: built.template }, text: built.text }
    }
  }
}

/**
 * Meta's send body for the content
 * (https://developers.facebook.com/documentation/business-messaging/whatsapp/messages/send-messages)
 * and the message row's columns, read back from that body by the same reader as echoes of
 * messages sent elsewhere, so a message looks the same however it was sent.
 */
export function compose(content: SendContent, refs: ComposeRefs): Composed {
  const built = body(content, refs)
  const payload: Obj = { ...built.payload }
  if (refs.replyToWamid && content.type !== 'reaction')
    payload.context = { message_id: refs.replyToWamid }
  const read = messageContent(payload, true)
  const extra: Obj = {}
  if (content.type === 'template') {
    read.knownType = true
    read.text = built.text ?? null
    extra.template = payload.template
  } else if (content.type === 'interactive') {
    extra.sent = payload.interactive
  }
  const context = refs.replyToWamid
    ? {
        messageId: refs.replyToWamid,
        from: null,
        forwarded: false,
        frequentlyForwarded: false,
        referredProduct: null,
      }
    : null
  return {
    type: String(payload.type),
    payload,
    columns: contentColumns(read, content.type === 'reaction' ? null : context, null, extra),
    freeForm: content.type !== 'template',
  }
}
