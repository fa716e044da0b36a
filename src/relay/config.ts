import { isAbsolute, resolve } from 'node:path'
import { z } from 'zod'
import { AppError } from '@shared/contract/errors'

/** How `npm run relay` is configured: environment variables only (a server has no .env). */
export interface RelayConfig {
  host: string
  port: number
  /** SQLite backend folder; unused with Redis. */
  dataDir: string | undefined
  redisUrl: string | undefined
  appSecret: string
  verifyToken: string
  /** Every accepted desktop token (hashed before use; never logged). */
  desktopTokens: string[]
  retentionMs: number
  /** The relay's public https origin, where the signup launcher page is served. */
  signupOrigin: string | undefined
  logLevel: 'debug' | 'info' | 'warn' | 'error'
  /** When set, `/metrics` asks for it as a bearer token. */
  metricsToken: string | undefined
}

const DAY_MS = 24 * 60 * 60 * 1000
const MIN_TOKEN_LENGTH = 24

const schema = z.object({
  RELAY_HOST: z.string().trim().min(1).default('0.0.0.0'),
  RELAY_PORT: z
    .string()
    .trim()
    .regex(/^\d{1,5}$/, 'must be a port number between 0 and 65535')
    .transform(Number)
    .refine((n) => n <= 65535, 'must be a port number between 0 and 65535')
    .default(5181),
  RELAY_DATA_DIR: z.string().trim().min(1).optional(),
  RELAY_REDIS_URL: z
    .string()
    .trim()
    .regex(/^rediss?:\/\/\S+$/, 'must be a redis:// or rediss:// URL')
    .optional(),
  FACEBOOK_APP_SECRET: z.string().trim().min(16, 'must be the app secret (32 hex characters)'),
  WEBHOOK_VERIFY_TOKEN: z.string().trim().min(8, 'must be at least 8 characters'),
  RELAY_DESKTOP_TOKEN: z
    .string()
    .trim()
    .min(1)
    .transform((value) =>
      value
        .split(',')
        .map((token) => token.trim())
        .filter(Boolean),
    )
    .refine(
      (tokens) => tokens.length > 0 && tokens.every((token) => token.length >= MIN_TOKEN_LENGTH),
      `every token must be at least ${MIN_TOKEN_LENGTH} characters`,
    ),
  RELAY_RETENTION_DAYS: z
    .string()
    .trim()
    .regex(/^\d+(\.\d+)?$/, 'must be a number of days')
    .transform(Number)
    .refine((n) => n > 0 && n <= 3650, 'must be between 0 and 3650 days')
    .default(14),
  SIGNUP_ORIGIN: z
    .string()
    .trim()
    .refine((value) => URL.canParse(value) && new URL(value).origin === value, 'must be an origin')
    .optional(),
  RELAY_LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error']).default('info'),
  RELAY_METRICS_TOKEN: z.string().trim().min(16, 'must be at least 16 characters').optional(),
})

const fixes: Record<string, string> = {
  RELAY_PORT: 'set RELAY_PORT to a free port such as 5181',
  RELAY_DATA_DIR:
    'set RELAY_DATA_DIR to a folder for the event log (or RELAY_REDIS_URL to use Redis)',
  RELAY_REDIS_URL: 'set RELAY_REDIS_URL like redis://localhost:6379/0, or unset it to use SQLite',
  FACEBOOK_APP_SECRET:
    'set FACEBOOK_APP_SECRET to the App Secret from App Dashboard → Settings → Basic',
  WEBHOOK_VERIFY_TOKEN:
    'set WEBHOOK_VERIFY_TOKEN to the Verify token you entered in App Dashboard → WhatsApp → Configuration',
  RELAY_DESKTOP_TOKEN:
    'set RELAY_DESKTOP_TOKEN to a long random token (openssl rand -base64 32), or several separated by commas',
  RELAY_RETENTION_DAYS: 'set RELAY_RETENTION_DAYS to a number of days such as 14, or unset it',
  SIGNUP_ORIGIN: 'set SIGNUP_ORIGIN to the relay’s public origin, e.g. https://relay.example.com',
  RELAY_LOG_LEVEL: 'use debug, info, warn or error',
  RELAY_METRICS_TOKEN: 'set RELAY_METRICS_TOKEN to a long random token, or unset it',
  RELAY_HOST: 'set RELAY_HOST to an address to listen on, such as 0.0.0.0',
}

/** Variables whose values are never repeated in an error (they reach the terminal and the log). */
const SECRET_VARIABLES = new Set([
  'FACEBOOK_APP_SECRET',
  'WEBHOOK_VERIFY_TOKEN',
  'RELAY_DESKTOP_TOKEN',
  'RELAY_METRICS_TOKEN',
])

/**
 * Validates the relay's environment once at start; every problem is reported together, each naming
 * its variable and the fix.
 */
export function loadRelayConfig(
  env: NodeJS.ProcessEnv = process.env,
  cwd = process.cwd(),
): RelayConfig {
  const present = Object.fromEntries(
    Object.entries(env).filter(([, value]) => value !== undefined && value.trim() !== ''),
  )
  const parsed = schema.safeParse(present)
  const problems: string[] = []
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const name = String(issue.path[0])
      const got =
        present[name] === undefined
          ? 'not set'
          : SECRET_VARIABLES.has(name)
            ? 'the value is not shown'
            : `got ${JSON.stringify(present[name])}`
      const message = present[name] === undefined ? 'is required' : issue.message
      problems.push(`${name} ${message} (${got}). Fix: ${fixes[name] ?? 'correct or unset it'}.`)
    }
  }
  if (present.RELAY_DATA_DIR === undefined && present.RELAY_REDIS_URL === undefined) {
    problems.push(
      `RELAY_DATA_DIR is required when RELAY_REDIS_URL is not set (not set). Fix: ${fixes.RELAY_DATA_DIR}.`,
    )
  }
  if (!parsed.success || problems.length > 0) {
    throw new AppError('CONFIG', `Invalid relay configuration:\n- ${problems.join('\n- ')}`, {
      fix: 'Correct the variables listed above in the relay’s environment.',
      details: { variables: problems.map((problem) => problem.split(' ')[0]) },
    })
  }
  const values = parsed.data
  const dataDir = values.RELAY_DATA_DIR
  return {
    host: values.RELAY_HOST,
    port: values.RELAY_PORT,
    dataDir:
      dataDir === undefined ? undefined : isAbsolute(dataDir) ? dataDir : resolve(cwd, dataDir),
    redisUrl: values.RELAY_REDIS_URL,
    appSecret: values.FACEBOOK_APP_SECRET,
    verifyToken: values.WEBHOOK_VERIFY_TOKEN,
    desktopTokens: values.RELAY_DESKTOP_TOKEN,
    retentionMs: values.RELAY_RETENTION_DAYS * DAY_MS,
    signupOrigin: values.SIGNUP_ORIGIN,
    logLevel: values.RELAY_LOG_LEVEL,
    metricsToken: values.RELAY_METRICS_TOKEN,
  }
}
