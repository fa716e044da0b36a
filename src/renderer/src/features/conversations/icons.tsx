// Small 16×16 stroke icons for the conversation UI, drawn here (no icon font, no emoji font needed).
const paths = {
  attach: 'M12.5 7.5l-5 5a3 3 0 01-4.2-4.2l5.5-5.5a2 2 0 012.8 2.8L6.1 11a1 1 0 01-1.4-1.4L9.5 4.8',
  clock: 'M8 2.5a5.5 5.5 0 110 11 5.5 5.5 0 010-11zM8 5v3.2l2 1.3',
  document: 'M4 1.8h5l3 3v9.4H4zM9 1.8v3h3M6 8.5h4M6 11h4',
  lock: 'M4.5 7h7v6.5h-7zM5.8 7V5a2.2 2.2 0 014.4 0v2',
  pin: 'M8 14.5s4.5-4.3 4.5-7.8a4.5 4.5 0 00-9 0C3.5 10.2 8 14.5 8 14.5zM8 5.2a1.5 1.5 0 110 3 1.5 1.5 0 010-3z',
  person: 'M8 2.5a2.5 2.5 0 110 5 2.5 2.5 0 010-5zM3 14c.4-2.8 2.4-4.5 5-4.5s4.6 1.7 5 4.5',
  reply: 'M6.5 4L2.5 8l4 4M2.5 8h7a4 4 0 014 4v.5',
  smile: 'M8 2.5a5.5 5.5 0 110 11 5.5 5.5 0 010-11zM5.8 9.5a2.6 2.6 0 004.4 0M6 6.5h.01M10 6.5h.01',
} as const

export type IconName = keyof typeof paths

export function Glyph({ name }: { name: IconName }) {
  return (
    <svg
      className="glyph"
      viewBox="0 0 16 16"
      width="16"
      height="16"
      aria-hidden="true"
      focusable="false"
    >
      <path
        d={paths[name]}
        fill="none"
        stroke="currentColor"
        strokeWidth="1.4"
        strokeLinecap="round"
        strokeLinejoin="round"
      />
    </svg>
  )
}
