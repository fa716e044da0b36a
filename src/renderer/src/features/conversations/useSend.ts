import type { MessageRow } from '@shared/contract/messaging'
import type { SendContent } from '@shared/contract/outbox'
import { useMutation, useQueryClient } from '@tanstack/react-query'
import { api } from '../../lib/api'
import { RemoteAppError, unwrap } from '../../lib/unwrap'
import { showToast } from '../../stores/toast-store'
import { applyConversationRow, putMessages, refreshConversations } from './live-updates'

/** A fresh idempotency key: one per message the agent composes (re-sending it reuses the key). */
export const newIdempotencyKey = (): string => crypto.randomUUID()

export interface SendRequest {
  content: SendContent
  idempotencyKey: string
  replyTo?: number
}

/**
 * Queues a message in the outbox. The returned row (status pending) goes into the thread at once;
 * statuses follow by push event. The same key twice queues one message (`duplicate`).
 */
export function useSendMessage(conversationId: number) {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: async (request: SendRequest) =>
      unwrap(
        await api.messages.send({
          conversationId,
          idempotencyKey: request.idempotencyKey,
          content: request.content,
          ...(request.replyTo === undefined ? {} : { replyTo: request.replyTo }),
        }),
      ),
    onSuccess: (result) => {
      if (result.message) putMessages(queryClient, [result.message])
      void refreshConversations(queryClient, [conversationId])
    },
  })
}

/** Sends a reaction (or removes the business's one with ""), reporting a refusal as a toast. */
export function useReact(conversationId: number) {
  const send = useSendMessage(conversationId)
  return (message: MessageRow, emoji: string) =>
    send.mutate(
      {
        content: { type: 'reaction', messageId: message.id, emoji },
        idempotencyKey: newIdempotencyKey(),
      },
      { onError: (error) => showToast(`Reaction not sent: ${error.message}`, 'error') },
    )
}

/** Queues a failed outbox message again (same outbox id). */
export function useRetry() {
  const queryClient = useQueryClient()
  const retry = useMutation({
    mutationFn: async (message: MessageRow) =>
      unwrap(await api.messages.retry({ messageId: message.id })),
    onSuccess: async (entry) => {
      if (entry.messageId === null) return
      const rows = await api.messages.get({ messageIds: [entry.messageId] })
      if (rows.ok) putMessages(queryClient, rows.value)
    },
    onError: (error) => showToast(`Could not retry: ${error.message}`, 'error'),
  })
  return (message: MessageRow) => retry.mutate(message)
}

const toBase64 = async (file: File): Promise<string> => {
  const bytes = new Uint8Array(await file.arrayBuffer())
  let binary = ''
  const CHUNK = 0x8000
  for (let i = 0; i < bytes.length; i += CHUNK) {
    binary += String.fromCharCode(...bytes.subarray(i, i + CHUNK))
  }
  return btoa(binary)
}

/** Uploads a file to Meta for the client's number; the id goes into a media or template header. */
export function useUploadMedia(clientId: string | null) {
  return useMutation({
    mutationFn: async (file: File) => {
      if (!clientId) throw new Error('No client owns this number.')
      return unwrap(
        await api.media.upload({
          clientId,
          filename: file.name,
          mimeType: file.type || 'application/octet-stream',
          dataBase64: await toBase64(file),
        }),
      )
    },
  })
}

/**
 * Marks the conversation read when the agent views it: Meta's read receipt for the newest inbound
 * message (the customer sees blue ticks) and the local unread count. When the receipt cannot go
 * to Meta (no client, Meta down) the local count is still reset.
 */
export function useMarkRead(conversationId: number) {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: async () => {
      const receipt = await api.messages.markRead({ conversationId })
      if (receipt.ok) return receipt.value.conversation
      if (receipt.error.code === 'NOT_FOUND') throw new RemoteAppError(receipt.error)
      return unwrap(await api.conversations.markRead({ conversationId }))
    },
    onSuccess: (row) => applyConversationRow(queryClient, row),
  })
}
