import { spawn } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { http } from './testing/harness'

const entry = fileURLToPath(new URL('./main.ts', import.meta.url))

/**
 * `npm run sandbox` in a child process, once its banner is out. The environment is the test's, with
 * no control token and no data directory unless `env` sets them.
 */
async function startMain(env: NodeJS.ProcessEnv) {
  const child = spawn(process.execPath, ['--import', 'tsx', entry], {
    env: {
      ...process.env,
      SANDBOX_PORT: '0',
      SANDBOX_CONTROL_TOKEN: '',
      SANDBOX_DATA_DIR: '',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let out = ''
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()))
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout.on('data', () => {
      const match = /running at (http:\/\/127\.0\.0\.1:\d+)/.exec(out)
      if (match?.[1] && out.includes('WEBHOOK_VERIFY_TOKEN=')) resolve(match[1])
    })
    child.on('exit', (code) => reject(new Error(`exited early with ${code}`)))
  })
  const exited = new Promise<number | null>((resolve) => child.on('exit', resolve))
  return {
    url,
    out,
    /** SIGTERM, then the exit code. */
    stop: () => (child.kill('SIGTERM'), exited),
  }
}

describe('npm run sandbox (main.ts)', () => {
  it('seeds credentials from the environment, prints them, and exits cleanly on SIGTERM', async () => {
    const main = await startMain({
      FACEBOOK_APP_ID: '111111111111111',
      FACEBOOK_APP_SECRET: 'seeded-app-secret',
      WEBHOOK_VERIFY_TOKEN: 'seeded-verify',
    })
    expect(main.out).toContain('FACEBOOK_APP_ID=111111111111111')
    expect(main.out).toContain('FACEBOOK_SYSTEM_USER_TOKEN=EAA')
    expect(main.out).toMatch(/world kept in memory/)
    const config = await http('GET', `${main.url}/_sandbox/config`)
    expect(config.body).toMatchObject({
      app_id: '111111111111111',
      app_secret: 'seeded-app-secret',
      verify_token: 'seeded-verify',
    })
    expect(await main.stop()).toBe(0)
  })

  it('requires SANDBOX_CONTROL_TOKEN on the control API when it is set, and prints it', async () => {
    const token = 'standalone-token-0123456789abcdef'
    const main = await startMain({ SANDBOX_CONTROL_TOKEN: token })
    try {
      expect(main.out).toMatch(new RegExp(`^SANDBOX_CONTROL_TOKEN=${token}$`, 'm'))
      expect((await http('GET', `${main.url}/_sandbox/config`)).status).toBe(401)
      expect((await http('GET', `${main.url}/_sandbox/config`, { token })).status).toBe(200)
    } finally {
      expect(await main.stop()).toBe(0)
    }
  })

  it('keeps its world and generated credentials in SANDBOX_DATA_DIR across restarts', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sandbox-main-'))
    const run = async () => {
      const main = await startMain({ SANDBOX_DATA_DIR: dir })
      const config = (await http('GET', `${main.url}/_sandbox/config`)).body
      expect(await main.stop()).toBe(0)
      return { out: main.out, secret: config.app_secret as string }
    }
    try {
      const first = await run()
      expect(first.out).toContain(`world kept in ${dir} (SANDBOX_DATA_DIR)`)
      const token = /FACEBOOK_SYSTEM_USER_TOKEN=(\S+)/.exec(first.out)?.[1]
      expect(token).toMatch(/^EAA/)
      const second = await run()
      expect(second.out).toContain(`FACEBOOK_SYSTEM_USER_TOKEN=${token}`)
      expect(second.secret).toBe(first.secret)
      expect(existsSync(join(dir, 'sandbox.sqlite3'))).toBe(true)
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })

  it('refuses an invalid SANDBOX_PORT with a clear message', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', entry], {
      env: { ...process.env, SANDBOX_PORT: 'eighty' },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let err = ''
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()))
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve))
    expect(code).toBe(1)
    expect(err).toMatch(/SANDBOX_PORT must be a port number/)
  })
})
