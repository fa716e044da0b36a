import type { Virtualizer } from '@tanstack/react-virtual'
import type { ReactNode } from 'react'

/**
 * The rows a virtualizer (useVirtualRows) has on screen, absolutely placed in a list as tall as
 * all rows together; each row is measured once rendered.
 */
export function VirtualRows<T>({
  virtualizer,
  items,
  ordered = false,
  label,
  busy,
  rowClass,
  children,
}: {
  virtualizer: Virtualizer<HTMLDivElement, Element>
  items: readonly T[]
  ordered?: boolean
  label: string
  busy?: boolean
  rowClass: (item: T) => string
  children: (item: T) => ReactNode
}) {
  const List = ordered ? 'ol' : 'ul'
  return (
    <List
      className="virtual-list"
      style={{ height: virtualizer.getTotalSize() }}
      aria-label={label}
      aria-busy={busy}
    >
      {virtualizer.getVirtualItems().map((virtual) => {
        const item = items[virtual.index]!
        return (
          <li
            key={virtual.key}
            ref={virtualizer.measureElement}
            data-index={virtual.index}
            className={`virtual-list__item ${rowClass(item)}`}
            style={{ transform: `translateY(${virtual.start}px)` }}
          >
            {children(item)}
          </li>
        )
      })}
    </List>
  )
}
