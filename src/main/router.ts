import { randomUUID } from 'node:crypto'
import {
  AppError,
  channels,
  isChannelName,
  type AppErrorData,
  type ChannelName,
  type ChannelOutput,
  type ChannelParsedInput,
  type Result,
} from '@shared/contract'
import type { Logger } from './logger'
import { storageError } from './store/database'

/** What a handler may know about who called it; transports fill it in after validating the sender. */
export interface CallContext {
  transport: 'electron' | 'web'
}

export type Handlers = {
  [C in ChannelName]: (input: ChannelParsedInput<C>, ctx: CallContext) => Promise<ChannelOutput<C>>
}

/** One domain's handlers (e.g. `HandlersFor<ChannelsOf<typeof onboardingNames>>`); the core spreads them. */
export type HandlersFor<C extends ChannelName> = Pick<Handlers, C>

export interface Router {
  /** Validates, runs and wraps. Never throws: every outcome is a Result envelope. */
  dispatch(channel: unknown, input: unknown, ctx: CallContext): Promise<Result<unknown>>
}

const issuesOf = (error: {
  issues: readonly { path: readonly PropertyKey[]; message: string }[]
}) =>
  error.issues.map((issue) => ({ path: issue.path.map(String).join('.'), message: issue.message }))

export function createRouter(handlers: Handlers, log: Logger): Router {
  return {
    async dispatch(channel, input, ctx) {
      if (!isChannelName(channel)) {
        log.warn('router.unknown-channel', {
          channel: String(channel).slice(0, 128),
          transport: ctx.transport,
        })
        return {
          ok: false,
          error: {
            code: 'UNKNOWN_CHANNEL',
            message: `Unknown channel: ${String(channel).slice(0, 128)}`,
            retryable: false,
          },
        }
      }
      const def = channels[channel]
      const parsed = def.input.safeParse(input)
      if (!parsed.success) {
        const issues = issuesOf(parsed.error)
        return {
          ok: false,
          error: {
            code: 'VALIDATION',
            message: `Invalid input for ${channel}: ${issues.map((i) => `${i.path || '(input)'} ${i.message}`).join('; ')}`,
            retryable: false,
            details: { issues },
          },
        }
      }
      const started = performance.now()
      try {
        const handler = handlers[channel] as (input: unknown, ctx: CallContext) => Promise<unknown>
        const value = await handler(parsed.data, ctx)
        // Parsing the output strips fields the contract does not name: a handler cannot leak more
        // than the schema allows (secrets included).
        const output = def.output.safeParse(value)
        if (!output.success) {
          throw new AppError(
            'INTERNAL',
            `Handler for ${channel} returned data outside the contract`,
            {
              details: { issues: issuesOf(output.error) },
            },
          )
        }
        log.debug('router.call', { channel, ms: Math.round(performance.now() - started) })
        return { ok: true, value: output.data }
      } catch (error) {
        return { ok: false, error: toErrorData(error, channel, log) }
      }
    },
  }
}

/**
 * SQLite failures the user can act on: a full disk, a damaged file, one that cannot be opened or
 * written. Any other SQLite error (a constraint, a syntax error) is a bug and stays INTERNAL.
 */
const STORAGE_FAULT = /^SQLITE_(FULL|IOERR|CORRUPT|NOTADB|READONLY|CANTOPEN)/

/** Turns anything thrown into an envelope error, logging unexpected ones with a correlation id. */
export function toErrorData(thrown: unknown, channel: string, log: Logger): AppErrorData {
  const correlationId = randomUUID().slice(0, 8)
  const code = (thrown as { code?: unknown } | null)?.code
  const error =
    !AppError.is(thrown) && typeof code === 'string' && STORAGE_FAULT.test(code)
      ? storageError(thrown, 'complete the request')
      : thrown
  if (AppError.is(error)) {
    const level = error.code === 'INTERNAL' ? 'error' : 'warn'
    log[level]('router.failed', { channel, correlationId, error })
    return error.toData(correlationId)
  }
  log.error('router.crashed', { channel, correlationId, error })
  return {
    code: 'INTERNAL',
    message: `Something went wrong in ${channel}. The log has the details under ${correlationId}.`,
    retryable: false,
    correlationId,
  }
}
