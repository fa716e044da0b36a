import { KB_CSV_HEADER, type KbFileFormat, type KbImportResult } from '@shared/contract/ai'
import { useId, useState, type FormEvent } from 'react'
import { ConfirmDialog } from '../../components/ConfirmDialog'
import { ErrorNotice } from '../../components/ErrorNotice'
import { downloadText } from './download'
import { useExportKnowledge, useImportKnowledge } from './knowledge-queries'

const formatOf = (name: string): KbFileFormat | null =>
  /\.json$/i.test(name) ? 'json' : /\.csv$/i.test(name) ? 'csv' : null

const summary = (result: KbImportResult) =>
  [
    result.removed > 0 ? `${result.removed} removed` : null,
    `${result.entries.added} entries added, ${result.entries.updated} updated`,
    `${result.facts.added} facts added, ${result.facts.updated} updated`,
  ]
    .filter(Boolean)
    .join('; ')

/** Import a JSON or CSV file (merge or replace) and export the knowledge base as either. */
export function ImportExport({ clientId }: { clientId: string }) {
  const id = useId()
  const [file, setFile] = useState<File | null>(null)
  const [mode, setMode] = useState<'merge' | 'replace'>('merge')
  const [confirming, setConfirming] = useState(false)
  const [problem, setProblem] = useState<string | null>(null)
  const importer = useImportKnowledge(clientId)
  const exporter = useExportKnowledge(clientId)

  const run = async () => {
    if (!file) return
    const format = formatOf(file.name)
    if (!format) {
      setProblem('Choose a .json or .csv file.')
      return
    }
    setProblem(null)
    importer.mutate({ format, content: await file.text(), mode })
  }
  const onSubmit = (event: FormEvent) => {
    event.preventDefault()
    if (mode === 'replace') setConfirming(true)
    else void run()
  }
  const issues = (
    importer.error as { details?: { issues?: { row: string; message: string }[] } } | null
  )?.details?.issues

  return (
    <section className="panel" aria-labelledby="kb-files">
      <h2 className="panel__title" id="kb-files">
        Import and export
      </h2>
      <p className="panel__lead">
        JSON as exported here, or CSV with the header <code>{KB_CSV_HEADER.join(',')}</code> (one
        row per entry or fact; <code>|</code> between variants and between tags). A file with any
        wrong row is refused whole, with the rows named.
      </p>
      <form className="kb-form kb-form--inline" onSubmit={onSubmit} aria-label="Import a file">
        <label htmlFor={`${id}-file`}>File</label>
        <input
          id={`${id}-file`}
          type="file"
          accept=".json,.csv,application/json,text/csv"
          onChange={(event) => setFile(event.target.files?.[0] ?? null)}
        />
        <label htmlFor={`${id}-mode`}>Mode</label>
        <select
          id={`${id}-mode`}
          className="field"
          value={mode}
          onChange={(event) => setMode(event.target.value as 'merge' | 'replace')}
        >
          <option value="merge">Merge (same question or fact key: replaced)</option>
          <option value="replace">Replace everything</option>
        </select>
        <button
          type="submit"
          className="button button--primary"
          disabled={!file || importer.isPending}
        >
          {importer.isPending ? 'Importing…' : 'Import'}
        </button>
      </form>
      {problem ? <p className="field-error">{problem}</p> : null}
      {importer.isSuccess ? (
        <p role="status" className="field-success" data-testid="kb-import-result">
          Imported: {summary(importer.data)}.
        </p>
      ) : null}
      {importer.isError ? (
        <>
          <ErrorNotice
            error={importer.error}
            title="Could not import the file"
            testId="kb-import-error"
          />
          {issues && issues.length > 0 ? (
            <ul className="kb-issues" aria-label="Rows with problems">
              {issues.map((issue) => (
                <li key={issue.row}>
                  <strong>{issue.row}</strong>: {issue.message}
                </li>
              ))}
            </ul>
          ) : null}
        </>
      ) : null}
      <div className="actions" role="group" aria-label="Export">
        {(['json', 'csv'] as const).map((format) => (
          <button
            key={format}
            type="button"
            className="button button--secondary"
            disabled={exporter.isPending}
            onClick={() => exporter.mutate(format, { onSuccess: downloadText })}
          >
            Export {format.toUpperCase()}
          </button>
        ))}
      </div>
      {exporter.isError ? <ErrorNotice error={exporter.error} title="Could not export" /> : null}
      <ConfirmDialog
        open={confirming}
        title="Replace the whole knowledge base?"
        body="Every entry and fact is deleted and the file's rows take their place. Export first to keep a copy."
        confirmLabel="Replace"
        onCancel={() => setConfirming(false)}
        onConfirm={() => {
          setConfirming(false)
          void run()
        }}
        testId="kb-replace-confirm"
      />
    </section>
  )
}
