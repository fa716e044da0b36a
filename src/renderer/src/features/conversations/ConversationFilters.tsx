import { UNASSIGNED } from '@shared/contract/messaging'
import { useQuery } from '@tanstack/react-query'
import { useId } from 'react'
import { clientsListQuery } from '../../queries/clients-queries'
import { useConversationsUi } from './conversations-store'

/** The list's filter by client (or unassigned numbers), its search box and the unread-first switch. */
export function ConversationFilters() {
  const { clientFilter, unreadFirst, search, setClientFilter, setUnreadFirst, setSearch } =
    useConversationsUi()
  const clients = useQuery(clientsListQuery({}))
  const clientId = useId()
  const searchId = useId()
  // Clients with a number can have conversations; offboarded ones keep theirs.
  const withNumbers = (clients.data ?? []).filter((client) => client.phoneNumberId !== null)
  return (
    <div className="inbox__filters" role="search" aria-label="Find conversations">
      <label htmlFor={searchId} className="visually-hidden">
        Search contacts and messages
      </label>
      <input
        id={searchId}
        className="field"
        type="search"
        placeholder="Search contacts and messages"
        value={search}
        maxLength={200}
        onChange={(event) => setSearch(event.target.value)}
        data-testid="conversations-search"
      />
      <div className="inbox__filter-row">
        <label htmlFor={clientId} className="visually-hidden">
          Show conversations of client
        </label>
        <select
          id={clientId}
          className="field"
          value={clientFilter}
          onChange={(event) => setClientFilter(event.target.value)}
          data-testid="conversations-client-filter"
        >
          <option value="">All clients</option>
          {withNumbers.map((client) => (
            <option key={client.id} value={client.id}>
              {client.name ?? client.displayPhoneNumber ?? client.wabaId}
            </option>
          ))}
          <option value={UNASSIGNED}>Unassigned numbers</option>
        </select>
        <label className="checkbox">
          <input
            type="checkbox"
            checked={unreadFirst}
            onChange={(event) => setUnreadFirst(event.target.checked)}
          />
          Unread first
        </label>
      </div>
    </div>
  )
}
