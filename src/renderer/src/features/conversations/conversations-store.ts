import type { MessageRow } from '@shared/contract/messaging'
import { create } from 'zustand'

/**
 * UI state of the Conversations page only (server data lives in the query cache): the list's
 * filter and search, the message a search result jumps to, and the message being replied to.
 */
interface ConversationsUi {
  /** '' (every client), a client id, or `unassigned`. */
  clientFilter: string
  unreadFirst: boolean
  search: string
  /** A search result chosen: the thread loads older pages until it shows this message. */
  jumpTo: { conversationId: number; messageId: number } | null
  /** The message a jump arrived at, highlighted in its thread. */
  highlighted: number | null
  /** The message the composer replies to (context), per conversation. */
  replyTo: Record<number, MessageRow | undefined>
  setClientFilter(clientFilter: string): void
  setUnreadFirst(unreadFirst: boolean): void
  setSearch(search: string): void
  jump(target: { conversationId: number; messageId: number } | null): void
  /** The thread shows the jump's target: highlight it, the jump is done. */
  arrived(messageId: number | null): void
  setReplyTo(conversationId: number, message: MessageRow | undefined): void
}

export const useConversationsUi = create<ConversationsUi>()((set) => ({
  clientFilter: '',
  unreadFirst: true,
  search: '',
  jumpTo: null,
  highlighted: null,
  replyTo: {},
  setClientFilter: (clientFilter) => set({ clientFilter }),
  setUnreadFirst: (unreadFirst) => set({ unreadFirst }),
  setSearch: (search) => set({ search }),
  jump: (jumpTo) => set({ jumpTo }),
  arrived: (highlighted) => set({ jumpTo: null, highlighted }),
  setReplyTo: (conversationId, message) =>
    set((state) => ({ replyTo: { ...state.replyTo, [conversationId]: message } })),
}))
