#!/usr/bin/env node
// `npm test`: every test — lint, types, unit + integration (real SQLite, real keychain), e2e in
// Chromium. On Linux it runs inside its own D-Bus session with a throwaway, unlocked gnome-keyring
// in a temporary HOME, so tests use a real keychain without touching the user's.
//
//   npm test                 all steps
//   npm test -- unit e2e     only the named steps (lint, types, unit, e2e)
import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const bin = (name) => join(root, 'node_modules', '.bin', name)
const has = (program) =>
  spawnSync('sh', ['-c', `command -v ${program}`], { stdio: 'ignore' }).status === 0
const fail = (message) => {
  process.stderr.write(`\nnpm test cannot run: ${message}\n\n`)
  process.exit(1)
}

const steps = {
  lint: [bin('eslint'), ['.', '--max-warnings=0']],
  format: [bin('prettier'), ['--check', '.', '--log-level', 'warn']],
  types: [bin('tsc'), ['--noEmit', '-p', 'tsconfig.node.json']],
  'types-web': [bin('tsc'), ['--noEmit', '-p', 'tsconfig.web.json']],
  unit: [bin('vitest'), ['run']],
  'build-renderer': [
    process.execPath,
    [
      join(root, 'node_modules/vite/bin/vite.js'),
      'build',
      '--config',
      'vite.renderer.config.ts',
      '--logLevel',
      'warn',
    ],
  ],
  e2e: [bin('playwright'), ['test']],
}
const groups = {
  lint: ['lint', 'format'],
  types: ['types', 'types-web'],
  unit: ['unit'],
  e2e: ['build-renderer', 'e2e'],
}
const requested = process.argv.slice(2).filter((a) => !a.startsWith('-'))
for (const name of requested)
  if (!groups[name]) fail(`unknown step "${name}" (use ${Object.keys(groups).join(', ')})`)
const selected = (requested.length ? requested : Object.keys(groups)).flatMap((g) => groups[g])

function preflight() {
  const missing = []
  if (process.platform === 'linux') {
    for (const program of ['dbus-run-session', 'dbus-send', 'gnome-keyring-daemon'])
      if (!has(program)) missing.push(program)
  }
  if (missing.length) {
    fail(
      `${missing.join(', ')} not found. The tests use the real OS keychain.\n  Install: sudo apt-get install -y dbus gnome-keyring libsecret-1-dev`,
    )
  }
  if (selected.includes('e2e')) {
    const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
    if (!existsSync(chromium))
      fail(
        `Chromium not found at ${chromium}. Install: sudo apt-get install -y chromium (or set CHROMIUM_PATH).`,
      )
  }
}

function runInsideThrowawaySession() {
  const home = mkdtempSync(join(tmpdir(), 'wapc-test-home-'))
  for (const dir of ['.cache', '.local/share', '.config', 'run'])
    mkdirSync(join(home, dir), { recursive: true, mode: 0o700 })
  const env = {
    ...process.env,
    HOME: home,
    XDG_CACHE_HOME: join(home, '.cache'),
    XDG_DATA_HOME: join(home, '.local/share'),
    XDG_CONFIG_HOME: join(home, '.config'),
    XDG_RUNTIME_DIR: join(home, 'run'),
    WAPC_TEST_SESSION: '1',
  }
  delete env.DBUS_SESSION_BUS_ADDRESS
  delete env.GNOME_KEYRING_CONTROL
  const result = spawnSync(
    'dbus-run-session',
    ['--', process.execPath, fileURLToPath(import.meta.url), ...process.argv.slice(2)],
    {
      cwd: root,
      env,
      stdio: 'inherit',
    },
  )
  rmSync(home, { recursive: true, force: true })
  process.exit(result.status ?? 1)
}

function unlockThrowawayKeyring() {
  const result = spawnSync('gnome-keyring-daemon', ['--unlock', '--components=secrets'], {
    input: 'throwaway-test-keyring',
    encoding: 'utf8',
  })
  if (result.status !== 0) fail(`gnome-keyring-daemon did not start: ${result.stderr}`)
  for (const line of result.stdout.split('\n')) {
    const [key, ...value] = line.split('=')
    if (key && value.length) process.env[key] = value.join('=')
  }
}

preflight()
if (process.platform === 'linux' && process.env.WAPC_TEST_SESSION !== '1')
  runInsideThrowawaySession()
if (process.platform === 'linux') unlockThrowawayKeyring()

const outcomes = []
for (const name of selected) {
  const [command, args] = steps[name]
  process.stdout.write(`\n━━ ${name} ━━ ${[command.replace(root + '/', ''), ...args].join(' ')}\n`)
  const started = Date.now()
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', env: process.env })
  outcomes.push({
    name,
    ok: result.status === 0,
    seconds: ((Date.now() - started) / 1000).toFixed(1),
  })
  // e2e needs a built renderer; don't run it on a failed build.
  if (name === 'build-renderer' && result.status !== 0) break
}
process.stdout.write('\n━━ summary ━━\n')
for (const o of outcomes)
  process.stdout.write(`${o.ok ? 'pass' : 'FAIL'}  ${o.name.padEnd(15)} ${o.seconds}s\n`)
const failed = outcomes.some((o) => !o.ok) || outcomes.length < selected.length
process.exit(failed ? 1 : 0)
