import { existsSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

// Packaging needs downloads, so electron-builder.yml cannot be exercised here. Instead it is run
// through electron-builder's own validation (its JSON schema), the way `electron-builder` does
// before building: a misspelt key fails here rather than on a release machine.
const root = fileURLToPath(new URL('..', import.meta.url))
const fromBuilder = createRequire(
  createRequire(import.meta.url).resolve('electron-builder/package.json'),
)
const { validateConfiguration } = fromBuilder('app-builder-lib/out/util/config/config') as {
  validateConfiguration: (config: unknown, debugLogger: unknown) => Promise<void>
}
const { DebugLogger } = fromBuilder('builder-util') as {
  DebugLogger: new (enabled: boolean) => unknown
}
const yaml = fromBuilder('js-yaml') as { load: (text: string) => unknown }

interface BuilderConfig {
  files: string[]
  asarUnpack: string[]
  npmRebuild: boolean
  electronFuses: Record<string, boolean>
  mac: {
    target: string
    hardenedRuntime: boolean
    entitlements: string
    entitlementsInherit: string
    icon: string
  }
  win: { target: string; icon: string }
  linux: { target: string[]; category: string; icon: string }
  deb: { depends: string[] }
  [key: string]: unknown
}

const load = () => yaml.load(readFileSync(`${root}/electron-builder.yml`, 'utf8')) as BuilderConfig
const validate = (config: unknown) => validateConfiguration(config, new DebugLogger(false))

describe('electron-builder.yml', () => {
  it("passes electron-builder's schema validation", async () => {
    await expect(validate(load())).resolves.toBeUndefined()
  })

  it('would fail validation with a misspelt key (the check is live)', async () => {
    const fuseTypo = load()
    fuseTypo.electronFuses = { ...fuseTypo.electronFuses, runAsNod: false }
    await expect(validate(fuseTypo)).rejects.toThrow(/configuration/)
    const topTypo = { ...load(), asarUnpak: ['**/*.node'] }
    await expect(validate(topTypo)).rejects.toThrow(/configuration/)
  })

  it('sets every fuse of the security baseline', () => {
    expect(load().electronFuses).toEqual({
      runAsNode: false,
      enableCookieEncryption: true,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      grantFileProtocolExtraPrivileges: false,
    })
  })

  it('packs only the build output, package.json and the icon', () => {
    const config = load()
    expect(config.files).toEqual(['out/**', 'package.json', 'resources/icon.png', '!out/**/*.map'])
    expect(config.asarUnpack).toContain('**/*.node')
    expect(config.npmRebuild).toBe(true)
  })

  it('targets AppImage and deb (with libsecret), a hardened dmg and nsis', () => {
    const config = load()
    expect(config.linux.target).toEqual(['AppImage', 'deb'])
    expect(['Office', 'Network']).toContain(config.linux.category)
    expect(config.deb.depends).toContain('libsecret-1-0')
    expect(config.mac.target).toBe('dmg')
    expect(config.mac.hardenedRuntime).toBe(true)
    expect(config.win.target).toBe('nsis')
  })

  it('points at files that exist', () => {
    const config = load()
    for (const path of [
      config.mac.entitlements,
      config.mac.entitlementsInherit,
      config.mac.icon,
      config.win.icon,
      config.linux.icon,
    ]) {
      expect(existsSync(`${root}/${path}`), path).toBe(true)
    }
    const entitlements = readFileSync(`${root}/${config.mac.entitlements}`, 'utf8')
    expect(entitlements).toContain('<key>com.apple.security.cs.allow-jit</key>')
  })
})
