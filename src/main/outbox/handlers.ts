import type { ChannelsOf } from '@shared/contract/names'
import type { outboxNames } from '@shared/contract/outbox.names'
import type { HandlersFor } from '../router'
import type { OutboxServices } from './services'

/** Thin: validated input in, the outbox, template and media services answer. */
export function outboxHandlers({
  sending,
}: {
  sending: OutboxServices
}): HandlersFor<ChannelsOf<typeof outboxNames>> {
  const { outbox, templates, media } = sending
  return {
    'messages:send': (input) => outbox.send(input),
    'messages:mark-read': ({ conversationId }) => outbox.markRead(conversationId),
    'messages:retry': async ({ messageId }) => outbox.retry(messageId),
    'messages:cancel': async ({ messageId }) => outbox.cancel(messageId),
    'outbox:list': async (input) => outbox.list(input),
    'outbox:settings': async () => outbox.settings(),
    'outbox:set-throughput': async ({ phoneNumberId, mps }) =>
      outbox.setThroughput(phoneNumberId, mps),
    'templates:list': async ({ clientId }) => templates.list(clientId),
    'templates:sync': ({ clientId }) => templates.sync(clientId),
    'templates:create': (input) => templates.create(input),
    'media:upload': (input) => media.upload(input),
    'media:get': async ({ messageId }) => media.get(messageId),
  }
}
