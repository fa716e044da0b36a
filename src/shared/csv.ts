/**
 * Rows as CSV (RFC 4180): a header of every column, objects as JSON, fields quoted when they hold
 * a comma, quote or line break. Spreadsheet formulas are not evaluated from a cell that starts
 * with `=`, `+`, `-` or `@`: such text cells get a leading apostrophe. One implementation for
 * `npm run inspect -- --csv` and the console's CSV exports.
 */
export function formatCsv(rows: readonly Record<string, unknown>[]): string {
  const columns = [...new Set(rows.flatMap((row) => Object.keys(row)))]
  const cell = (value: unknown) => {
    if (value === null || value === undefined) return ''
    let text = typeof value === 'object' ? JSON.stringify(value) : String(value)
    if (typeof value === 'string' && /^[=+\-@]/.test(text)) text = `'${text}`
    return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text
  }
  return [columns.join(','), ...rows.map((row) => columns.map((c) => cell(row[c])).join(','))]
    .map((line) => `${line}\r\n`)
    .join('')
}
