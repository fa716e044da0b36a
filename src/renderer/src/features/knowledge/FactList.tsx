import { kbFactInputSchema, type KbFact, type KnowledgeBase } from '@shared/contract/ai'
import { useId, useState, type FormEvent } from 'react'
import { ErrorNotice } from '../../components/ErrorNotice'
import { useDeleteFact, useSaveFact } from './knowledge-queries'

interface FactFormProps {
  clientId: string
  fact?: KbFact
  onDone: () => void
}

/** One fact's key, language and value; renaming replaces the old fact. */
function FactForm({ clientId, fact, onDone }: FactFormProps) {
  const id = useId()
  const [key, setKey] = useState(fact?.key ?? '')
  const [language, setLanguage] = useState(fact?.language ?? 'any')
  const [value, setValue] = useState(fact?.value ?? '')
  const [problem, setProblem] = useState<string | null>(null)
  const save = useSaveFact(clientId)

  const onSubmit = (event: FormEvent) => {
    event.preventDefault()
    const parsed = kbFactInputSchema.safeParse({ key, language, value })
    if (!parsed.success) {
      const issue = parsed.error.issues[0]
      setProblem(`${String(issue?.path[0] ?? 'fact')}: ${issue?.message ?? 'invalid'}`)
      return
    }
    setProblem(null)
    save.mutate(
      {
        fact: parsed.data,
        ...(fact ? { previous: { key: fact.key, language: fact.language } } : {}),
      },
      { onSuccess: onDone },
    )
  }

  return (
    <form
      className="kb-form kb-form--inline"
      onSubmit={onSubmit}
      aria-label={fact ? `Edit fact ${fact.key}` : 'New fact'}
      noValidate
    >
      <label htmlFor={`${id}-key`}>Key</label>
      <input
        id={`${id}-key`}
        className="field"
        value={key}
        onChange={(e) => setKey(e.target.value)}
        autoFocus
      />
      <label htmlFor={`${id}-language`}>Language</label>
      <input
        id={`${id}-language`}
        className="field"
        size={4}
        value={language}
        onChange={(e) => setLanguage(e.target.value)}
      />
      <label htmlFor={`${id}-value`}>Value</label>
      <input
        id={`${id}-value`}
        className="field kb-form__wide"
        value={value}
        onChange={(e) => setValue(e.target.value)}
      />
      <button
        type="submit"
        className="button button--primary button--small"
        disabled={save.isPending}
      >
        {fact ? 'Save fact' : 'Add fact'}
      </button>
      <button type="button" className="button button--secondary button--small" onClick={onDone}>
        Cancel
      </button>
      {problem ? (
        <p className="field-error" role="alert">
          {problem}
        </p>
      ) : null}
      {save.isError ? <ErrorNotice error={save.error} title="Could not save the fact" /> : null}
    </form>
  )
}

const factId = (fact: KbFact) => `${fact.key}:${fact.language}`

/** Business facts answers cite as {{key}}: hours, address, prices. Empty ones wait for staff. */
export function FactList({ kb }: { kb: KnowledgeBase }) {
  const [editing, setEditing] = useState<string | 'new' | null>(null)
  const remove = useDeleteFact(kb.clientId)
  return (
    <section className="panel" aria-labelledby="kb-facts">
      <div className="panel__header panel__header--action">
        <h2 className="panel__title" id="kb-facts">
          Facts ({kb.facts.length})
        </h2>
        <button
          type="button"
          className="button button--primary"
          onClick={() => setEditing('new')}
          disabled={editing !== null}
        >
          Add fact
        </button>
      </div>
      <p className="panel__lead">
        Answers cite facts as <code>{'{{key}}'}</code>. A fact in <code>any</code> language serves
        every language without its own. An answer whose facts are empty is not used until they are
        filled.
      </p>
      {editing === 'new' ? (
        <FactForm clientId={kb.clientId} onDone={() => setEditing(null)} />
      ) : null}
      {remove.isError ? (
        <ErrorNotice error={remove.error} title="Could not delete the fact" />
      ) : null}
      {kb.facts.length === 0 ? (
        <p className="muted">No facts yet.</p>
      ) : (
        <div className="table-scroll">
          <table className="config-table kb-table" aria-label="Facts">
            <thead>
              <tr>
                <th scope="col">Key</th>
                <th scope="col">Language</th>
                <th scope="col">Value</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {kb.facts.map((fact) =>
                editing === factId(fact) ? (
                  <tr key={factId(fact)}>
                    <td colSpan={4}>
                      <FactForm
                        clientId={kb.clientId}
                        fact={fact}
                        onDone={() => setEditing(null)}
                      />
                    </td>
                  </tr>
                ) : (
                  <tr key={factId(fact)} data-testid={`kb-fact-${fact.key}-${fact.language}`}>
                    <th scope="row">
                      <code>{fact.key}</code>
                    </th>
                    <td>{fact.language}</td>
                    <td>
                      {fact.value || (
                        <span className="status-pill status-pill--warning">To complete</span>
                      )}
                    </td>
                    <td className="config-table__actions">
                      <button
                        type="button"
                        className="button button--small button--secondary"
                        onClick={() => setEditing(factId(fact))}
                        aria-label={`Edit fact ${fact.key} (${fact.language})`}
                      >
                        Edit
                      </button>
                      <button
                        type="button"
                        className="button button--small button--danger-outline"
                        onClick={() => remove.mutate({ key: fact.key, language: fact.language })}
                        aria-label={`Delete fact ${fact.key} (${fact.language})`}
                      >
                        Delete
                      </button>
                    </td>
                  </tr>
                ),
              )}
            </tbody>
          </table>
        </div>
      )}
    </section>
  )
}
