import type { ConversationRow, SearchHit } from '@shared/contract/messaging'
import { keepPreviousData, useInfiniteQuery, useQuery } from '@tanstack/react-query'
import { useDeferredValue, useEffect, useMemo } from 'react'
import { ErrorNotice } from '../../components/ErrorNotice'
import { conversationListQuery, messageSearchQuery } from '../../queries/conversations-queries'
import type { ConversationListFilter } from '../../queries/query-keys'
import { ConversationFilters } from './ConversationFilters'
import { ConversationRowItem } from './ConversationRowItem'
import { useConversationsUi } from './conversations-store'
import { SearchHitItem } from './SearchHitItem'
import { useVirtualRows } from './useVirtualRows'
import { VirtualRows } from './VirtualRows'

type ListItem =
  | { kind: 'heading'; key: string; label: string }
  | { kind: 'conversation'; key: string; row: ConversationRow }
  | { kind: 'hit'; key: string; hit: SearchHit }
  | { kind: 'note'; key: string; text: string }

/** Rows left below the viewport when the next page starts loading. */
const LOAD_AHEAD = 10

function listItems(
  rows: ConversationRow[],
  hits: SearchHit[] | undefined,
  searching: boolean,
): ListItem[] {
  const conversations = rows.map((row): ListItem => ({
    kind: 'conversation',
    key: `c${row.id}`,
    row,
  }))
  if (!searching) return conversations
  const items: ListItem[] = [{ kind: 'heading', key: 'h-contacts', label: 'Contacts' }]
  items.push(
    ...(conversations.length > 0
      ? conversations
      : [{ kind: 'note', key: 'n-contacts', text: 'No contact matches.' } as const]),
  )
  items.push({ kind: 'heading', key: 'h-messages', label: 'Messages' })
  if (hits === undefined) items.push({ kind: 'note', key: 'n-messages', text: 'Searching…' })
  else if (hits.length === 0)
    items.push({ kind: 'note', key: 'n-messages', text: 'No message matches.' })
  else items.push(...hits.map((hit): ListItem => ({ kind: 'hit', key: `m${hit.messageId}`, hit })))
  return items
}

/**
 * Every conversation, unread first and newest activity next, in a virtualized list that loads
 * pages as it scrolls. The search box filters contacts (the core's list query) and searches
 * message text across clients (FTS5); a message result opens its thread at that message.
 */
export function ConversationList({ selectedId }: { selectedId: number | null }) {
  const clientFilter = useConversationsUi((state) => state.clientFilter)
  const unreadFirst = useConversationsUi((state) => state.unreadFirst)
  const search = useDeferredValue(useConversationsUi((state) => state.search).trim())
  const filter: ConversationListFilter = {
    ...(clientFilter ? { clientId: clientFilter } : {}),
    ...(search ? { query: search.slice(0, 100) } : {}),
    unreadFirst,
  }
  const list = useInfiniteQuery({
    ...conversationListQuery(filter),
    placeholderData: keepPreviousData,
  })
  const searchHits = useQuery({
    ...messageSearchQuery(search.slice(0, 200), clientFilter || undefined),
    enabled: search.length > 0,
  })
  const rows = useMemo(() => list.data?.pages.flatMap((page) => page.items) ?? [], [list.data])
  const items = useMemo(
    () => listItems(rows, searchHits.data, search.length > 0),
    [rows, searchHits.data, search],
  )

  const { scrollRef, virtualizer } = useVirtualRows(items, (item) =>
    item?.kind === 'conversation' ? 76 : 40,
  )
  const virtualItems = virtualizer.getVirtualItems()
  const lastIndex = virtualItems.at(-1)?.index ?? -1
  const { hasNextPage, isFetchingNextPage, fetchNextPage } = list
  useEffect(() => {
    if (hasNextPage && !isFetchingNextPage && lastIndex >= items.length - LOAD_AHEAD) {
      void fetchNextPage()
    }
  }, [hasNextPage, isFetchingNextPage, fetchNextPage, lastIndex, items.length])

  const filtered = clientFilter !== '' || search !== ''
  return (
    <section className="inbox__list" aria-label="Conversation list">
      <ConversationFilters />
      {list.isError ? (
        <ErrorNotice
          error={list.error}
          title="Could not load conversations"
          onRetry={() => list.refetch()}
        />
      ) : null}
      {searchHits.isError ? (
        <ErrorNotice error={searchHits.error} title="Could not search messages" />
      ) : null}
      {list.isPending ? <p className="inbox__note muted">Loading conversations…</p> : null}
      {list.isSuccess && rows.length === 0 && !search ? (
        <p className="inbox__note muted" data-testid="conversations-empty">
          {filtered
            ? 'No conversation on this filter.'
            : 'No conversations yet. Messages your clients receive appear here as they arrive.'}
        </p>
      ) : null}
      <div className="inbox__scroll" ref={scrollRef} data-testid="conversation-list">
        <VirtualRows
          virtualizer={virtualizer}
          items={items}
          label={search ? 'Search results' : 'Conversations'}
          busy={list.isFetchingNextPage}
          rowClass={(item) => `virtual-list__item--${item.kind}`}
        >
          {(item) =>
            item.kind === 'conversation' ? (
              <ConversationRowItem row={item.row} selected={item.row.id === selectedId} />
            ) : item.kind === 'hit' ? (
              <SearchHitItem hit={item.hit} />
            ) : item.kind === 'heading' ? (
              <h3 className="inbox__section">{item.label}</h3>
            ) : (
              <p className="inbox__note muted">{item.text}</p>
            )
          }
        </VirtualRows>
      </div>
    </section>
  )
}
