import { useState } from 'react'
import type { DraftPartProps } from './DraftFields'
import { TextField } from './Field'
import {
  BUTTON_LABELS,
  newButton,
  type ButtonDraft,
  type ButtonType,
  type TemplateDraft,
} from '@shared/whatsapp/template-draft'
import { fieldOf } from '@shared/whatsapp/template-rules'

const TYPES = Object.keys(BUTTON_LABELS) as ButtonType[]

function ButtonRow({
  id,
  button,
  position,
  onChange,
  onRemove,
  errors,
}: {
  id: string
  button: ButtonDraft
  position: number
  onChange: (next: ButtonDraft) => void
  onRemove: () => void
  errors: Record<string, string>
}) {
  const field = (part: Parameters<typeof fieldOf.button>[1]) =>
    errors[fieldOf.button(button.key, part)]
  const input = (
    part: 'text' | 'url' | 'phoneNumber' | 'example',
    label: string,
    hint?: string,
  ) => (
    <TextField
      id={`${id}-${part}`}
      label={label}
      {...(hint ? { hint } : {})}
      error={field(part)}
      value={button[part]}
      onChange={(value) => onChange({ ...button, [part]: value })}
    />
  )
  return (
    <li className="template-form__button" data-testid="template-button" data-type={button.type}>
      <p className="template-form__button-head">
        <strong>
          {position}. {BUTTON_LABELS[button.type]}
        </strong>
        <button type="button" className="button button--ghost button--small" onClick={onRemove}>
          Remove
        </button>
      </p>
      {button.type === 'copy_code' ? null : input('text', 'Label', 'Up to 25 characters.')}
      {button.type === 'url'
        ? input('url', 'Website address', 'https://…; may end with {{1}}, filled when sending.')
        : null}
      {button.type === 'url' && button.url.includes('{{')
        ? input('example', 'Example for {{1}}', 'What the end of the address looks like.')
        : null}
      {button.type === 'phone_number'
        ? input('phoneNumber', 'Phone number', 'With its country code, e.g. +15550100123.')
        : null}
      {button.type === 'copy_code'
        ? input(
            'example',
            'Example code',
            'Up to 15 characters; the real code is given when sending.',
          )
        : null}
    </li>
  )
}

/**
 * The template's buttons: quick replies, website links (one {{1}} suffix allowed), a phone number
 * and an offer code to copy, within Meta's limits (checked in template-rules.ts).
 */
export function ButtonsEditor({ id, draft, update, errors }: DraftPartProps) {
  const [type, setType] = useState<ButtonType>('quick_reply')
  const set = (buttons: TemplateDraft['buttons']) => update({ buttons })
  return (
    <fieldset className="template-form__part">
      <legend>Buttons (optional)</legend>
      {draft.buttons.length > 0 ? (
        <ol className="template-form__buttons">
          {draft.buttons.map((button, index) => (
            <ButtonRow
              key={button.key}
              id={`${id}-button-${button.key}`}
              button={button}
              position={index + 1}
              errors={errors}
              onChange={(next) => set(draft.buttons.map((b) => (b.key === next.key ? next : b)))}
              onRemove={() => set(draft.buttons.filter((b) => b.key !== button.key))}
            />
          ))}
        </ol>
      ) : null}
      {errors.buttons ? <p className="field-error">{errors.buttons}</p> : null}
      <div className="template-form__add">
        <label htmlFor={`${id}-button-type`}>Add a button</label>
        <select
          id={`${id}-button-type`}
          className="field"
          value={type}
          onChange={(event) => setType(event.target.value as ButtonType)}
        >
          {TYPES.map((value) => (
            <option key={value} value={value}>
              {BUTTON_LABELS[value]}
            </option>
          ))}
        </select>
        <button
          type="button"
          className="button button--secondary button--small"
          disabled={draft.buttons.length >= 10}
          onClick={() => set([...draft.buttons, newButton(type)])}
        >
          Add button
        </button>
      </div>
    </fieldset>
  )
}
