import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { AppError } from '@shared/contract/errors'
import { tempDir } from '../test-support/temp-dir'
import { loadConfig } from './config'
import { defaultDataDir } from './data-dir'
import { decideMode } from './mode'

describe('loadConfig', () => {
  let dir: ReturnType<typeof tempDir>
  beforeEach(() => (dir = tempDir()))
  afterEach(() => dir.cleanup())
  const load = (env: NodeJS.ProcessEnv) =>
    loadConfig({ env, cwd: dir.path, defaultDataDir: '/default/data' })

  it('uses defaults with an empty environment', () => {
    const config = load({})
    expect(config).toMatchObject({
      dataDir: '/default/data',
      port: 5173,
      modePreference: 'auto',
      keychainService: 'WA Partner Console',
      logLevel: 'info',
    })
    expect(config.envSettings).toEqual({})
  })

  it('reads .env under the process environment, which wins', () => {
    writeFileSync(
      join(dir.path, '.env'),
      'PORT=6000\nGRAPH_API_VERSION=v24.0\nFACEBOOK_APP_ID=1234567890\n',
    )
    const config = load({ PORT: '7000' })
    expect(config.port).toBe(7000)
    expect(config.envSettings).toEqual({ graphApiVersion: 'v24.0', facebookAppId: '1234567890' })
    expect(config.dotenvPath).toBe(join(dir.path, '.env'))
  })

  it('reads the embedded sandbox control token from .env as well as the environment', () => {
    writeFileSync(join(dir.path, '.env'), 'SANDBOX_CONTROL_TOKEN=from-dotenv-0123456789\n')
    expect(load({}).sandboxControlToken).toBe('from-dotenv-0123456789')
    expect(load({ SANDBOX_CONTROL_TOKEN: 'from-env-0123456789' }).sandboxControlToken).toBe(
      'from-env-0123456789',
    )
  })

  it('resolves a relative WAPC_DATA_DIR against the working directory', () => {
    expect(load({ WAPC_DATA_DIR: 'data' }).dataDir).toBe(join(dir.path, 'data'))
  })

  it('reports every bad variable at once, each with its name and a fix', () => {
    let caught: unknown
    try {
      load({ PORT: 'eighty', GRAPH_API_VERSION: '25', RELAY_URL: 'ftp://relay', WAPC_MODE: 'prod' })
    } catch (error) {
      caught = error
    }
    expect(AppError.is(caught)).toBe(true)
    const message = (caught as AppError).message
    expect((caught as AppError).code).toBe('CONFIG')
    expect(message).toMatch(/PORT: .*Fix: set PORT/)
    expect(message).toMatch(/GRAPH_API_VERSION: like v25\.0/)
    expect(message).toMatch(/RELAY_URL/)
    expect(message).toMatch(/WAPC_MODE: .*Fix: use auto, sandbox or live/)
  })

  it('collects secrets given by the environment, noting which came from .env', () => {
    writeFileSync(join(dir.path, '.env'), 'FACEBOOK_APP_SECRET=from-dotenv-secret\n')
    const config = load({ FACEBOOK_SYSTEM_USER_TOKEN: 'EAAsystemuser0000000000' })
    expect(config.envSecrets['app-secret']).toEqual({
      value: 'from-dotenv-secret',
      inDotenv: true,
      inEnvironment: false,
      conflicting: false,
    })
    expect(config.envSecrets['system-user-token']).toEqual({
      value: 'EAAsystemuser0000000000',
      inDotenv: false,
      inEnvironment: true,
      conflicting: false,
    })
  })

  it('notes a secret set in both places, and whether the two values differ', () => {
    writeFileSync(
      join(dir.path, '.env'),
      'AI_API_KEY=sk-same-value-0001\nRELAY_TOKEN=dotenv-relay-0001\nWEBHOOK_VERIFY_TOKEN="verify-me-0001"\n',
    )
    const config = load({ AI_API_KEY: 'sk-same-value-0001', RELAY_TOKEN: 'env-relay-0001' })
    expect(config.envSecrets['ai-api-key']).toMatchObject({
      inDotenv: true,
      inEnvironment: true,
      conflicting: false,
    })
    // The environment wins, as for every variable; the difference is reported, not resolved.
    expect(config.envSecrets['relay-token']).toMatchObject({
      value: 'env-relay-0001',
      conflicting: true,
    })
    expect(config.envSecrets['webhook-verify-token']).toMatchObject({
      value: 'verify-me-0001',
      inDotenv: true,
    })
  })

  it("checks secrets with the contract's schema and never repeats them in the error", () => {
    writeFileSync(
      join(dir.path, '.env'),
      'FACEBOOK_APP_SECRET="two\nlines-of-secret"\nAI_API_KEY=q7z9k\n',
    )
    let caught: unknown
    try {
      load({ RELAY_TOKEN: 'has a space-0001' })
    } catch (error) {
      caught = error
    }
    expect(AppError.is(caught)).toBe(true)
    const message = (caught as AppError).message
    expect(message).toMatch(
      /FACEBOOK_APP_SECRET: printable characters without spaces only \(set in \.env/,
    )
    expect(message).toMatch(/AI_API_KEY: too short to be a real secret/)
    expect(message).toMatch(/RELAY_TOKEN: .*\(set in the environment/)
    for (const value of ['lines-of-secret', 'q7z9k', 'has a space'])
      expect(message).not.toContain(value)
  })

  it('stops on a .env line without "=", naming the file, the line and the fix', () => {
    writeFileSync(join(dir.path, '.env'), 'PORT=6000\nFACEBOOK_APP_ID\nGRAPH_API_VERSION=v24.0\n')
    let caught: unknown
    try {
      load({})
    } catch (error) {
      caught = error
    }
    expect(caught).toMatchObject({
      code: 'CONFIG',
      message: expect.stringMatching(
        /\.env has lines that are not KEY=value:\n- line 2 has no "="/,
      ),
      fix: expect.stringMatching(/KEY=value/),
    })
  })
})

describe('defaultDataDir', () => {
  it('matches Electron userData per OS', () => {
    expect(defaultDataDir('linux', {}, '/home/ana')).toBe('/home/ana/.config/WA Partner Console')
    expect(defaultDataDir('linux', { XDG_CONFIG_HOME: '/xdg' }, '/home/ana')).toBe(
      '/xdg/WA Partner Console',
    )
    expect(defaultDataDir('darwin', {}, '/Users/ana')).toBe(
      '/Users/ana/Library/Application Support/WA Partner Console',
    )
    expect(
      defaultDataDir('win32', { APPDATA: 'C:\\Users\\ana\\AppData\\Roaming' }, 'C:\\Users\\ana'),
    ).toMatch(/Roaming.WA Partner Console$/)
  })
})

describe('decideMode', () => {
  it('runs on the sandbox unless a Meta app is configured', () => {
    expect(
      decideMode({ preference: 'auto', facebookAppId: null, hasAppSecret: false }),
    ).toMatchObject({ mode: 'sandbox' })
    expect(
      decideMode({ preference: 'auto', facebookAppId: '123456', hasAppSecret: false }).reason,
    ).toMatch(/app secret/)
    expect(
      decideMode({ preference: 'auto', facebookAppId: '123456', hasAppSecret: true }),
    ).toMatchObject({ mode: 'live' })
    expect(
      decideMode({ preference: 'sandbox', facebookAppId: '123456', hasAppSecret: true }),
    ).toMatchObject({ mode: 'sandbox' })
  })

  it('refuses to force live mode without credentials', () => {
    expect(() =>
      decideMode({ preference: 'live', facebookAppId: null, hasAppSecret: false }),
    ).toThrow(/FACEBOOK_APP_ID/)
  })
})
