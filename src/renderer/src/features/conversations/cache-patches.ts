import {
  UNASSIGNED,
  type ConversationPage,
  type ConversationRow,
  type MessagePage,
  type MessageRow,
  type MessageStatus,
} from '@shared/contract/messaging'
import type { InfiniteData } from '@tanstack/react-query'
import type { ConversationListFilter } from '../../queries/query-keys'

/**
 * Pure edits of cached pages, so a push event changes exactly the rows it names instead of
 * refetching every loaded page. Each follows the core's order (src/main/messaging/queries.ts), so
 * a patched list looks the way a refetch would.
 */

type Pages<P> = InfiniteData<P, unknown>

const timeOf = (iso: string | null): number => (iso === null ? -Infinity : Date.parse(iso))

/** Whether a row belongs in a list with this filter (as the core's WHERE clause decides). */
export function matchesFilter(row: ConversationRow, filter: ConversationListFilter): boolean {
  if (filter.clientId !== undefined) {
    if (filter.clientId === UNASSIGNED ? row.clientId !== null : row.clientId !== filter.clientId)
      return false
  }
  const query = filter.query?.trim().toLowerCase()
  if (!query) return true
  const { profileName, username, waId, userId } = row.contact
  return [profileName, username, waId, userId].some((value) => value?.toLowerCase().includes(query))
}

/** Negative when `a` comes first: unread first (if asked), then newest activity, then higher id. */
export function compareConversations(
  a: ConversationRow,
  b: ConversationRow,
  unreadFirst: boolean,
): number {
  if (unreadFirst) {
    const unread = Number(b.unreadCount > 0) - Number(a.unreadCount > 0)
    if (unread !== 0) return unread
  }
  const time = timeOf(b.lastMessageAt) - timeOf(a.lastMessageAt)
  if (time !== 0) return time
  return b.id - a.id
}

/**
 * Puts a changed row where the list's order puts it: removed from its old place, inserted at the
 * new one among the loaded rows. A row that now sorts after the last loaded row while more pages
 * remain is left for the next page (the keyset cursor will return it there, never twice).
 */
export function placeConversation(
  data: Pages<ConversationPage> | undefined,
  row: ConversationRow,
  filter: ConversationListFilter,
): Pages<ConversationPage> | undefined {
  if (!data) return data
  const without = removeConversations(data, [row.id])!
  if (!matchesFilter(row, filter)) return without
  const unreadFirst = filter.unreadFirst === true
  const pages = without.pages.map((page) => ({ ...page, items: [...page.items] }))
  for (const page of pages) {
    const at = page.items.findIndex((item) => compareConversations(row, item, unreadFirst) < 0)
    if (at >= 0) {
      page.items.splice(at, 0, row)
      return { ...without, pages }
    }
  }
  const last = pages.at(-1)
  if (last && last.nextCursor === null) last.items.push(row)
  return { ...without, pages }
}

/** Drops conversations (merged into another, or deleted) from every loaded page. */
export function removeConversations(
  data: Pages<ConversationPage> | undefined,
  ids: readonly number[],
): Pages<ConversationPage> | undefined {
  if (!data) return data
  const drop = new Set(ids)
  if (!data.pages.some((page) => page.items.some((item) => drop.has(item.id)))) return data
  return {
    ...data,
    pages: data.pages.map((page) => ({
      ...page,
      items: page.items.filter((item) => !drop.has(item.id)),
    })),
  }
}

/** Replaces a row wherever it is loaded, keeping its place (a detail refresh, a mark-read). */
export function replaceConversation(
  data: Pages<ConversationPage> | undefined,
  row: ConversationRow,
): Pages<ConversationPage> | undefined {
  if (!data) return data
  return {
    ...data,
    pages: data.pages.map((page) => ({
      ...page,
      items: page.items.map((item) => (item.id === row.id ? row : item)),
    })),
  }
}

const compareMessages = (a: MessageRow, b: MessageRow): number =>
  timeOf(a.timestamp) - timeOf(b.timestamp) || a.id - b.id

/**
 * Puts fresh message rows into a thread: a loaded row is replaced in place; a new one goes into
 * the page whose time range holds it (page 0 is the newest, items oldest first). A row older than
 * everything loaded, while older pages remain, is left for those pages.
 */
export function upsertMessages(
  data: Pages<MessagePage> | undefined,
  rows: readonly MessageRow[],
): Pages<MessagePage> | undefined {
  if (!data || rows.length === 0) return data
  const fresh = new Map(rows.map((row) => [row.id, row]))
  const pages = data.pages.map((page) => ({
    ...page,
    items: page.items.map((item) => {
      const row = fresh.get(item.id)
      if (!row) return item
      fresh.delete(item.id)
      return row
    }),
  }))
  for (const row of fresh.values()) {
    const index = pages.findIndex((page, i) => {
      const oldest = page.items[0]
      const isLast = i === pages.length - 1
      if (oldest && compareMessages(row, oldest) >= 0) return true
      return isLast && page.nextBefore === null
    })
    const page = pages[index]
    if (!page) continue
    const at = page.items.findIndex((item) => compareMessages(row, item) < 0)
    if (at < 0) page.items.push(row)
    else page.items.splice(at, 0, row)
  }
  return { ...data, pages }
}

/** Sets the status a push event announced on loaded rows (the full row follows by fetch). */
export function patchMessageStatuses(
  data: Pages<MessagePage> | undefined,
  statuses: readonly { messageId: number; wamid: string | null; status: MessageStatus }[],
): Pages<MessagePage> | undefined {
  if (!data) return data
  const byId = new Map(statuses.map((entry) => [entry.messageId, entry]))
  return {
    ...data,
    pages: data.pages.map((page) => ({
      ...page,
      items: page.items.map((item) => {
        const change = byId.get(item.id)
        return change ? { ...item, status: change.status, wamid: change.wamid ?? item.wamid } : item
      }),
    })),
  }
}

/** Every loaded message of a thread, oldest first (render order). */
export function threadMessages(data: Pages<MessagePage> | undefined): MessageRow[] {
  if (!data) return []
  return data.pages.toReversed().flatMap((page) => page.items)
}

/** A loaded message by Meta's id (a reaction's or a quoted reply's target). */
export function findByWamid(
  data: Pages<MessagePage> | undefined,
  wamid: string,
): MessageRow | undefined {
  for (const page of data?.pages ?? []) {
    const found = page.items.find((item) => item.wamid === wamid)
    if (found) return found
  }
  return undefined
}
