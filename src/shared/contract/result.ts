import { z } from 'zod'
import { appErrorSchema, type AppErrorData } from './errors'

/** What every contract call resolves to. Errors are values; nothing is thrown across a boundary. */
export type Result<T> = { ok: true; value: T } | { ok: false; error: AppErrorData }

export const ok = <T>(value: T): Result<T> => ({ ok: true, value })
export const fail = (error: AppErrorData): Result<never> => ({ ok: false, error })

export const resultSchema = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), value: z.unknown() }),
  z.object({ ok: z.literal(false), error: appErrorSchema }),
])
