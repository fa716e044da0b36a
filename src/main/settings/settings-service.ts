import { AppError } from '@shared/contract/errors'
import {
  settingDefinitions,
  settingKeys,
  type SettingEntry,
  type SettingKey,
  type SettingsPatch,
  type SettingsView,
} from '@shared/contract/settings'
import type { AuditRepo } from '../store/audit-repo'
import { storageError } from '../store/database'
import type { SettingsRepo } from '../store/settings-repo'

export const DEFAULT_GRAPH_API_VERSION = 'v25.0'
export const META_GRAPH_BASE_URL = 'https://graph.facebook.com'

export interface SettingsServiceDeps {
  repo: SettingsRepo
  audit: AuditRepo
  /** Values the environment or `.env` set; they win over saved values. */
  envSettings: Partial<Record<SettingKey, string>>
  /** Defaults that depend on how the app runs (e.g. the sandbox URL in sandbox mode). */
  defaults: Partial<Record<SettingKey, string>>
}

/**
 * Effective non-secret settings: environment > saved in the data directory > default. Saving a key
 * the environment sets is refused with the reason, because the save would silently not apply.
 */
export function createSettingsService({ repo, audit, envSettings, defaults }: SettingsServiceDeps) {
  // This service is the only writer of the settings table, so the saved values are read once and
  // kept current on every save: `get` sits on the Graph client's path (base URL, version, app id).
  const saved = repo.all()
  const entry = (key: SettingKey): SettingEntry => {
    const def = settingDefinitions[key]
    const fromEnv = envSettings[key]
    const fromSaved = saved.get(key)
    const fromDefault = defaults[key]
    const [value, source] =
      fromEnv !== undefined
        ? [fromEnv, 'env' as const]
        : fromSaved !== undefined
          ? [fromSaved, 'settings' as const]
          : fromDefault !== undefined
            ? [fromDefault, 'default' as const]
            : [null, 'unset' as const]
    return {
      key,
      label: def.label,
      env: def.env,
      value,
      source,
      lockedByEnv: fromEnv !== undefined,
    }
  }

  const service = {
    view(): SettingsView {
      return { entries: settingKeys.map(entry) }
    },
    get(key: SettingKey): string | null {
      return entry(key).value
    },
    set(patch: SettingsPatch, actor: string): SettingsView {
      const def = settingDefinitions[patch.key]
      if (envSettings[patch.key] !== undefined) {
        throw new AppError(
          'CONFLICT',
          `${def.label} is set by ${def.env} in the environment or .env, which wins over saved settings.`,
          {
            fix: `Remove ${def.env} from the environment or .env to manage it here.`,
            details: { key: patch.key },
          },
        )
      }
      try {
        if (patch.value === null) repo.delete(patch.key)
        else repo.set(patch.key, patch.value)
        audit.append({
          actor,
          action: patch.value === null ? 'settings.clear' : 'settings.set',
          subject: patch.key,
          details: { value: patch.value },
        })
      } catch (error) {
        throw storageError(error, `save ${def.label}`)
      } finally {
        // Whatever reached the table (all, part or nothing of a failed save) is what counts.
        const current = repo.all()
        saved.clear()
        for (const [key, value] of current) saved.set(key, value)
      }
      return service.view()
    },
  }
  return service
}

export type SettingsService = ReturnType<typeof createSettingsService>
