import { expect, it } from 'vitest'
import { splitRange } from './rollups'

it('reads whole months from the monthly table and only the partial months day by day', () => {
  expect(splitRange({ from: '2026-03-01', to: '2026-03-31' })).toEqual({
    months: { from: '2026-03', to: '2026-03' },
    days: [],
  })
  expect(splitRange({ from: '2026-02-15', to: '2026-05-10' })).toEqual({
    months: { from: '2026-03', to: '2026-04' },
    days: [
      { from: '2026-02-15', to: '2026-02-28' },
      { from: '2026-05-01', to: '2026-05-10' },
    ],
  })
  expect(splitRange({ from: '2026-03-02', to: '2026-03-30' })).toEqual({
    months: null,
    days: [{ from: '2026-03-02', to: '2026-03-30' }],
  })
  expect(splitRange({ from: '2025-12-31', to: '2026-02-28' })).toEqual({
    months: { from: '2026-01', to: '2026-02' },
    days: [{ from: '2025-12-31', to: '2025-12-31' }],
  })
  expect(splitRange({ from: '2024-02-01', to: '2024-02-29' }).months).toEqual({
    from: '2024-02',
    to: '2024-02',
  })
})
