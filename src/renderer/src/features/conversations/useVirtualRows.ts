import { useVirtualizer } from '@tanstack/react-virtual'
import { useRef } from 'react'

/**
 * A virtualizer over keyed items of varying height (measured once rendered), for the
 * conversation list and the thread: only the rows on screen (plus `overscan`) are in the DOM.
 */
export function useVirtualRows<T extends { key: string }>(
  items: readonly T[],
  estimate: (item: T | undefined) => number,
  options: { anchorTo?: 'start' | 'end'; followOnAppend?: boolean; overscan?: number } = {},
) {
  const scrollRef = useRef<HTMLDivElement>(null)
  // No React Compiler in this build: the virtualizer re-renders its component itself.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count: items.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: (index) => estimate(items[index]),
    getItemKey: (index) => items[index]?.key ?? index,
    // React 19 warns about flushSync inside its lifecycle; a normal re-render is soon enough.
    useFlushSync: false,
    overscan: options.overscan ?? 8,
    ...(options.anchorTo ? { anchorTo: options.anchorTo } : {}),
    ...(options.followOnAppend ? { followOnAppend: options.followOnAppend } : {}),
  })
  return { scrollRef, virtualizer }
}
