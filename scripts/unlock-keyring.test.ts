import { spawnSync } from 'node:child_process'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { haveProgram, isolatedKeyringEnv } from '../src/main/test-support/keychain'
import { tempDir } from '../src/main/test-support/temp-dir'
import { newRunMark, RUN_MARK, stopMarkedProcesses } from './leftover-processes.mjs'

const root = join(import.meta.dirname, '..')
const script = join(root, 'scripts', 'unlock-keyring.sh')
// What the console does at start: save a secret in the keychain and read it back.
const useKeychain = [
  process.execPath,
  '-e',
  `const k = require('keytar');
   k.setPassword('wapc-unlock-test', 'probe', 'probe-value-0001')
     .then(() => k.getPassword('wapc-unlock-test', 'probe'))
     .then((v) => console.log('read back: ' + v))`,
]

describe('scripts/unlock-keyring.sh: one command for a keychain without a desktop session', () => {
  let dir: ReturnType<typeof tempDir>
  beforeAll(() => {
    for (const program of ['dbus-run-session', 'gnome-keyring-daemon', 'dbus-send'])
      if (!haveProgram(program))
        throw new Error(
          `${program} is missing. Install: sudo apt-get install -y dbus gnome-keyring`,
        )
    dir = tempDir('wapc-unlock-')
  })
  afterAll(() => dir.cleanup())

  const run = (home: string, mark: string, password: string, command = useKeychain) =>
    spawnSync('dbus-run-session', ['--', 'sh', script, ...command], {
      cwd: root,
      env: { ...isolatedKeyringEnv(home), [RUN_MARK]: mark, WAPC_KEYRING_PASSWORD: password },
      encoding: 'utf8',
      timeout: 60_000,
    })

  it('gives the command a working keychain, and leaves nothing running', async () => {
    const mark = newRunMark()
    const result = run(join(dir.path, 'fresh'), mark, 'first-password')
    expect(result.stderr).not.toMatch(/unlock-keyring\.sh:/)
    expect(result.stdout).toContain('read back: probe-value-0001')
    expect(result.status).toBe(0)
    expect(await stopMarkedProcesses(mark)).toEqual([])
  })

  it('opens the same keyring next time with the same password, and refuses a wrong one', async () => {
    const home = join(dir.path, 'again')
    const mark = newRunMark()
    expect(run(home, mark, 'right-password').status).toBe(0)
    const again = run(home, mark, 'right-password', [
      process.execPath,
      '-e',
      "require('keytar').getPassword('wapc-unlock-test', 'probe').then((v) => console.log('kept: ' + v))",
    ])
    expect(again.stdout).toContain('kept: probe-value-0001')

    const wrong = run(home, mark, 'wrong-password')
    expect(wrong.status).toBe(1)
    expect(wrong.stderr).toContain('wrong password: the login keyring stays locked')
    expect(wrong.stdout).not.toContain('read back')
    expect(await stopMarkedProcesses(mark)).toEqual([])
  })

  it('without a session bus, says how to run it', () => {
    const result = spawnSync('sh', [script, 'npm', 'start'], {
      env: isolatedKeyringEnv(join(dir.path, 'nobus')),
      encoding: 'utf8',
    })
    expect(result.status).toBe(1)
    expect(result.stderr).toContain(
      'Run it as: dbus-run-session -- sh scripts/unlock-keyring.sh npm start',
    )
  })
})
