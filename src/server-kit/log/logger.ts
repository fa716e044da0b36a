import { appendFileSync, chmodSync, existsSync, mkdirSync } from 'node:fs'
import { dirname } from 'node:path'
import { redact } from '@shared/redact'

export const logLevels = ['debug', 'info', 'warn', 'error'] as const
export type LogLevel = (typeof logLevels)[number]

export interface Logger {
  debug(event: string, fields?: Record<string, unknown>): void
  info(event: string, fields?: Record<string, unknown>): void
  warn(event: string, fields?: Record<string, unknown>): void
  error(event: string, fields?: Record<string, unknown>): void
  child(bindings: Record<string, unknown>): Logger
}

export interface LoggerOptions {
  level?: LogLevel
  /** JSON-lines file; created with its folder. */
  file?: string | undefined
  /** Human-readable lines on stderr (default: true). */
  console?: boolean
  bindings?: Record<string, unknown>
}

const rank: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 }

/**
 * Structured logger: one JSON object per line in the log file, a short line on stderr. Every field
 * goes through `redact` first, so a token passed by mistake is never written.
 */
export function createLogger(options: LoggerOptions = {}): Logger {
  const threshold = rank[options.level ?? 'info']
  const file = options.file
  if (file) {
    // Owner-only, like the data directory: the log names clients, numbers and message ids.
    mkdirSync(dirname(file), { recursive: true, mode: 0o700 })
    if (existsSync(file)) chmodSync(file, 0o600)
  }
  const toConsole = options.console ?? true

  const make = (bindings: Record<string, unknown>): Logger => {
    const write = (level: LogLevel, event: string, fields?: Record<string, unknown>) => {
      if (rank[level] < threshold) return
      const record = redact({
        time: new Date().toISOString(),
        level,
        event,
        ...bindings,
        ...fields,
      }) as Record<string, unknown>
      if (file) {
        try {
          appendFileSync(file, JSON.stringify(record) + '\n', { mode: 0o600 })
        } catch {
          // A full disk must not take the app down with it; stderr still gets the line.
        }
      }
      if (toConsole) {
        const { time: _t, level: _l, event: _e, runtime: _r, ...rest } = record
        // The console gets the gist of errors; the file keeps stacks and causes.
        for (const [key, value] of Object.entries(rest)) {
          if (value && typeof value === 'object' && 'message' in value && 'name' in value) {
            const { code, message } = value as { code?: string; message: string }
            rest[key] = code ? `${code}: ${message}` : message
          }
        }
        const extra = Object.keys(rest).length ? ' ' + JSON.stringify(rest) : ''
        process.stderr.write(`${level.padEnd(5)} ${event}${extra}\n`)
      }
    }
    return {
      debug: (event, fields) => write('debug', event, fields),
      info: (event, fields) => write('info', event, fields),
      warn: (event, fields) => write('warn', event, fields),
      error: (event, fields) => write('error', event, fields),
      child: (more) => make({ ...bindings, ...more }),
    }
  }
  return make(options.bindings ?? {})
}

/** A logger that drops everything; for tests that do not look at logs. */
export const silentLogger: Logger = createLogger({ level: 'error', console: false })
