import type { ReactNode } from 'react'
import { downloadCsv } from './csv'

/** One view of the page: a titled panel with its CSV export. */
export function Section({
  title,
  lead,
  testId,
  csv,
  children,
}: {
  title: string
  lead?: ReactNode
  testId: string
  /** The view's rows for "Export CSV" (file name and rows); absent when there is nothing. */
  csv?: { file: string; rows: () => Record<string, unknown>[] } | null
  children: ReactNode
}) {
  return (
    <section className="panel analytics-section" data-testid={testId} aria-label={title}>
      <div className="panel__header--action">
        <h2 className="panel__title">{title}</h2>
        {csv ? (
          <button
            type="button"
            className="button button--secondary button--small"
            onClick={() => downloadCsv(csv.file, csv.rows())}
          >
            Export CSV
          </button>
        ) : null}
      </div>
      {lead ? <p className="panel__lead">{lead}</p> : null}
      {children}
    </section>
  )
}
