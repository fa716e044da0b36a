import type { EventPayload } from '@shared/contract/channels'

type Received = EventPayload<'messages:received'>['messages'][number]
type StatusChanged = EventPayload<'messages:status-changed'>['messages'][number]

/** A message row this transaction added, as the conversation aggregates read it. */
export interface AddedMessage {
  id: number
  timestamp: number
  direction: 'in' | 'out'
  type: string
}

/** How each conversation's aggregates follow what changed (conversations.ts). */
export interface AggregateWork {
  /** Changed in a way that may move them: recomputed from the messages. */
  recompute: number[]
  /** Only new messages: folded into the stored aggregates. */
  fold: Map<number, AddedMessage[]>
  /** Changed in nothing they read (the number, a message's status): kept. */
  keep: number[]
}

/**
 * What one transaction changed, collected while it runs and pushed to renderers only after it
 * committed (a rolled-back batch pushes nothing). Conversations touched are also the ones whose
 * aggregates (last message, unread count, windows) are brought up to date before the commit.
 */
export interface ChangeSet {
  /** A conversation whose row or messages changed in a way its aggregates may follow. */
  touch(conversationId: number): void
  /** A message row added to a conversation (touches it; its aggregates take the row in). */
  added(conversationId: number, message: AddedMessage): void
  /** A conversation changed in nothing its aggregates read (touches it for renderers only). */
  noted(conversationId: number): void
  /** A conversation merged into another one: renderers drop it. */
  remove(conversationId: number): void
  received(message: Omit<Received, 'contactName' | 'clientId'>): void
  statusChanged(message: StatusChanged): void
  /** An update was rolled back after adding rows: its conversations are recomputed instead. */
  distrustFolds(): void
  /**
   * What the set holds now: calling the returned function puts it back (a batch applied again
   * after its savepoint was rolled back).
   */
  checkpoint(): () => void
  /** The aggregate work since the last call (conversations not removed), then forgotten. */
  takeAggregates(): AggregateWork
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
  // Since the last takeAggregates: conversations to recompute, rows to fold, all of them.
  let recompute = new Set<number>()
  let folds = new Map<number, AddedMessage[]>()
  let pending = new Set<number>()
  return {
    touch(id) {
      touched.add(id)
      pending.add(id)
      recompute.add(id)
    },
    added(id, message) {
      touched.add(id)
      pending.add(id)
      const rows = folds.get(id)
      if (rows) rows.push(message)
      else folds.set(id, [message])
    },
    noted(id) {
      touched.add(id)
      pending.add(id)
    },
    remove(id) {
      removed.add(id)
      touched.delete(id)
    },
    received: (message) => void received.set(message.messageId, message),
    statusChanged: (message) => void statuses.set(message.messageId, message),
    distrustFolds() {
      for (const id of folds.keys()) recompute.add(id)
    },
    checkpoint() {
      const saved = {
        touched: new Set(touched),
        removed: new Set(removed),
        received: new Map(received),
        statuses: new Map(statuses),
        recompute: new Set(recompute),
        folds: new Map([...folds].map(([id, rows]) => [id, [...rows]])),
        pending: new Set(pending),
      }
      return () => {
        ;({ touched, removed, received, statuses, recompute, folds, pending } = saved)
      }
    },
    takeAggregates() {
      const work: AggregateWork = { recompute: [], fold: new Map(), keep: [] }
      for (const id of pending) {
        if (removed.has(id)) continue
        if (recompute.has(id)) work.recompute.push(id)
        else if (folds.has(id)) work.fold.set(id, folds.get(id)!)
        else work.keep.push(id)
      }
      recompute = new Set()
      folds = new Map()
      pending = new Set()
      return work
    },
    isEmpty: () =>
      touched.size === 0 && removed.size === 0 && received.size === 0 && statuses.size === 0,
    take() {
      const pendingChanges: PendingChanges = {
        conversationIds: [...touched].filter((id) => !removed.has(id)),
        removed: [...removed],
        received: [...received.values()],
        statusChanged: [...statuses.values()],
      }
      touched = new Set()
      removed = new Set()
      received = new Map()
      statuses = new Map()
      recompute = new Set()
      folds = new Map()
      pending = new Set()
      return pendingChanges
    },
  }
}
