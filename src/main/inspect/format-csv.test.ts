import { expect, it } from 'vitest'
import { formatCsv, parseSince } from './inspect'

it('writes CSV with every column, quoting what needs it and defusing spreadsheet formulas', () => {
  expect(
    formatCsv([
      { id: 'w.1', text: 'a, "quoted"\nline', n: 3, extra: { a: 1 } },
      { id: 'w.2', text: '=HYPERLINK("x")', missing: null, neg: -1 },
    ]),
  ).toBe(
    'id,text,n,extra,missing,neg\r\n' +
      'w.1,"a, ""quoted""\nline",3,"{""a"":1}",,\r\n' +
      `w.2,"'=HYPERLINK(""x"")",,,,-1\r\n`,
  )
  expect(formatCsv([])).toBe('\r\n')
})

it('reads --since as a date, a time or an age', () => {
  const now = Date.parse('2026-02-01T12:00:00Z')
  expect(parseSince('2026-01-31', now)).toBe(Date.parse('2026-01-31'))
  expect(parseSince('2026-01-31T09:30:00+01:00', now)).toBe(Date.parse('2026-01-31T08:30:00Z'))
  expect(parseSince('90m', now)).toBe(now - 90 * 60_000)
  expect(parseSince('24h', now)).toBe(now - 86_400_000)
  expect(parseSince('7d', now)).toBe(now - 7 * 86_400_000)
  expect(() => parseSince('last week', now)).toThrow(/not a date, a time or an age/)
  expect(() => parseSince('2026-13-45', now)).toThrow(/not a date/)
})
