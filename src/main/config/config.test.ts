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
      fromDotenv: true,
    })
    expect(config.envSecrets['system-user-token']).toEqual({
      value: 'EAAsystemuser0000000000',
      fromDotenv: false,
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
