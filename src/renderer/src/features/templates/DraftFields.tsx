import { TEMPLATE_LANGUAGE_CODES, templateLanguageName } from '@shared/whatsapp/template-languages'
import { placeholders } from '@shared/whatsapp/template-params'
import { Field, TextField } from './Field'
import {
  CATEGORIES,
  HEADER_FORMATS,
  type Category,
  type HeaderFormat,
  type TemplateDraft,
} from '@shared/whatsapp/template-draft'
import { fieldOf } from '@shared/whatsapp/template-rules'

export interface DraftPartProps {
  /** Prefix of the controls' ids (one form per page, but ids stay unique). */
  id: string
  draft: TemplateDraft
  update: (patch: Partial<TemplateDraft>) => void
  /** The problem to show per field (empty until the user first tries to submit). */
  errors: Record<string, string>
}

const LANGUAGES = TEMPLATE_LANGUAGE_CODES.map((code) => ({
  code,
  name: `${templateLanguageName(code)} (${code})`,
})).sort((a, b) => a.name.localeCompare(b.name))

const CATEGORY_HINTS: Record<Category, string> = {
  MARKETING: 'Offers, announcements, invitations: anything that promotes.',
  UTILITY: 'Updates about something the customer did or asked for (an order, a booking).',
  AUTHENTICATION: 'One-time passcodes: Meta’s fixed text with a copy-code button.',
}

export function BasicsFields({ id, draft, update, errors }: DraftPartProps) {
  return (
    <div className="template-form__row">
      <TextField
        id={`${id}-name`}
        label="Name"
        hint="Lowercase letters, digits and underscores, e.g. order_ready."
        error={errors.name}
        value={draft.name}
        onChange={(value) => update({ name: value })}
      />
      <Field id={`${id}-language`} label="Language" error={errors.language}>
        {(props) => (
          <select
            {...props}
            className="field"
            value={draft.language}
            onChange={(event) => update({ language: event.target.value })}
          >
            {LANGUAGES.map((language) => (
              <option key={language.code} value={language.code}>
                {language.name}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field id={`${id}-category`} label="Category" hint={CATEGORY_HINTS[draft.category]}>
        {(props) => (
          <select
            {...props}
            className="field"
            value={draft.category}
            onChange={(event) => update({ category: event.target.value as Category })}
          >
            {CATEGORIES.map((category) => (
              <option key={category} value={category}>
                {category.charAt(0) + category.slice(1).toLowerCase()}
              </option>
            ))}
          </select>
        )}
      </Field>
      {draft.category === 'AUTHENTICATION' ? null : (
        <fieldset className="template-form__field template-form__choice">
          <legend>Variables</legend>
          {(['positional', 'named'] as const).map((format) => (
            <label key={format}>
              <input
                type="radio"
                name={`${id}-format`}
                checked={draft.parameterFormat === format}
                onChange={() => update({ parameterFormat: format })}
              />{' '}
              {format === 'positional' ? 'Numbered: {{1}}, {{2}}' : 'Named: {{first_name}}'}
            </label>
          ))}
        </fieldset>
      )}
    </div>
  )
}

/** One example input per placeholder of a text. */
function ExampleInputs({
  id,
  text,
  examples,
  onChange,
  field,
  errors,
}: {
  id: string
  text: string
  examples: Record<string, string>
  onChange: (examples: Record<string, string>) => void
  field: (name: string) => string
  errors: Record<string, string>
}) {
  const names = placeholders(text)
  if (names.length === 0) return null
  return (
    <div className="template-form__examples">
      {names.map((name) => (
        <TextField
          key={name}
          id={`${id}-${name}`}
          label={
            <>
              Example for <code>{`{{${name}}}`}</code>
            </>
          }
          error={errors[field(name)]}
          value={examples[name] ?? ''}
          onChange={(value) => onChange({ ...examples, [name]: value })}
        />
      ))}
    </div>
  )
}

const HEADER_LABELS: Record<HeaderFormat, string> = {
  none: 'No header',
  text: 'Text',
  image: 'Image',
  video: 'Video',
  document: 'Document',
  location: 'Location',
}

export function HeaderFields({ id, draft, update, errors }: DraftPartProps) {
  const format = draft.headerFormat
  return (
    <fieldset className="template-form__part">
      <legend>Header</legend>
      <Field id={`${id}-header-format`} label="Header type">
        {(props) => (
          <select
            {...props}
            className="field"
            value={format}
            onChange={(event) => update({ headerFormat: event.target.value as HeaderFormat })}
          >
            {HEADER_FORMATS.map((value) => (
              <option key={value} value={value}>
                {HEADER_LABELS[value]}
              </option>
            ))}
          </select>
        )}
      </Field>
      {format === 'text' ? (
        <>
          <TextField
            id={`${id}-header-text`}
            label="Header text"
            hint="One line, up to 60 characters, at most one variable."
            error={errors.headerText}
            value={draft.headerText}
            onChange={(value) => update({ headerText: value })}
          />
          <ExampleInputs
            id={`${id}-header-example`}
            text={draft.headerText}
            examples={draft.headerExamples}
            onChange={(headerExamples) => update({ headerExamples })}
            field={fieldOf.headerExample}
            errors={errors}
          />
        </>
      ) : null}
      {format === 'image' || format === 'video' || format === 'document' ? (
        <TextField
          id={`${id}-header-handle`}
          label={`Sample ${format} (upload handle)`}
          hint="Meta reviews media headers with a sample: the handle its Resumable Upload API returned for the file. The actual file is chosen when sending."
          error={errors.headerHandle}
          value={draft.headerHandle}
          onChange={(value) => update({ headerHandle: value })}
        />
      ) : null}
      {format === 'location' ? (
        <p className="muted">The location is given when the template is sent.</p>
      ) : null}
    </fieldset>
  )
}

export function BodyFields({ id, draft, update, errors }: DraftPartProps) {
  const names = placeholders(draft.body)
  const next = `{{${names.length + 1}}}`
  return (
    <fieldset className="template-form__part">
      <legend>Body and footer</legend>
      <Field
        id={`${id}-body`}
        label="Body"
        hint={`Up to 1,024 characters (${draft.body.trim().length} now). Variables as ${
          draft.parameterFormat === 'named' ? '{{first_name}}' : '{{1}}, {{2}}…'
        }; not at the very start or end.`}
        error={errors.body}
      >
        {(props) => (
          <textarea
            {...props}
            className="field"
            rows={4}
            value={draft.body}
            onChange={(event) => update({ body: event.target.value })}
          />
        )}
      </Field>
      {draft.parameterFormat === 'positional' ? (
        <p>
          <button
            type="button"
            className="button button--ghost button--small"
            onClick={() => update({ body: `${draft.body}${next}` })}
          >
            Add variable {next}
          </button>
        </p>
      ) : null}
      <ExampleInputs
        id={`${id}-body-example`}
        text={draft.body}
        examples={draft.bodyExamples}
        onChange={(bodyExamples) => update({ bodyExamples })}
        field={fieldOf.bodyExample}
        errors={errors}
      />
      <TextField
        id={`${id}-footer`}
        label="Footer (optional)"
        hint="Up to 60 characters, no variables."
        error={errors.footer}
        value={draft.footer}
        onChange={(value) => update({ footer: value })}
      />
    </fieldset>
  )
}

export function AuthenticationFields({ id, draft, update, errors }: DraftPartProps) {
  return (
    <fieldset className="template-form__part">
      <legend>Authentication message</legend>
      <p className="muted">
        Meta writes the text: “&lt;code&gt; is your verification code.”, with a button that copies
        the code.
      </p>
      <label className="template-form__check">
        <input
          type="checkbox"
          checked={draft.securityRecommendation}
          onChange={(event) => update({ securityRecommendation: event.target.checked })}
        />{' '}
        Add “For your security, do not share this code.”
      </label>
      <TextField
        id={`${id}-expiry`}
        label="Code expires after (minutes, optional)"
        hint="1 to 90; shown in the footer."
        error={errors.codeExpirationMinutes}
        value={draft.codeExpirationMinutes}
        inputMode="numeric"
        onChange={(value) => update({ codeExpirationMinutes: value })}
      />
      <TextField
        id={`${id}-otp-text`}
        label="Button label (optional)"
        hint="Meta’s default is “Copy code”."
        error={errors.otpButtonText}
        value={draft.otpButtonText}
        onChange={(value) => update({ otpButtonText: value })}
      />
    </fieldset>
  )
}
