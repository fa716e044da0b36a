// `npm start`: the Electron app where Electron can run, browser mode (scripts/web.mjs) where it cannot.
import { spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { createRequire } from 'node:module'
import { constants } from 'node:os'
import { dirname, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = fileURLToPath(new URL('..', import.meta.url))
const require = createRequire(import.meta.url)

/**
 * Decides how to start. Pure: every effect it depends on is passed in.
 *
 * @param {{
 *   resolveElectron: () => unknown,
 *   exists: (path: string) => boolean,
 *   platform: NodeJS.Platform,
 *   env: Record<string, string | undefined>,
 * }} probe `resolveElectron` is `require('electron')`, which in Node returns the binary's path and
 *   downloads it on first use (throwing when it cannot).
 * @returns {{ mode: 'electron', electronPath: string } | { mode: 'browser', reason: string, remedy: string }}
 */
export function chooseStartMode({ resolveElectron, exists, platform, env }) {
  // Checked first so a headless server never starts a ~100 MB Electron download it cannot use.
  if (platform === 'linux' && !env.DISPLAY && !env.WAYLAND_DISPLAY) {
    return {
      mode: 'browser',
      reason: 'there is no graphical display ($DISPLAY and $WAYLAND_DISPLAY are unset)',
      remedy: 'For the desktop window, run `npm start` in a graphical session.',
    }
  }
  let resolved
  try {
    resolved = resolveElectron()
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error)
    return {
      mode: 'browser',
      reason: `the Electron binary is not available (${firstLine(message)})`,
      remedy: NO_BINARY_REMEDY,
    }
  }
  if (typeof resolved !== 'string' || resolved === '') {
    return {
      mode: 'browser',
      reason: 'the electron package did not return the path of its binary',
      remedy: NO_BINARY_REMEDY,
    }
  }
  if (!exists(resolved)) {
    return {
      mode: 'browser',
      reason: `the Electron binary is missing at ${resolved}`,
      remedy: NO_BINARY_REMEDY,
    }
  }
  return { mode: 'electron', electronPath: resolved }
}

const NO_BINARY_REMEDY =
  'For the desktop window, run `npm start` where the Electron binary can be downloaded, or point ' +
  'ELECTRON_OVERRIDE_DIST_PATH at an installed Electron.'

/** @param {{ reason: string, remedy: string }} decision */
export function browserFallbackMessage({ reason, remedy }) {
  return (
    `The desktop window cannot open: ${reason}. Starting browser mode instead: the same core ` +
    'and interface, served on 127.0.0.1 for any Chromium-based browser (the address is printed ' +
    `below). ${remedy}`
  )
}

/**
 * A child killed by a signal exits the way a shell reports it (128 + signal number).
 *
 * @param {number | null} code
 * @param {NodeJS.Signals | null} signal
 */
export function exitCodeOf(code, signal) {
  if (code !== null) return code
  if (signal !== null) return 128 + (constants.signals[signal] ?? 0)
  return 1
}

/** @param {string} text */
const firstLine = (text) => text.split('\n')[0]?.trim() || 'unknown error'

/**
 * Runs a child with inherited stdio, forwarding SIGINT/SIGTERM to it.
 *
 * @param {string} command
 * @param {string[]} args
 * @param {NodeJS.ProcessEnv} env
 * @returns {Promise<number>} the exit code to pass on
 */
function run(command, args, env = process.env) {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(command, args, { cwd: root, env, stdio: 'inherit' })
    const forward = (/** @type {NodeJS.Signals} */ signal) => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal)
    }
    process.on('SIGINT', forward)
    process.on('SIGTERM', forward)
    const cleanup = () => {
      process.off('SIGINT', forward)
      process.off('SIGTERM', forward)
    }
    child.once('error', (error) => {
      cleanup()
      reject(error)
    })
    child.once('exit', (code, signal) => {
      cleanup()
      resolvePromise(exitCodeOf(code, signal))
    })
  })
}

/** @param {{ reason: string, remedy: string }} decision */
function startBrowserMode(decision) {
  console.log(`\n${browserFallbackMessage(decision)}\n`)
  return run(process.execPath, [resolve(root, 'scripts/web.mjs')])
}

async function main() {
  const decision = chooseStartMode({
    resolveElectron: () => require('electron'),
    exists: existsSync,
    platform: process.platform,
    env: process.env,
  })
  if (decision.mode === 'browser') return startBrowserMode(decision)

  // electron-vite's `exports` hide its bin, so it is found from its package.json.
  const cli = resolve(
    dirname(require.resolve('electron-vite/package.json')),
    'bin/electron-vite.js',
  )
  const built = await run(process.execPath, [cli, 'build'])
  if (built !== 0) return built
  // Inherited from a parent tool, this would make Electron behave as plain Node.
  const { ELECTRON_RUN_AS_NODE: _runAsNode, ...env } = process.env
  return run(decision.electronPath, [root], env)
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().then(
    (code) => process.exit(code),
    (error) => {
      console.error(error instanceof Error ? error.message : error)
      process.exit(1)
    },
  )
}
