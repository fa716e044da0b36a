import { existsSync } from 'node:fs'
import { copyFile, cp, mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises'
import { dirname, join, sep } from 'node:path'
import { fileURLToPath } from 'node:url'
import { electronNativeBindingPath, electronNativeDir } from './electron-native-path.mjs'

export { electronNativeBindingPath, electronNativeDir } from './electron-native-path.mjs'

const projectRoot = fileURLToPath(new URL('..', import.meta.url))

/**
 * Builds better-sqlite3 for Electron's ABI into `.native/electron-<version>-<platform>-<arch>/`.
 *
 * better-sqlite3 is ABI-specific and node_modules must keep the Node build (the tests load it), so
 * the module is copied into a scratch app under `.native/` and rebuilt there; only the resulting
 * `.node` file is kept. A packaged app does not use this: electron-builder rebuilds native deps.
 *
 * @param {{
 *   electronVersion: string,
 *   platform?: NodeJS.Platform,
 *   arch?: string,
 *   log?: (line: string) => void,
 *   root?: string,
 *   rebuild?: (options: import('@electron/rebuild').RebuildOptions) => Promise<void>,
 * }} options `root` and `rebuild` exist for tests; callers leave them out.
 * @returns {Promise<string>} the path of the Electron build of `better_sqlite3.node`
 */
export async function ensureElectronNative({
  electronVersion,
  platform = process.platform,
  arch = process.arch,
  log = (line) => console.log(line),
  root = projectRoot,
  rebuild,
}) {
  const target = { electronVersion, platform, arch }
  const output = electronNativeBindingPath(root, target)
  if (existsSync(output)) return output

  const moduleDir = join(root, 'node_modules', 'better-sqlite3')
  const { version } = JSON.parse(await readFile(join(moduleDir, 'package.json'), 'utf8'))
  const scratch = `${electronNativeDir(root, target)}.build`
  const scratchModule = join(scratch, 'node_modules', 'better-sqlite3')
  log(`Building better-sqlite3 ${version} for Electron ${electronVersion} (${platform}-${arch})…`)

  await rm(scratch, { recursive: true, force: true })
  await mkdir(dirname(scratchModule), { recursive: true })
  // @electron/rebuild walks the dependencies of the package.json at buildPath.
  await writeFile(
    join(scratch, 'package.json'),
    JSON.stringify({
      name: 'wapc-native-build',
      private: true,
      dependencies: { 'better-sqlite3': version },
    }),
  )
  const nodeBuild = join(moduleDir, 'build')
  await cp(moduleDir, scratchModule, {
    recursive: true,
    // The Node build is of no use to Electron and would only be overwritten.
    filter: (source) => source !== nodeBuild && !source.startsWith(nodeBuild + sep),
  })

  const run = rebuild ?? (await import('@electron/rebuild')).rebuild
  await withoutNodedir(() =>
    run({
      buildPath: scratch,
      // Stops the module search at the scratch app: never climb into the project's node_modules.
      projectRootPath: scratch,
      electronVersion,
      platform,
      arch,
      onlyModules: ['better-sqlite3'],
      force: true,
    }),
  )

  const built = join(scratchModule, 'build', 'Release', 'better_sqlite3.node')
  if (!existsSync(built)) throw new Error(`@electron/rebuild finished but ${built} is missing`)
  await mkdir(dirname(output), { recursive: true })
  // Copy then rename, so an interrupted copy never leaves a truncated file that looks finished.
  await copyFile(built, `${output}.partial`)
  await rename(`${output}.partial`, output)
  await rm(scratch, { recursive: true, force: true })
  log(`Electron build of better-sqlite3 ready: ${output}`)
  return output
}

/**
 * npm exports its config to scripts as `npm_config_*`, and node-gyp reads `nodedir` from there. With
 * `nodedir=/usr` (how this project builds native modules for Node) node-gyp would compile against
 * Node's headers instead of Electron's and produce a binding Electron refuses to load.
 *
 * @template T
 * @param {() => Promise<T>} task
 * @returns {Promise<T>}
 */
export async function withoutNodedir(task) {
  const saved = Object.entries(process.env).filter(
    ([key]) => key.toLowerCase() === 'npm_config_nodedir',
  )
  for (const [key] of saved) delete process.env[key]
  try {
    return await task()
  } finally {
    for (const [key, value] of saved) process.env[key] = value
  }
}
