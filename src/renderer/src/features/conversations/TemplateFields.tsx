import type { TemplateRow } from '@shared/contract/outbox'
import { useId } from 'react'
import type { TemplateValues } from './template-content'
import { TemplatePreview } from './TemplatePreview'
import { useUploadMedia } from './useSend'

type Param = { name: string; example: string | null }

function ParamInput({
  label,
  param,
  value,
  onChange,
  placeholder = true,
}: {
  label: string
  param: Param
  value: string
  onChange: (value: string) => void
  /** Whether the field fills a `{{name}}` placeholder (shown beside the label). */
  placeholder?: boolean
}) {
  const id = useId()
  return (
    <div className="template-field">
      <label htmlFor={id}>
        {label} {placeholder ? <code>{`{{${param.name}}}`}</code> : null}
      </label>
      <input
        id={id}
        className="field"
        value={value}
        maxLength={1024}
        placeholder={param.example ?? ''}
        onChange={(event) => onChange(event.target.value)}
      />
    </div>
  )
}

function HeaderMedia({
  format,
  clientId,
  values,
  onChange,
}: {
  format: 'image' | 'video' | 'document'
  clientId: string
  values: TemplateValues
  onChange: (next: TemplateValues) => void
}) {
  const linkId = useId()
  const fileId = useId()
  const upload = useUploadMedia(clientId)
  const media = values.headerMedia
  const accept = format === 'document' ? undefined : `${format}/*`
  return (
    <fieldset className="template-field template-field--media">
      <legend>Header {format}</legend>
      <label htmlFor={linkId}>Public https link</label>
      <input
        id={linkId}
        className="field"
        type="url"
        placeholder="https://…"
        value={media.link ?? ''}
        disabled={media.mediaId !== undefined}
        onChange={(event) => onChange({ ...values, headerMedia: { link: event.target.value } })}
      />
      <label htmlFor={fileId}>or upload a file</label>
      <input
        id={fileId}
        type="file"
        accept={accept}
        onChange={(event) => {
          const file = event.target.files?.[0]
          if (!file) return
          upload.mutate(file, {
            onSuccess: (uploaded) =>
              onChange({
                ...values,
                headerMedia: { mediaId: uploaded.mediaId, filename: file.name },
              }),
          })
        }}
      />
      {upload.isPending ? <p className="muted">Uploading…</p> : null}
      {upload.isError ? <p className="field-error">{upload.error.message}</p> : null}
      {media.mediaId ? (
        <p className="field-success">
          Uploaded {media.filename}{' '}
          <button
            type="button"
            className="link-button"
            onClick={() => onChange({ ...values, headerMedia: {} })}
          >
            Remove
          </button>
        </p>
      ) : null}
    </fieldset>
  )
}

function HeaderLocation({
  values,
  onChange,
}: {
  values: TemplateValues
  onChange: (next: TemplateValues) => void
}) {
  const location = values.headerLocation
  const set = (key: keyof typeof location) => (value: string) =>
    onChange({ ...values, headerLocation: { ...location, [key]: value } })
  return (
    <fieldset className="template-field template-field--media">
      <legend>Header location</legend>
      {(['latitude', 'longitude', 'name', 'address'] as const).map((key) => (
        <ParamInput
          key={key}
          label={key.charAt(0).toUpperCase() + key.slice(1)}
          param={{ name: key, example: null }}
          value={location[key]}
          onChange={set(key)}
          placeholder={false}
        />
      ))}
    </fieldset>
  )
}

/** One input per `{{name}}` of the header or body text. */
function TextParams({
  part,
  params,
  values,
  onChange,
}: {
  part: 'header' | 'body'
  params: Param[]
  values: TemplateValues
  onChange: (next: TemplateValues) => void
}) {
  return params.map((param) => (
    <ParamInput
      key={param.name}
      label={part === 'header' ? 'Header' : 'Body'}
      param={param}
      value={values[part][param.name] ?? ''}
      onChange={(value) =>
        onChange({ ...values, [part]: { ...values[part], [param.name]: value } })
      }
    />
  ))
}

/**
 * The parameter form built from the template's components: header text parameters or header
 * media (link or upload) or location, body parameters, and button parameters (a URL suffix, a
 * copy code), with a preview of the text the customer will read.
 */
export function TemplateFields({
  template,
  clientId,
  values,
  onChange,
}: {
  template: TemplateRow
  clientId: string
  values: TemplateValues
  onChange: (next: TemplateValues) => void
}) {
  const { header, body, buttons } = template.form
  return (
    <div className="template-fields">
      {header?.format === 'text' ? (
        <TextParams part="header" params={header.params} values={values} onChange={onChange} />
      ) : null}
      {header && header.format !== 'text' && header.format !== 'location' ? (
        <HeaderMedia
          format={header.format}
          clientId={clientId}
          values={values}
          onChange={onChange}
        />
      ) : null}
      {header?.format === 'location' ? (
        <HeaderLocation values={values} onChange={onChange} />
      ) : null}
      {body ? (
        <TextParams part="body" params={body.params} values={values} onChange={onChange} />
      ) : null}
      {buttons
        .filter((button) => button.params.length > 0)
        .map((button) => (
          <ParamInput
            key={button.index}
            label={`Button “${button.text ?? button.index + 1}” (${button.type.replace('_', ' ')})`}
            param={button.params[0]!}
            value={values.buttons[button.index] ?? ''}
            onChange={(value) =>
              onChange({ ...values, buttons: { ...values.buttons, [button.index]: value } })
            }
          />
        ))}
      <TemplatePreview form={template.form} header={values.header} body={values.body} />
    </div>
  )
}
