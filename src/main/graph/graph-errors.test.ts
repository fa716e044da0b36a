import { describe, expect, it } from 'vitest'
import { knownGraphErrors } from '@shared/whatsapp/error-codes'
import { networkError, parseGraphError } from './graph-errors'

const metaBody = (code: number, extra: Record<string, unknown> = {}) =>
  JSON.stringify({
    error: {
      message: `(#${code}) Something`,
      type: 'OAuthException',
      code,
      error_data: { messaging_product: 'whatsapp', details: 'Meta explains here' },
      fbtrace_id: 'AbCdEf123',
      ...extra,
    },
  })

describe('parseGraphError', () => {
  it('classifies every code of the reference table as retryable or not, with its AppError code', () => {
    for (const info of knownGraphErrors) {
      const { error, retryInCall } = parseGraphError(
        info.http ?? 400,
        metaBody(info.code),
        'messages',
      )
      expect(error.code, `code ${info.code}`).toBe(info.appCode)
      expect(error.retryable, `code ${info.code}`).toBe(info.retry !== 'no')
      expect(error.details).toMatchObject({
        graphCode: info.code,
        fbtraceId: 'AbCdEf123',
        graphDetails: 'Meta explains here',
      })
      // Only quick, transient conditions are retried inside one call.
      if (retryInCall) expect(info.retry).toBe('backoff')
    }
  })

  it('treats the 200–299 permission range and unknown codes as permanent', () => {
    expect(parseGraphError(403, metaBody(215), 'x').error).toMatchObject({
      code: 'GRAPH_AUTH',
      retryable: false,
    })
    expect(parseGraphError(400, metaBody(999_999), 'x').error).toMatchObject({
      code: 'GRAPH',
      retryable: false,
    })
  })

  it('retries throughput limits in-call but leaves pair-rate waits (4^X s) to the limiter', () => {
    expect(parseGraphError(400, metaBody(130429), 'messages').retryInCall).toBe(true)
    const pair = parseGraphError(400, metaBody(131056), 'messages')
    expect(pair.retryInCall).toBe(false)
    expect(pair.error).toMatchObject({ code: 'RATE_LIMITED', retryable: true })
  })

  it('marks long waits with how long (133016: 72 h)', () => {
    const { error, retryInCall } = parseGraphError(400, metaBody(133016), 'register')
    expect(retryInCall).toBe(false)
    expect(error.details).toMatchObject({ retry: 'later', retryAfterMs: 72 * 3600_000 })
    expect(error.fix).toMatch(/72 hours/)
  })

  it('keeps the subcode of an expired token and gives the reconnect fix', () => {
    const { error } = parseGraphError(
      401,
      metaBody(190, { error_subcode: 463, error_data: undefined }),
      'messages',
    )
    expect(error).toMatchObject({ code: 'GRAPH_AUTH', retryable: false })
    expect(error.details).toMatchObject({ graphSubcode: 463 })
    expect(error.fix).toMatch(/Embedded Signup/)
  })

  it('prefers the user-facing message when Meta gives one', () => {
    const { error } = parseGraphError(
      400,
      metaBody(100, { error_user_msg: 'The name is already taken.' }),
      'templates',
    )
    expect(error.message).toContain('The name is already taken.')
  })

  it('handles answers that are not Meta envelopes (proxies, HTML pages)', () => {
    expect(parseGraphError(502, '<html>Bad gateway</html>', 'x')).toMatchObject({
      retryInCall: true,
      error: { code: 'UNAVAILABLE', retryable: true },
    })
    expect(parseGraphError(404, 'not found', 'x')).toMatchObject({
      retryInCall: false,
      error: { code: 'GRAPH', retryable: false },
    })
    expect(parseGraphError(503, '', 'x', '7').retryAfterMs).toBe(7000)
  })
})

describe('networkError', () => {
  it('knows which failures prove the request never left', () => {
    expect(
      networkError(
        Object.assign(new Error('refused'), { code: 'ECONNREFUSED' }),
        'messages',
        false,
      ),
    ).toMatchObject({
      notSent: true,
      error: { code: 'NETWORK', retryable: true },
    })
    const reset = networkError(
      Object.assign(new Error('reset'), { code: 'ECONNRESET' }),
      'messages',
      false,
    )
    expect(reset.notSent).toBe(false)
    expect(reset.error.details).toMatchObject({ maybeDelivered: true })
    const timeout = networkError(new Error('aborted'), 'messages', true)
    expect(timeout).toMatchObject({ notSent: false, error: { code: 'TIMEOUT' } })
  })
})
