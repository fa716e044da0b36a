import { useEffect, useRef, useState, type ReactNode } from 'react'

/**
 * A chart's box: measures its width (ResizeObserver) and hands the chart explicit dimensions, so
 * charts draw at the width of the page and also where nothing is laid out (component tests).
 */
export function ChartFrame({
  height,
  label,
  children,
}: {
  height: number
  label: string
  children: (size: { width: number; height: number }) => ReactNode
}) {
  const ref = useRef<HTMLDivElement>(null)
  const [width, setWidth] = useState(640)
  useEffect(() => {
    const element = ref.current
    if (!element || typeof ResizeObserver === 'undefined') return
    const observer = new ResizeObserver(([entry]) => {
      const measured = Math.floor(entry?.contentRect.width ?? 0)
      if (measured > 0) setWidth(measured)
    })
    observer.observe(element)
    return () => observer.disconnect()
  }, [])
  return (
    <div ref={ref} className="chart" role="img" aria-label={label} data-testid="chart">
      {children({ width, height })}
    </div>
  )
}
