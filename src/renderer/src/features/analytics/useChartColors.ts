import { useEffect, useState } from 'react'

/**
 * The chart palette, read from the CSS custom properties of analytics.css (which follow the
 * light/dark tokens), and read again when the theme changes: recharts draws SVG attributes, which
 * need concrete colours.
 */
export const CHART_TOKENS = {
  in: '--chart-in',
  out: '--chart-out',
  delivered: '--chart-delivered',
  read: '--chart-read',
  failed: '--chart-failed',
  grid: '--border',
  text: '--text-muted',
  surface: '--surface',
} as const

export type ChartColors = Record<keyof typeof CHART_TOKENS, string>

const FALLBACK: ChartColors = {
  in: '#2563eb',
  out: '#0f766e',
  delivered: '#146c43',
  read: '#7c3aed',
  failed: '#b42318',
  grid: '#dde1e7',
  text: '#5d6773',
  surface: '#ffffff',
}

function read(): ChartColors {
  const style = getComputedStyle(document.documentElement)
  const entries = Object.entries(CHART_TOKENS).map(([key, token]) => {
    const value = style.getPropertyValue(token).trim()
    return [key, value || FALLBACK[key as keyof ChartColors]]
  })
  return Object.fromEntries(entries) as ChartColors
}

export function useChartColors(): ChartColors {
  const [colors, setColors] = useState(read)
  useEffect(() => {
    const update = () => setColors(read())
    const observer = new MutationObserver(update)
    observer.observe(document.documentElement, {
      attributes: true,
      attributeFilter: ['data-theme'],
    })
    const media = window.matchMedia?.('(prefers-color-scheme: dark)')
    media?.addEventListener('change', update)
    return () => {
      observer.disconnect()
      media?.removeEventListener('change', update)
    }
  }, [])
  return colors
}

/** Axis and tooltip props in the palette (every chart of the page). */
export const axisProps = (colors: ChartColors) => ({
  stroke: colors.text,
  tick: { fill: colors.text, fontSize: 12 },
})
export const tooltipProps = (colors: ChartColors) => ({
  contentStyle: { background: colors.surface, borderColor: colors.grid },
})
