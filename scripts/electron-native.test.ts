import { existsSync } from 'node:fs'
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { RebuildOptions } from '@electron/rebuild'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import {
  electronNativeBindingPath,
  electronNativeDir,
  ensureElectronNative,
  withoutNodedir,
} from './electron-native.mjs'

const target = { electronVersion: '45.4.1', platform: 'linux', arch: 'x64' } as const
let root: string

/** A project with a Node build of better-sqlite3 in node_modules, as `npm install` leaves it. */
async function makeProject(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'wapc-native-'))
  const module = join(dir, 'node_modules', 'better-sqlite3')
  await mkdir(join(module, 'build', 'Release'), { recursive: true })
  await mkdir(join(module, 'src'), { recursive: true })
  await writeFile(
    join(module, 'package.json'),
    JSON.stringify({ name: 'better-sqlite3', version: '12.11.1' }),
  )
  await writeFile(join(module, 'binding.gyp'), '{}')
  await writeFile(join(module, 'src', 'better_sqlite3.cpp'), '// source')
  await writeFile(join(module, 'build', 'Release', 'better_sqlite3.node'), 'node-abi')
  return dir
}

interface Seen {
  options: RebuildOptions
  nodedir: string | undefined
  copied: string[]
}

/** Stands in for @electron/rebuild: records what it was asked and "compiles" for Electron. */
function fakeRebuild(seen: Seen[]) {
  return async (options: RebuildOptions) => {
    const module = join(options.buildPath, 'node_modules', 'better-sqlite3')
    seen.push({
      options,
      nodedir: process.env.npm_config_nodedir,
      copied: ['binding.gyp', 'src/better_sqlite3.cpp', 'build'].filter((p) =>
        existsSync(join(module, p)),
      ),
    })
    await mkdir(join(module, 'build', 'Release'), { recursive: true })
    await writeFile(join(module, 'build', 'Release', 'better_sqlite3.node'), 'electron-abi')
  }
}

beforeEach(async () => {
  root = await makeProject()
})
afterEach(async () => {
  await rm(root, { recursive: true, force: true })
})

describe('ensureElectronNative', () => {
  it('builds in a scratch copy and leaves node_modules untouched', async () => {
    const seen: Seen[] = []
    const output = await ensureElectronNative({
      ...target,
      root,
      log: () => {},
      rebuild: fakeRebuild(seen),
    })

    expect(output).toBe(electronNativeBindingPath(root, target))
    expect(await readFile(output, 'utf8')).toBe('electron-abi')
    const nodeBuild = join(
      root,
      'node_modules',
      'better-sqlite3',
      'build',
      'Release',
      'better_sqlite3.node',
    )
    expect(await readFile(nodeBuild, 'utf8')).toBe('node-abi')

    expect(seen).toHaveLength(1)
    const { options, copied } = seen[0]!
    expect(options.buildPath.startsWith(join(root, '.native'))).toBe(true)
    expect(options.projectRootPath).toBe(options.buildPath)
    expect(options).toMatchObject({
      electronVersion: '45.4.1',
      arch: 'x64',
      onlyModules: ['better-sqlite3'],
      force: true,
    })
    // Sources are copied; the Node build is not.
    expect(copied).toEqual(['binding.gyp', 'src/better_sqlite3.cpp'])
    // The scratch app is removed once the binding is out.
    expect(existsSync(options.buildPath)).toBe(false)
  })

  it('skips the build when the Electron binding already exists', async () => {
    const seen: Seen[] = []
    await ensureElectronNative({ ...target, root, log: () => {}, rebuild: fakeRebuild(seen) })
    const again = await ensureElectronNative({
      ...target,
      root,
      log: () => {},
      rebuild: fakeRebuild(seen),
    })
    expect(seen).toHaveLength(1)
    expect(again).toBe(electronNativeBindingPath(root, target))
  })

  it('fails, leaving no binding behind, when the rebuild produced nothing', async () => {
    const run = ensureElectronNative({ ...target, root, log: () => {}, rebuild: async () => {} })
    await expect(run).rejects.toThrow(/better_sqlite3\.node is missing/)
    expect(existsSync(electronNativeBindingPath(root, target))).toBe(false)
  })

  it('hides npm_config_nodedir from node-gyp during the rebuild and restores it after', async () => {
    const before = process.env.npm_config_nodedir
    process.env.npm_config_nodedir = '/usr'
    try {
      const seen: Seen[] = []
      await ensureElectronNative({ ...target, root, log: () => {}, rebuild: fakeRebuild(seen) })
      expect(seen[0]?.nodedir).toBeUndefined()
      expect(process.env.npm_config_nodedir).toBe('/usr')
    } finally {
      if (before === undefined) delete process.env.npm_config_nodedir
      else process.env.npm_config_nodedir = before
    }
  })
})

describe('withoutNodedir', () => {
  it('restores the variable even when the task fails', async () => {
    const before = process.env.NPM_CONFIG_NODEDIR
    process.env.NPM_CONFIG_NODEDIR = '/opt/node'
    try {
      await expect(
        withoutNodedir(async () => {
          expect(process.env.NPM_CONFIG_NODEDIR).toBeUndefined()
          throw new Error('boom')
        }),
      ).rejects.toThrow('boom')
      expect(process.env.NPM_CONFIG_NODEDIR).toBe('/opt/node')
    } finally {
      if (before === undefined) delete process.env.NPM_CONFIG_NODEDIR
      else process.env.NPM_CONFIG_NODEDIR = before
    }
  })
})

describe('electronNativeDir', () => {
  it('names the folder after version, platform and arch under .native', () => {
    expect(electronNativeDir('/app', target)).toBe(
      join('/app', '.native', 'electron-45.4.1-linux-x64'),
    )
    expect(electronNativeBindingPath('/app', { ...target, electronVersion: '46.0.0-beta.2' })).toBe(
      join('/app', '.native', 'electron-46.0.0-beta.2-linux-x64', 'better_sqlite3.node'),
    )
  })

  it('refuses parts that could leave the .native folder', () => {
    expect(() => electronNativeDir('/app', { ...target, electronVersion: '../../etc' })).toThrow()
    expect(() => electronNativeDir('/app', { ...target, platform: 'linux/../..' })).toThrow()
    expect(() => electronNativeDir('/app', { ...target, arch: '..' })).toThrow()
  })
})
