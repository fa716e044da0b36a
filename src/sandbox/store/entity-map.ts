/**
 * A Map of world entities that remembers which of them may have changed, for the store's
 * unit-of-work flush (world-store.ts). Handlers change entities in place all over the sandbox
 * (`phone.registered = true`, `waba.subscriptions.set(…)`), so the map cannot see the change
 * itself; it records every key *handed out* instead — by `get`, `set` or `touch` — and the flush
 * compares those entities with what was last written. Lookups stay plain Map hits plus a Set add.
 *
 * Iterating a map may hand out every entity. Small maps (`trackIteration`) then have all their
 * entries compared at the next flush. The two large ones (sent and received messages, up to 100k
 * each) do not: code that changes a message found by iterating calls `touch(id)`.
 */
export class EntityMap<V> extends Map<string, V> {
  /** Keys handed out or set since the last flush. */
  readonly dirty = new Set<string>()
  /** Keys deleted since the last flush. */
  readonly removed = new Set<string>()
  /** `clear()` was called since the last flush (every row goes). */
  cleared = false
  /** Iterated since the last flush (every entry is compared). */
  iterated = false
  /** Called on every change; the store sets it to schedule a flush. */
  notify: () => void = () => {}

  constructor(readonly trackIteration = true) {
    super()
  }

  override get(key: string): V | undefined {
    const value = super.get(key)
    if (value !== undefined) this.mark(key)
    return value
  }

  override set(key: string, value: V): this {
    super.set(key, value)
    this.mark(key)
    return this
  }

  override delete(key: string): boolean {
    if (!super.delete(key)) return false
    this.removed.add(key)
    this.notify()
    return true
  }

  override clear(): void {
    super.clear()
    this.dirty.clear()
    this.removed.clear()
    this.iterated = false
    this.cleared = true
    this.notify()
  }

  /** Marks an entity changed without looking it up (after changing one found by iterating). */
  touch(key: string): void {
    if (super.has(key)) this.mark(key)
  }

  override values(): MapIterator<V> {
    this.iteratedNow()
    return super.values()
  }

  override entries(): MapIterator<[string, V]> {
    this.iteratedNow()
    return super.entries()
  }

  override [Symbol.iterator](): MapIterator<[string, V]> {
    this.iteratedNow()
    return super.entries()
  }

  override forEach(fn: (value: V, key: string, map: Map<string, V>) => void, thisArg?: unknown) {
    this.iteratedNow()
    super.forEach(fn, thisArg)
  }

  /** For the store: a value without marking it. */
  peek(key: string): V | undefined {
    return super.get(key)
  }

  /** For the store: fills the map from disk without marking anything. */
  load(key: string, value: V): void {
    super.set(key, value)
  }

  /** For the store: every value, without marking anything. */
  peekValues(): MapIterator<V> {
    return super.values()
  }

  /** For the store: forget what changed (after it was written). */
  settle(): void {
    this.dirty.clear()
    this.removed.clear()
    this.cleared = false
    this.iterated = false
  }

  private mark(key: string): void {
    this.dirty.add(key)
    this.notify()
  }

  private iteratedNow(): void {
    if (!this.trackIteration) return
    this.iterated = true
    this.notify()
  }
}
