import { join } from 'node:path'

// Shared by scripts/electron-native.mjs (which builds the file) and src/main/electron (which loads
// it), so the two can never disagree about where the Electron-ABI better-sqlite3 lives.

const VERSION = /^\d+\.\d+\.\d+(?:-[0-9A-Za-z.]+)?$/
const WORD = /^[a-z0-9_]+$/

/**
 * Folder holding native builds for one Electron version/platform/arch, under `<root>/.native/`.
 * The parts are checked because they become a path: a malformed version must not escape `.native`.
 *
 * @param {string} root
 * @param {{ electronVersion: string, platform: string, arch: string }} target
 * @returns {string}
 */
export function electronNativeDir(root, { electronVersion, platform, arch }) {
  if (!VERSION.test(electronVersion)) throw new Error(`Not an Electron version: ${electronVersion}`)
  if (!WORD.test(platform)) throw new Error(`Not a platform name: ${platform}`)
  if (!WORD.test(arch)) throw new Error(`Not an architecture name: ${arch}`)
  return join(root, '.native', `electron-${electronVersion}-${platform}-${arch}`)
}

/**
 * The better-sqlite3 binding built for Electron, passed to better-sqlite3's `nativeBinding` option.
 *
 * @param {string} root
 * @param {{ electronVersion: string, platform: string, arch: string }} target
 * @returns {string}
 */
export function electronNativeBindingPath(root, target) {
  return join(electronNativeDir(root, target), 'better_sqlite3.node')
}
