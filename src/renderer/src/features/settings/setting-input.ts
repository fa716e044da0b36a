import {
  settingDefinitions,
  settingsPatchSchema,
  type SettingKey,
  type SettingsPatch,
} from '@shared/contract/settings'
import { z } from 'zod'

export type SettingInputResult = { ok: true; patch: SettingsPatch } | { ok: false; message: string }

/**
 * Checks what the user typed with the setting's own schema from the contract — the same one the core
 * applies — so most mistakes are caught before a round trip, with the same wording.
 */
export function parseSettingInput(key: SettingKey, raw: string): SettingInputResult {
  const definition = settingDefinitions[key]
  const value = raw.trim()
  if (value === '') {
    return { ok: false, message: 'Enter a value, or use Reset to remove the saved one.' }
  }
  const schema: z.ZodType<string> = definition.schema
  const checked = schema.safeParse(value)
  if (!checked.success) {
    const reason = checked.error.issues[0]?.message ?? 'invalid value'
    return { ok: false, message: `Not a valid ${definition.label} — ${reason}` }
  }
  const patch = settingsPatchSchema.safeParse({ key, value: checked.data })
  if (!patch.success) return { ok: false, message: `Not a valid ${definition.label}` }
  return { ok: true, patch: patch.data }
}

/** The allowed values of an enum setting (rendered as a select), or null for free text. */
export function choicesFor(key: SettingKey): readonly string[] | null {
  const schema: z.ZodType = settingDefinitions[key].schema
  return schema instanceof z.ZodEnum ? (schema.options as readonly string[]) : null
}
