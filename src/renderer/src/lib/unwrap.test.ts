import { AppError } from '@shared/contract/errors'
import { describe, expect, it } from 'vitest'
import { RemoteAppError, toErrorData, unwrap } from './unwrap'

describe('unwrap', () => {
  it('returns the value of a successful envelope', () => {
    expect(unwrap({ ok: true, value: 42 })).toBe(42)
  })

  it('throws an AppError carrying code, fix, retryable and correlation id', () => {
    const envelope = {
      ok: false as const,
      error: {
        code: 'SECRET_UNAVAILABLE' as const,
        message: 'The keychain is locked',
        retryable: false,
        fix: 'Unlock the login keyring',
        correlationId: 'abc12345',
      },
    }
    let caught: unknown
    try {
      unwrap(envelope)
    } catch (error) {
      caught = error
    }
    expect(AppError.is(caught)).toBe(true)
    expect(caught).toBeInstanceOf(RemoteAppError)
    expect(toErrorData(caught)).toEqual(envelope.error)
  })

  it('turns a plain Error into an INTERNAL error for display', () => {
    expect(toErrorData(new Error('boom'))).toEqual({
      code: 'INTERNAL',
      message: 'boom',
      retryable: false,
    })
  })
})
