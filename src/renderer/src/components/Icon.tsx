import type { RouteId } from '../features/shell/routes'

// Simple 24×24 stroke icons, drawn here so nothing is fetched from a CDN.
const paths: Record<RouteId, string> = {
  clients: 'M4 20V9l8-5 8 5v11M9 20v-6h6v6M4 20h16',
  conversations: 'M4 5h16v10H9l-5 4V5zM8 9h8M8 12h5',
  review: 'M9 12l2 2 4-4M12 3l7 3v6c0 4-3 7-7 9-4-2-7-5-7-9V6l7-3z',
  analytics: 'M4 20V4M4 20h16M8 16v-5M12 16V8M16 16v-3',
  settings: 'M4 7h9M17 7h3M15 5v4M4 17h3M11 17h9M9 15v4',
}

export function Icon({ name }: { name: RouteId }) {
  return (
    <svg
      className="icon"
      viewBox="0 0 24 24"
      width="18"
      height="18"
      aria-hidden="true"
      focusable="false"
    >
      <path
        d={paths[name]}
        fill="none"
        stroke="currentColor"
        strokeWidth="1.6"
        strokeLinecap="round"
        strokeLinejoin="round"
      />
    </svg>
  )
}
