import type { RouteId } from '../features/shell/routes'

// The console's stroke icons, drawn here so nothing is fetched from a CDN and no icon or emoji font
// is needed: navigation icons on a 24×24 grid, small glyphs (message bubbles, composer) on 16×16.
const navigation: Record<RouteId, string> = {
  clients: 'M4 20V9l8-5 8 5v11M9 20v-6h6v6M4 20h16',
  conversations: 'M4 5h16v10H9l-5 4V5zM8 9h8M8 12h5',
  review: 'M9 12l2 2 4-4M12 3l7 3v6c0 4-3 7-7 9-4-2-7-5-7-9V6l7-3z',
  analytics: 'M4 20V4M4 20h16M8 16v-5M12 16V8M16 16v-3',
  settings: 'M4 7h9M17 7h3M15 5v4M4 17h3M11 17h9M9 15v4',
}

const glyphs = {
  attach: 'M12.5 7.5l-5 5a3 3 0 01-4.2-4.2l5.5-5.5a2 2 0 012.8 2.8L6.1 11a1 1 0 01-1.4-1.4L9.5 4.8',
  clock: 'M8 2.5a5.5 5.5 0 110 11 5.5 5.5 0 010-11zM8 5v3.2l2 1.3',
  document: 'M4 1.8h5l3 3v9.4H4zM9 1.8v3h3M6 8.5h4M6 11h4',
  lock: 'M4.5 7h7v6.5h-7zM5.8 7V5a2.2 2.2 0 014.4 0v2',
  pin: 'M8 14.5s4.5-4.3 4.5-7.8a4.5 4.5 0 00-9 0C3.5 10.2 8 14.5 8 14.5zM8 5.2a1.5 1.5 0 110 3 1.5 1.5 0 010-3z',
  person: 'M8 2.5a2.5 2.5 0 110 5 2.5 2.5 0 010-5zM3 14c.4-2.8 2.4-4.5 5-4.5s4.6 1.7 5 4.5',
  reply: 'M6.5 4L2.5 8l4 4M2.5 8h7a4 4 0 014 4v.5',
  smile: 'M8 2.5a5.5 5.5 0 110 11 5.5 5.5 0 010-11zM5.8 9.5a2.6 2.6 0 004.4 0M6 6.5h.01M10 6.5h.01',
} as const

export type GlyphName = keyof typeof glyphs

interface StrokeProps {
  d: string
  className: string
  grid: number
  size: number
  strokeWidth: number
}

function StrokeIcon({ d, className, grid, size, strokeWidth }: StrokeProps) {
  return (
    <svg
      className={className}
      viewBox={`0 0 ${grid} ${grid}`}
      width={size}
      height={size}
      aria-hidden="true"
      focusable="false"
    >
      <path
        d={d}
        fill="none"
        stroke="currentColor"
        strokeWidth={strokeWidth}
        strokeLinecap="round"
        strokeLinejoin="round"
      />
    </svg>
  )
}

/** A navigation item's icon (18 px). */
export function Icon({ name }: { name: RouteId }) {
  return <StrokeIcon d={navigation[name]} className="icon" grid={24} size={18} strokeWidth={1.6} />
}

/** A small inline glyph (16 px) beside text: ticks' clock, attachments, locations, contacts… */
export function Glyph({ name }: { name: GlyphName }) {
  return <StrokeIcon d={glyphs[name]} className="glyph" grid={16} size={16} strokeWidth={1.4} />
}
