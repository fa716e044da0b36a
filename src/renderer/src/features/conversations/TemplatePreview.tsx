import type { TemplateForm } from '@shared/contract/outbox'
import { fillPlaceholders } from './template-content'

/**
 * A template as the customer will read it: the header (text, or which media), the body with the
 * values given so far, the footer and the buttons. Shared by the template picker and the new
 * template form.
 */
export function TemplatePreview({
  form,
  header,
  body,
}: {
  form: TemplateForm
  /** Values of the header's and body's placeholders, by name. */
  header: Record<string, string>
  body: Record<string, string>
}) {
  return (
    <div className="template-preview" aria-label="Preview" data-testid="template-preview">
      {form.header?.format === 'text' && form.header.text ? (
        <strong>{fillPlaceholders(form.header.text, header)}</strong>
      ) : form.header ? (
        <span className="muted">[{form.header.format}]</span>
      ) : null}
      {form.body ? <p>{fillPlaceholders(form.body.text, body)}</p> : null}
      {form.footer ? <p className="muted">{form.footer}</p> : null}
      {form.buttons.length > 0 ? (
        <ul className="template-preview__buttons">
          {form.buttons.map((button) => (
            <li key={button.index}>{button.text ?? button.type}</li>
          ))}
        </ul>
      ) : null}
    </div>
  )
}
