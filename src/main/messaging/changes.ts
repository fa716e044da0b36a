import type { EventPayload } from '@shared/contract/channels'

type Received = EventPayload<'messages:received'>['messages'][number]
type StatusChanged = EventPayload<'messages:status-changed'>['messages'][number]

/**
 * What one transaction changed, collected while it runs and pushed to renderers only after it
 * committed (a rolled-back batch pushes nothing). Conversations touched are also the ones whose
 * aggregates (last message, unread count, windows) are recomputed before the commit.
 */
export interface ChangeSet {
  /** A conversation whose row (or messages) changed. */
  touch(conversationId: number): void
  /** A conversation merged into another one: renderers drop it. */
  remove(conversationId: number): void
  received(message: Omit<Received, 'contactName' | 'clientId'>): void
  statusChanged(message: StatusChanged): void
  touched(): number[]
  isEmpty(): boolean
  take(): PendingChanges
}

export interface PendingChanges {
  conversationIds: number[]
  removed: number[]
  received: Omit<Received, 'contactName' | 'clientId'>[]
  statusChanged: StatusChanged[]
}

export function createChangeSet(): ChangeSet {
  let touched = new Set<number>()
  let removed = new Set<number>()
  let received = new Map<number, Omit<Received, 'contactName' | 'clientId'>>()
  let statuses = new Map<number, StatusChanged>()
  return {
    touch: (id) => void touched.add(id),
    remove(id) {
      removed.add(id)
      touched.delete(id)
    },
    received: (message) => void received.set(message.messageId, message),
    statusChanged: (message) => void statuses.set(message.messageId, message),
    touched: () => [...touched].filter((id) => !removed.has(id)),
    isEmpty: () =>
      touched.size === 0 && removed.size === 0 && received.size === 0 && statuses.size === 0,
    take() {
      const pending: PendingChanges = {
        conversationIds: [...touched].filter((id) => !removed.has(id)),
        removed: [...removed],
        received: [...received.values()],
        statusChanged: [...statuses.values()],
      }
      touched = new Set()
      removed = new Set()
      received = new Map()
      statuses = new Map()
      return pending
    },
  }
}
