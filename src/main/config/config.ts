import { existsSync, readFileSync } from 'node:fs'
import { isAbsolute, join, resolve } from 'node:path'
import { z } from 'zod'
import { AppError } from '@shared/contract/errors'
import {
  secretLabels,
  secretValueSchema,
  userSecretNames,
  type UserSecretName,
} from '@shared/contract/secrets'
import { settingDefinitions, settingKeys, type SettingKey } from '@shared/contract/settings'
import { logLevels, type LogLevel } from '../logger'
import { dotenvValues, parseDotenv } from './dotenv'

export const DEFAULT_KEYCHAIN_SERVICE = 'WA Partner Console'

const port = (name: string, fallback?: number) =>
  z
    .string()
    .trim()
    .regex(/^\d{1,5}$/, `${name} must be a port number between 0 and 65535`)
    .transform(Number)
    .refine((n) => n <= 65535, `${name} must be a port number between 0 and 65535`)
    .optional()
    .transform((n) => n ?? fallback)

/** Variables that are not settings or secrets: how and where this process runs. */
const processSchema = z.object({
  PORT: port('PORT', 5173),
  SANDBOX_PORT: port('SANDBOX_PORT'),
  RELAY_PORT: port('RELAY_PORT'),
  WAPC_DATA_DIR: z.string().trim().min(1).optional(),
  WAPC_LOG_LEVEL: z.enum(logLevels).optional(),
  WAPC_MODE: z.enum(['auto', 'sandbox', 'live']).optional(),
  WAPC_KEYCHAIN_SERVICE: z.string().trim().min(1).max(100).optional(),
  // Checked where it is used (src/main/embedded/control-token.ts), so its value is never echoed here.
  SANDBOX_CONTROL_TOKEN: z.string().optional(),
})

const fixFor: Record<string, string> = {
  PORT: 'set PORT to a free port such as 5173 (PORT=0 picks one), or unset it',
  SANDBOX_PORT: 'set SANDBOX_PORT to a free port such as 5180, or unset it to pick one',
  RELAY_PORT: 'set RELAY_PORT to a free port such as 5181, or unset it to pick one',
  WAPC_LOG_LEVEL: `use one of ${logLevels.join(', ')}`,
  WAPC_MODE: 'use auto, sandbox or live',
}

export interface Config {
  dataDir: string
  port: number
  sandboxPort: number | undefined
  relayPort: number | undefined
  logLevel: LogLevel
  modePreference: 'auto' | 'sandbox' | 'live'
  keychainService: string
  /** The embedded sandbox's control token from the environment or `.env`, if given. */
  sandboxControlToken: string | undefined
  /** Settings given by the environment or `.env` (they win over saved settings). */
  envSettings: Partial<Record<SettingKey, string>>
  /** Secrets given by the environment or `.env`; moved into the keychain at start. */
  envSecrets: Partial<Record<UserSecretName, EnvSecret>>
  /** The `.env` file that was read, if any. */
  dotenvPath: string | undefined
}

/** A secret found in the environment or `.env`, already checked with the contract's schema. */
export interface EnvSecret {
  /** The value to keep: the environment's when both set it (it wins, as for every variable). */
  value: string
  /** Set in `.env`: its entry is removed once the value is in the keychain. */
  inDotenv: boolean
  /** Set in the process environment, which the console cannot unset for the user. */
  inEnvironment: boolean
  /** Both set it, to different values: the `.env` entry is left for the user to resolve. */
  conflicting: boolean
}

export interface LoadConfigOptions {
  env?: NodeJS.ProcessEnv
  cwd?: string
  defaultDataDir: string
}

/** Reads `.env` (if present) under the process environment, which wins. */
export function readEnvironment(env: NodeJS.ProcessEnv, cwd: string) {
  const dotenvPath = join(cwd, '.env')
  let fromFile: Record<string, string> = {}
  if (existsSync(dotenvPath)) {
    let text: string
    try {
      text = readFileSync(dotenvPath, 'utf8')
    } catch (error) {
      throw new AppError('CONFIG', `Could not read ${dotenvPath}: ${(error as Error).message}`, {
        fix: 'Make .env readable by you, or remove it.',
        cause: error,
      })
    }
    fromFile = dotenvValues(parseDotenv(text, dotenvPath))
  }
  const merged: Record<string, string | undefined> = { ...fromFile }
  for (const [key, value] of Object.entries(env))
    if (value !== undefined && value !== '') merged[key] = value
  return { merged, fromFile, dotenvPath: existsSync(dotenvPath) ? dotenvPath : undefined }
}

/**
 * Validates the environment once at start. Every error names the variable and the fix, and all bad
 * variables are reported together rather than one per restart.
 */
export function loadConfig({
  env = process.env,
  cwd = process.cwd(),
  defaultDataDir,
}: LoadConfigOptions): Config {
  const { merged, fromFile, dotenvPath } = readEnvironment(env, cwd)
  const problems: string[] = []

  const parsed = processSchema.safeParse(merged)
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const name = String(issue.path[0])
      problems.push(
        `${name}: ${issue.message} (got ${JSON.stringify(merged[name])}). Fix: ${fixFor[name] ?? 'correct or unset it'}.`,
      )
    }
  }

  const envSettings: Partial<Record<SettingKey, string>> = {}
  for (const key of settingKeys) {
    const def = settingDefinitions[key]
    if (!def.env) continue
    const raw = merged[def.env]?.trim()
    if (!raw) continue
    const check = def.schema.safeParse(raw)
    if (check.success) envSettings[key] = raw
    else
      problems.push(
        `${def.env}: ${check.error.issues[0]?.message ?? 'invalid'} (got ${JSON.stringify(raw)}). Fix: correct ${def.env} in the environment or .env, or unset it.`,
      )
  }

  const envSecrets: Config['envSecrets'] = {}
  for (const name of userSecretNames) {
    const variable = secretLabels[name].env
    const inEnvironment = Boolean(env[variable])
    const inDotenv = fromFile[variable] !== undefined
    const raw = merged[variable]
    if (raw === undefined || raw.trim() === '') continue
    // The value is never repeated: this message reaches the terminal and the log.
    const check = secretValueSchema.safeParse(raw)
    if (!check.success) {
      problems.push(
        `${variable}: ${check.error.issues[0]?.message ?? 'invalid'} (set in ${inEnvironment ? 'the environment' : '.env'}; the value is not shown). Fix: give ${variable} the whole secret on one line, or unset it.`,
      )
      continue
    }
    const conflicting = inEnvironment && inDotenv && fromFile[variable]?.trim() !== check.data
    envSecrets[name] = { value: check.data, inDotenv, inEnvironment, conflicting }
  }

  if (problems.length > 0 || !parsed.success) {
    throw new AppError('CONFIG', `Invalid configuration:\n- ${problems.join('\n- ')}`, {
      fix: 'Correct the variables listed above in your environment or .env file.',
      details: { variables: problems.map((p) => p.split(':')[0]) },
    })
  }

  const values = parsed.data
  const dataDir = values.WAPC_DATA_DIR
    ? isAbsolute(values.WAPC_DATA_DIR)
      ? values.WAPC_DATA_DIR
      : resolve(cwd, values.WAPC_DATA_DIR)
    : defaultDataDir

  return {
    dataDir,
    port: values.PORT ?? 5173,
    sandboxPort: values.SANDBOX_PORT,
    relayPort: values.RELAY_PORT,
    logLevel: values.WAPC_LOG_LEVEL ?? 'info',
    modePreference: values.WAPC_MODE ?? 'auto',
    keychainService: values.WAPC_KEYCHAIN_SERVICE ?? DEFAULT_KEYCHAIN_SERVICE,
    sandboxControlToken: values.SANDBOX_CONTROL_TOKEN,
    envSettings,
    envSecrets,
    dotenvPath,
  }
}
