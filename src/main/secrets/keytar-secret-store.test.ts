import { execFileSync, spawnSync } from 'node:child_process'
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { AppError } from '@shared/contract/errors'
import { redactText } from '@shared/redact'
import { newRunMark, RUN_MARK, stopMarkedProcesses } from '../../../scripts/leftover-processes.mjs'
import { haveProgram, isolatedKeyringEnv, requireKeychain } from '../test-support/keychain'
import { tempDir } from '../test-support/temp-dir'
import { createKeytarSecretStore } from './keytar-secret-store'
import { secretHint } from './secret-store'

const probe = join(import.meta.dirname, 'fixtures', 'probe-store.ts')

type ProbeOutcome = {
  ok: boolean
  value?: unknown
  error?: { code: string; message: string; fix?: string }
}

/** Runs the probe in a child with the given environment and returns what the store reported. */
function runProbe(
  command: string[],
  env: NodeJS.ProcessEnv,
): { set: ProbeOutcome; get: ProbeOutcome } {
  const result = spawnSync(command[0]!, command.slice(1), {
    env,
    encoding: 'utf8',
    timeout: 90_000,
  })
  const line = result.stdout.split('\n').find((l) => l.startsWith('PROBE_RESULT='))
  if (!line)
    throw new Error(
      `probe printed no result (status ${result.status}):\n${result.stdout}\n${result.stderr}`,
    )
  return JSON.parse(line.slice('PROBE_RESULT='.length))
}

const node = [process.execPath, '--import', 'tsx', probe]

// Shell snippets for a keyring session: a foreground gnome-keyring unlocked with `password`, and a
// wait (up to 10 s) until it owns its bus name or its default collection reports its lock state.
const keyringWith = (password: string) =>
  `printf ${password} | gnome-keyring-daemon --foreground --unlock --components=secrets >/dev/null 2>&1 &`
const nameOwned =
  "dbus-send --session --print-reply --dest=org.freedesktop.DBus /org/freedesktop/DBus org.freedesktop.DBus.NameHasOwner string:org.freedesktop.secrets 2>/dev/null | grep -q 'boolean true'"
const lockedProperty = `${nameOwned} && dbus-send --session --print-reply --dest=org.freedesktop.secrets /org/freedesktop/secrets/aliases/default org.freedesktop.DBus.Properties.Get string:org.freedesktop.Secret.Collection string:Locked 2>/dev/null`
const waitFor = (condition: string) =>
  `i=0; until ${condition}; do i=$((i+1)); [ $i -gt 100 ] && break; sleep 0.1; done`

describe('keytar SecretStore on the real keychain', () => {
  const service = `wapc-test-${process.pid}-${Date.now()}`
  beforeAll(requireKeychain)
  afterAll(async () => {
    const keytar = (await import('keytar')).default
    for (const account of ['app-secret', 'business-token:123'])
      await keytar.deletePassword(service, account)
  })

  it('stores, reads and deletes a secret in the OS keychain', async () => {
    const store = createKeytarSecretStore({ service })
    await store.set('app-secret', 'a-real-secret-value-0001')
    expect(await store.get('app-secret')).toBe('a-real-secret-value-0001')
    const keytar = (await import('keytar')).default
    expect(await keytar.getPassword(service, 'app-secret')).toBe('a-real-secret-value-0001')
    expect(await store.delete('app-secret')).toBe(true)
    expect(await store.get('app-secret')).toBeNull()
    expect(await store.delete('app-secret')).toBe(false)
  })

  it('registers every value it handles with the redactor', async () => {
    const store = createKeytarSecretStore({ service })
    await store.set('business-token:123', 'zz-opaque-business-token-987')
    expect(redactText('token was zz-opaque-business-token-987 here')).not.toContain(
      'zz-opaque-business-token-987',
    )
  })

  it('asks the Secret Service about the lock once for a burst of unset reads', async () => {
    let asked = 0
    const store = createKeytarSecretStore({
      service,
      platform: 'linux',
      keyringState: async () => {
        asked++
        return 'unlocked'
      },
    })
    expect(await Promise.all(['a-1', 'a-2', 'a-3'].map((account) => store.get(account)))).toEqual([
      null,
      null,
      null,
    ])
    expect(await store.get('a-4')).toBeNull()
    expect(asked).toBe(1)
  })

  it('gives only a 4-character hint, and none for values too short to hint safely', () => {
    expect(secretHint('abcdefgh1234')).toBe('1234')
    expect(secretHint('short')).toBeNull()
    expect(secretHint(null)).toBeNull()
  })
})

describe('keytar SecretStore when the keychain cannot be used (real daemons)', () => {
  let dir: ReturnType<typeof tempDir>
  beforeAll(() => {
    for (const program of ['dbus-run-session', 'gnome-keyring-daemon', 'dbus-send']) {
      if (!haveProgram(program)) {
        throw new Error(
          `${program} is missing. Install: sudo apt-get install -y dbus gnome-keyring`,
        )
      }
    }
    dir = tempDir('wapc-keyring-')
  })
  afterAll(() => dir.cleanup())

  it('a locked keyring gives SECRET_UNAVAILABLE naming the unlock fix, for writes and reads', async () => {
    const home = join(dir.path, 'locked')
    const mark = newRunMark()
    const env = { ...isolatedKeyringEnv(home), [RUN_MARK]: mark }
    // Create the login keyring with one password, then start a session with the wrong one: locked.
    // Each keyring runs in the foreground of its session, so it ends with that session's bus.
    execFileSync(
      'dbus-run-session',
      [
        '--',
        'sh',
        '-c',
        `${keyringWith('right')}
${waitFor(`${lockedProperty} | grep -q 'boolean false'`)}`,
      ],
      { env, stdio: 'ignore' },
    )
    const script = `${keyringWith('wrong')}
${waitFor(nameOwned)}
exec ${node.map((a) => `'${a}'`).join(' ')}`
    const result = runProbe(['dbus-run-session', '--', 'sh', '-c', script], {
      ...env,
      PROBE_SERVICE: 'wapc-locked',
    })
    expect(result.set.ok).toBe(false)
    expect(result.set.error?.code).toBe('SECRET_UNAVAILABLE')
    expect(result.set.error?.message).toMatch(/locked/)
    expect(result.set.error?.fix).toMatch(/[Uu]nlock/)
    // A read from a locked keyring must not pass for "not configured".
    expect(result.get.ok).toBe(false)
    expect(result.get.error?.code).toBe('SECRET_UNAVAILABLE')
    expect(result.get.error?.message).toMatch(/locked/)
    // Neither keyring daemon outlives its session.
    expect(await stopMarkedProcesses(mark)).toEqual([])
  })

  it('no session bus gives SECRET_UNAVAILABLE naming dbus-run-session', () => {
    const env = isolatedKeyringEnv(join(dir.path, 'nobus'))
    const result = runProbe(node, env)
    expect(result.set.error?.code).toBe('SECRET_UNAVAILABLE')
    expect(result.set.error?.message).toMatch(/no D-Bus session bus/)
    expect(result.set.error?.fix).toMatch(/dbus-run-session/)
  })

  it('no keychain daemon on the bus gives SECRET_UNAVAILABLE naming what to install', () => {
    const home = join(dir.path, 'nodaemon')
    const env = isolatedKeyringEnv(home)
    // A session bus with no service files: nothing can provide org.freedesktop.secrets.
    const services = join(home, 'no-services')
    mkdirSync(services, { recursive: true })
    const config = join(home, 'session.conf')
    writeFileSync(
      config,
      `<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN" "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig><type>session</type><listen>unix:tmpdir=${home}</listen><servicedir>${services}</servicedir>
<policy context="default"><allow send_destination="*" eavesdrop="true"/><allow eavesdrop="true"/><allow own="*"/></policy></busconfig>`,
    )
    const result = runProbe(['dbus-run-session', `--config-file=${config}`, '--', ...node], env)
    expect(result.set.error?.code).toBe('SECRET_UNAVAILABLE')
    expect(result.set.error?.message).toMatch(/no Secret Service/)
    expect(result.set.error?.fix).toMatch(/apt-get install/)
  })

  it('maps errors into AppError instances, never raw library errors', async () => {
    const store = createKeytarSecretStore({
      service: 'x',
      loadKeytar: async () => {
        throw new Error('libsecret-1.so.0: cannot open shared object file')
      },
    })
    const error = await store.get('app-secret').catch((e: unknown) => e)
    expect(AppError.is(error)).toBe(true)
    expect((error as AppError).fix).toMatch(/libsecret/)
  })
})
