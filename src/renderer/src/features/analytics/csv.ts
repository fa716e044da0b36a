import { formatCsv } from '@shared/csv'

/** Saves rows as a CSV file (the shared writer) through a blob: download, allowed by the CSP. */
export function downloadCsv(fileName: string, rows: readonly Record<string, unknown>[]): void {
  const url = URL.createObjectURL(new Blob([formatCsv(rows)], { type: 'text/csv;charset=utf-8' }))
  const link = document.createElement('a')
  link.href = url
  link.download = fileName
  link.hidden = true
  document.body.append(link)
  link.click()
  link.remove()
  setTimeout(() => URL.revokeObjectURL(url), 0)
}
