import type { TemplateRow } from '@shared/contract/outbox'
import { templateLanguageName } from '@shared/whatsapp/template-languages'
import { templateReason, templateStatus } from './template-status'

function StatusCell({ template }: { template: TemplateRow }) {
  const status = templateStatus(template.status)
  const reason = templateReason(template.reason)
  return (
    <td>
      <span
        className={`status-pill status-pill--${status.tone}`}
        data-testid="template-status"
        data-status={template.status}
      >
        {status.label}
      </span>
      {reason ? (
        <span className="templates-table__reason" data-testid="template-reason">
          {reason} <code>{template.reason}</code>
        </span>
      ) : null}
    </td>
  )
}

/** The client's templates with Meta's review status (and why it rejected or paused one). */
export function TemplateList({ templates }: { templates: TemplateRow[] }) {
  return (
    <div className="table-scroll">
      <table className="config-table templates-table" data-testid="templates-table">
        <caption className="visually-hidden">Message templates and their review status</caption>
        <thead>
          <tr>
            <th scope="col">Template</th>
            <th scope="col">Category</th>
            <th scope="col">Status</th>
            <th scope="col">Updated</th>
          </tr>
        </thead>
        <tbody>
          {templates.map((template) => (
            <tr
              key={template.id}
              data-testid="template-row"
              data-name={template.name}
              data-status={template.status}
            >
              <th scope="row">
                <span className="templates-table__name">{template.name}</span>
                <span className="templates-table__meta muted">
                  {templateLanguageName(template.language)} ({template.language}) ·{' '}
                  {template.parameterFormat}
                </span>
                {template.form.body ? (
                  <span className="templates-table__body">{template.form.body.text}</span>
                ) : null}
              </th>
              <td>{template.category.toLowerCase()}</td>
              <StatusCell template={template} />
              <td>
                <time dateTime={template.updatedAt}>
                  {new Date(template.updatedAt).toLocaleString()}
                </time>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}
