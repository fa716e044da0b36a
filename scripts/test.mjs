#!/usr/bin/env node
// `npm test`: every test — lint, types, unit + integration (real SQLite, real keychain), e2e in
// Chromium. On Linux it runs inside its own D-Bus session with a throwaway, unlocked gnome-keyring
// in a temporary HOME, so tests use a real keychain without touching the user's. Every process the
// run starts carries a mark in its environment; when the run ends, any still alive (a daemon a
// test forgot) is stopped, listed, and fails the run.
//
//   npm test                 all steps
//   npm test -- unit e2e     only the named steps (lint, types, unit, e2e)
import { spawn, spawnSync } from 'node:child_process'
import { closeSync, existsSync, mkdirSync, mkdtempSync, openSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { fileURLToPath } from 'node:url'
import { newRunMark, RUN_MARK, stopMarkedProcesses } from './leftover-processes.mjs'

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

async function runInsideThrowawaySession() {
  const home = mkdtempSync(join(tmpdir(), 'wapc-test-home-'))
  const mark = newRunMark()
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
    [RUN_MARK]: mark,
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
  const left = await stopMarkedProcesses(mark)
  rmSync(home, { recursive: true, force: true })
  if (left.length > 0) {
    process.stderr.write(
      `\nFAIL  npm test left ${left.length} process(es) running; they are stopped now:\n${left
        .map((p) => `  ${p.pid} ${p.command}`)
        .join('\n')}\nA test that starts a daemon must stop it (or run it in the foreground).\n`,
    )
    process.exit(1)
  }
  process.exit(result.status ?? 1)
}

const dbus = (...args) =>
  spawnSync('dbus-send', ['--session', '--print-reply', ...args], { encoding: 'utf8' }).stdout ?? ''

/**
 * A gnome-keyring in the foreground, as this process's child, so the run can stop it; a daemonized
 * one outlives the session bus. Ready once its default collection answers "not locked" (asked only
 * after it owns its bus name, lest the question start a second keyring by D-Bus activation).
 */
async function startThrowawayKeyring(home) {
  const log = openSync(join(home, 'gnome-keyring.log'), 'w')
  const daemon = spawn(
    'gnome-keyring-daemon',
    ['--foreground', '--unlock', '--components=secrets'],
    {
      stdio: ['pipe', log, log],
    },
  )
  closeSync(log)
  daemon.stdin.end('throwaway-test-keyring')
  const deadline = Date.now() + 15_000
  while (Date.now() < deadline && daemon.exitCode === null) {
    const owned = dbus(
      '--dest=org.freedesktop.DBus',
      '/org/freedesktop/DBus',
      'org.freedesktop.DBus.NameHasOwner',
      'string:org.freedesktop.secrets',
    )
    if (
      /boolean true/.test(owned) &&
      /boolean false/.test(
        dbus(
          '--dest=org.freedesktop.secrets',
          '/org/freedesktop/secrets/aliases/default',
          'org.freedesktop.DBus.Properties.Get',
          'string:org.freedesktop.Secret.Collection',
          'string:Locked',
        ),
      )
    )
      return daemon
    await sleep(100)
  }
  daemon.kill()
  fail(`gnome-keyring-daemon did not unlock a keyring; see ${join(home, 'gnome-keyring.log')}`)
}

async function stopChild(child) {
  if (child.exitCode !== null || child.signalCode !== null) return
  const exited = new Promise((resolve) => child.once('exit', resolve))
  child.kill('SIGTERM')
  await Promise.race([exited, sleep(5000)])
  if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL')
}

preflight()
if (process.platform === 'linux' && process.env.WAPC_TEST_SESSION !== '1')
  await runInsideThrowawaySession()
const keyring = process.platform === 'linux' ? await startThrowawayKeyring(process.env.HOME) : null

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
if (keyring) await stopChild(keyring)
process.exit(failed ? 1 : 0)
