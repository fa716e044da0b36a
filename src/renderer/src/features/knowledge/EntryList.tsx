import type { KbEntry, KnowledgeBase } from '@shared/contract/ai'
import { useMemo, useState } from 'react'
import { ConfirmDialog } from '../../components/ConfirmDialog'
import { ErrorNotice } from '../../components/ErrorNotice'
import { EntryForm } from './EntryForm'
import { useDeleteEntry } from './knowledge-queries'

const kindLabel = { faq: 'FAQ', snippet: 'Snippet' } as const

const matches = (entry: KbEntry, query: string) => {
  const q = query.trim().toLowerCase()
  if (!q) return true
  return [entry.question, entry.answer, ...entry.variants, ...entry.tags, entry.language].some(
    (text) => text.toLowerCase().includes(q),
  )
}

/** The FAQ entries and snippets: filter, add, edit, delete. */
export function EntryList({ kb }: { kb: KnowledgeBase }) {
  const [query, setQuery] = useState('')
  const [editing, setEditing] = useState<KbEntry | 'new' | null>(null)
  const [deleting, setDeleting] = useState<KbEntry | null>(null)
  const remove = useDeleteEntry(kb.clientId)
  const factKeys = useMemo(() => [...new Set(kb.facts.map((fact) => fact.key))], [kb.facts])
  const shown = kb.entries.filter((entry) => matches(entry, query))

  return (
    <section className="panel" aria-labelledby="kb-entries">
      <div className="panel__header panel__header--action">
        <h2 className="panel__title" id="kb-entries">
          FAQ and snippets ({kb.entries.length})
        </h2>
        <button
          type="button"
          className="button button--primary"
          onClick={() => setEditing('new')}
          disabled={editing !== null}
        >
          Add entry
        </button>
      </div>
      {editing !== null ? (
        <EntryForm
          key={editing === 'new' ? 'new' : editing.id}
          clientId={kb.clientId}
          {...(editing === 'new' ? {} : { entry: editing })}
          defaultLanguage={kb.languages[0] ?? 'en'}
          factKeys={factKeys}
          onDone={() => setEditing(null)}
        />
      ) : null}
      <label className="kb-filter">
        <span className="visually-hidden">Filter entries</span>
        <input
          className="field"
          type="search"
          placeholder="Filter by question, answer, tag or language"
          value={query}
          onChange={(event) => setQuery(event.target.value)}
        />
      </label>
      {remove.isError ? (
        <ErrorNotice error={remove.error} title="Could not delete the entry" />
      ) : null}
      {kb.entries.length === 0 ? (
        <p className="muted">No entries yet: add the questions customers ask, or import a file.</p>
      ) : (
        <div className="table-scroll">
          <table className="config-table kb-table" aria-label="Entries">
            <thead>
              <tr>
                <th scope="col">Question</th>
                <th scope="col">Kind</th>
                <th scope="col">Language</th>
                <th scope="col">Answer</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {shown.map((entry) => (
                <tr key={entry.id} data-testid={`kb-entry-${entry.id}`}>
                  <th scope="row">
                    {entry.question}
                    {entry.variants.length > 0 ? (
                      <span className="muted kb-table__variants">
                        {' '}
                        +{entry.variants.length} way{entry.variants.length === 1 ? '' : 's'} to ask
                      </span>
                    ) : null}
                  </th>
                  <td>{kindLabel[entry.kind]}</td>
                  <td>{entry.language}</td>
                  <td className="kb-table__answer">
                    {entry.answer}
                    {entry.missingFacts.length > 0 ? (
                      <span className="status-pill status-pill--warning kb-table__missing">
                        Waiting for {entry.missingFacts.join(', ')}
                      </span>
                    ) : null}
                  </td>
                  <td className="config-table__actions">
                    <button
                      type="button"
                      className="button button--small button--secondary"
                      onClick={() => setEditing(entry)}
                      aria-label={`Edit “${entry.question}”`}
                    >
                      Edit
                    </button>
                    <button
                      type="button"
                      className="button button--small button--danger-outline"
                      onClick={() => setDeleting(entry)}
                      aria-label={`Delete “${entry.question}”`}
                    >
                      Delete
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <ConfirmDialog
        open={deleting !== null}
        title={`Delete “${deleting?.question ?? ''}”?`}
        body="Drafts stop using this entry at once. Export the knowledge base first if you may want it back."
        confirmLabel="Delete entry"
        onCancel={() => setDeleting(null)}
        onConfirm={() => {
          if (deleting) remove.mutate(deleting.id)
          setDeleting(null)
        }}
        testId="kb-delete-entry"
      />
    </section>
  )
}
