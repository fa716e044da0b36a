import type { ChannelOutput, ChannelParsedInput } from '@shared/contract'
import type { MessageOrigin } from '@shared/contract/analytics'
import type { OutboxEntry } from '@shared/contract/outbox'

/** The outbox as handlers see it: queue sends, retry, cancel, read receipts, throughput. */
export interface OutboxApi {
  /** `origin`: who wrote it (analytics); the composer's sends are `agent`, AI replies pass theirs. */
  send(
    input: ChannelParsedInput<'messages:send'>,
    origin?: MessageOrigin,
  ): Promise<ChannelOutput<'messages:send'>>
  markRead(conversationId: number): Promise<ChannelOutput<'messages:mark-read'>>
  retry(messageId: number): OutboxEntry
  cancel(messageId: number): OutboxEntry
  list(input: ChannelParsedInput<'outbox:list'>): ChannelOutput<'outbox:list'>
  settings(): ChannelOutput<'outbox:settings'>
  setThroughput(phoneNumberId: string, mps: number): ChannelOutput<'outbox:set-throughput'>
}

/** Templates of each client's WABA. */
export interface TemplatesApi {
  list(clientId: string): ChannelOutput<'templates:list'>
  sync(clientId: string): Promise<ChannelOutput<'templates:sync'>>
  create(input: ChannelParsedInput<'templates:create'>): Promise<ChannelOutput<'templates:create'>>
}

/** Uploads for sending, and the local copy of every message's media. */
export interface MediaApi {
  upload(input: ChannelParsedInput<'media:upload'>): Promise<ChannelOutput<'media:upload'>>
  get(messageId: number): ChannelOutput<'media:get'>
}

export interface OutboxServices {
  outbox: OutboxApi
  templates: TemplatesApi
  media: MediaApi
}
