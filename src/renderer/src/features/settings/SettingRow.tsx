import type { SettingEntry, SettingSource } from '@shared/contract/settings'
import { useState } from 'react'
import { ErrorNotice } from '../../components/ErrorNotice'
import { SettingEditor } from './SettingEditor'
import { useSaveSetting } from './useSaveSetting'

const sourceText: Record<SettingSource, string> = {
  env: 'Environment',
  settings: 'Saved here',
  default: 'Default',
  unset: 'Not set',
}

export function SettingRow({ entry }: { entry: SettingEntry }) {
  const [editing, setEditing] = useState(false)
  const reset = useSaveSetting()

  return (
    <tr data-testid={`setting-row-${entry.key}`}>
      <th scope="row">{entry.label}</th>
      <td>{entry.env ? <code>{entry.env}</code> : <span className="muted">—</span>}</td>
      <td className="config-table__value">
        {editing ? (
          <SettingEditor entry={entry} onDone={() => setEditing(false)} />
        ) : (
          <span data-testid={`setting-value-${entry.key}`}>
            {entry.value === null ? (
              <span className="muted">Not set</span>
            ) : entry.value === '' ? (
              <span className="muted">(empty)</span>
            ) : (
              entry.value
            )}
          </span>
        )}
        {reset.isError ? (
          <ErrorNotice error={reset.error} title={`Could not reset ${entry.label}`} />
        ) : null}
      </td>
      <td>
        <span
          className={`source-badge source-badge--${entry.source}`}
          data-testid={`setting-source-${entry.key}`}
          data-source={entry.source}
        >
          {sourceText[entry.source]}
        </span>
      </td>
      <td className="config-table__actions">
        {entry.lockedByEnv ? (
          <span className="muted" data-testid={`setting-locked-${entry.key}`}>
            Locked by {entry.env}
          </span>
        ) : editing ? null : (
          <>
            <button
              type="button"
              className="button button--secondary button--small"
              onClick={() => {
                reset.reset()
                setEditing(true)
              }}
              aria-label={`Edit ${entry.label}`}
              data-testid={`setting-edit-${entry.key}`}
            >
              Edit
            </button>
            {entry.source === 'settings' ? (
              <button
                type="button"
                className="button button--ghost button--small"
                onClick={() => reset.mutate({ key: entry.key, value: null })}
                disabled={reset.isPending}
                aria-label={`Reset ${entry.label}`}
                data-testid={`setting-reset-${entry.key}`}
              >
                Reset
              </button>
            ) : null}
          </>
        )}
      </td>
    </tr>
  )
}
