import { PageHeader } from '../../components/PageHeader'
import { useHashParam } from '../shell/useHashRoute'
import { ConversationList } from './ConversationList'
import { NotificationPrompt } from './NotificationPrompt'
import { Thread } from './Thread'

const conversationIdOf = (param: string | null): number | null => {
  if (!param || !/^\d{1,15}$/.test(param)) return null
  const id = Number(param)
  return id > 0 ? id : null
}

/** `#/conversations`: the list; `#/conversations/<id>`: the list beside that thread. */
export function ConversationsPage() {
  const selectedId = conversationIdOf(useHashParam())
  return (
    <div className="inbox-page">
      <PageHeader title="Conversations">
        Messages between your clients and their customers, live from Meta&apos;s webhooks.
      </PageHeader>
      <NotificationPrompt />
      <div className={`inbox${selectedId ? ' inbox--open' : ''}`}>
        <ConversationList selectedId={selectedId} />
        {selectedId ? (
          <Thread key={selectedId} conversationId={selectedId} />
        ) : (
          <section className="thread thread--empty" data-testid="thread-placeholder">
            <p className="muted">Choose a conversation to read it and reply.</p>
          </section>
        )}
      </div>
    </div>
  )
}
