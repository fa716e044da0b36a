import { describe, expect, it } from 'vitest'
import { AppError } from '@shared/contract/errors'
import { loadRelayConfig } from './config'

const valid = {
  RELAY_DATA_DIR: 'relay-data',
  FACEBOOK_APP_SECRET: '0123456789abcdef0123456789abcdef',
  WEBHOOK_VERIFY_TOKEN: 'verify-token-1',
  RELAY_DESKTOP_TOKEN: 'desktop-token-aaaaaaaaaaaaaaa',
}

const failure = (env: Record<string, string>): AppError => {
  try {
    loadRelayConfig(env, '/srv')
  } catch (error) {
    if (AppError.is(error)) return error
    throw error
  }
  throw new Error('expected the configuration to be refused')
}

describe('relay configuration', () => {
  it('reads the environment with defaults: port 5181, 14 days, all interfaces', () => {
    const config = loadRelayConfig(valid, '/srv')
    expect(config).toMatchObject({
      host: '0.0.0.0',
      port: 5181,
      dataDir: '/srv/relay-data',
      redisUrl: undefined,
      retentionMs: 14 * 24 * 60 * 60 * 1000,
      desktopTokens: ['desktop-token-aaaaaaaaaaaaaaa'],
    })
  })

  it('accepts a comma-separated token list and Redis instead of a data folder', () => {
    const { RELAY_DATA_DIR: _, ...rest } = valid
    const config = loadRelayConfig({
      ...rest,
      RELAY_DESKTOP_TOKEN: ' first-token-aaaaaaaaaaaaaaaa , second-token-bbbbbbbbbbbbbbbb ',
      RELAY_REDIS_URL: 'redis://cache:6379/2',
      RELAY_RETENTION_DAYS: '3',
      RELAY_PORT: '8080',
    })
    expect(config.desktopTokens).toEqual([
      'first-token-aaaaaaaaaaaaaaaa',
      'second-token-bbbbbbbbbbbbbbbb',
    ])
    expect(config).toMatchObject({
      redisUrl: 'redis://cache:6379/2',
      port: 8080,
      retentionMs: 3 * 86_400_000,
    })
  })

  it('reports every problem at once, naming the variable and the fix, never a secret value', () => {
    const error = failure({
      RELAY_PORT: '99999',
      FACEBOOK_APP_SECRET: 'tiny-secret',
      RELAY_DESKTOP_TOKEN: 'short,another-short',
      RELAY_REDIS_URL: 'http://wrong',
      SIGNUP_ORIGIN: 'https://relay.example/path',
    })
    expect(error.code).toBe('CONFIG')
    expect(error.details?.variables).toEqual([
      'RELAY_PORT',
      'RELAY_REDIS_URL',
      'FACEBOOK_APP_SECRET',
      'WEBHOOK_VERIFY_TOKEN',
      'RELAY_DESKTOP_TOKEN',
      'SIGNUP_ORIGIN',
    ])
    expect(error.message).toMatch(/WEBHOOK_VERIFY_TOKEN is required \(not set\)\. Fix: set/)
    expect(error.message).toMatch(/RELAY_DESKTOP_TOKEN every token must be at least 24 characters/)
    expect(error.message).toMatch(/openssl rand/)
    expect(error.message).not.toContain('tiny-secret')
    expect(error.message).not.toContain('another-short')
  })

  it('needs a data folder unless Redis is configured', () => {
    const { RELAY_DATA_DIR: _, ...rest } = valid
    const error = failure(rest)
    expect(error.message).toMatch(/RELAY_DATA_DIR is required when RELAY_REDIS_URL is not set/)
  })
})
