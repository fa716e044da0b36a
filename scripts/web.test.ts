import { spawn, type ChildProcess } from 'node:child_process'
import { readFileSync, statSync } from 'node:fs'
import { createServer } from 'node:net'
import { join } from 'node:path'
import { request } from 'undici'
import { afterEach, describe, expect, it } from 'vitest'
import { tempDir } from '../src/main/test-support/temp-dir'

const root = join(import.meta.dirname, '..')

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number }
      server.close(() => resolve(port))
    })
  })
}

/** Starts `npm run web` (node scripts/web.mjs) and collects its WAPC_* and SANDBOX_* lines. */
function startWeb(
  env: NodeJS.ProcessEnv,
): Promise<{ child: ChildProcess; lines: Record<string, string> }> {
  const child = spawn(process.execPath, [join(root, 'scripts', 'web.mjs')], {
    cwd: env.WAPC_DATA_DIR,
    env: { ...process.env, PORT: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  })
  return new Promise((resolve, reject) => {
    let out = ''
    let err = ''
    const timer = setTimeout(
      () => reject(new Error(`npm run web printed no URL:\n${out}\n${err}`)),
      60_000,
    )
    child.stderr!.on('data', (chunk: Buffer) => (err += chunk))
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk
      if (out.includes('Press Ctrl+C')) {
        clearTimeout(timer)
        const lines = Object.fromEntries(
          out
            .split('\n')
            .filter((line) => /^(WAPC_|SANDBOX_CONTROL_TOKEN=)/.test(line))
            .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
        )
        resolve({ child, lines })
      }
    })
    child.once('exit', (code) =>
      reject(new Error(`npm run web exited with ${code}:\n${out}\n${err}`)),
    )
  })
}

describe('npm run web', () => {
  const running: ChildProcess[] = []
  const dirs: ReturnType<typeof tempDir>[] = []
  afterEach(() => {
    for (const child of running.splice(0))
      if (child.pid && child.exitCode === null && child.signalCode === null)
        process.kill(-child.pid, 'SIGTERM')
    for (const dir of dirs.splice(0)) dir.cleanup()
  })

  it('starts its embedded sandbox on SANDBOX_PORT and prints its URL', async () => {
    const dir = tempDir('wapc-web-')
    dirs.push(dir)
    const port = await freePort()
    const { child, lines } = await startWeb({
      WAPC_DATA_DIR: dir.path,
      SANDBOX_PORT: String(port),
      WAPC_KEYCHAIN_SERVICE: `wapc-web-test-${process.pid}`,
    })
    running.push(child)
    expect(lines.WAPC_SANDBOX_URL).toBe(`http://127.0.0.1:${port}`)
    // The control API needs the token printed beside the URL, which is kept in the data directory.
    const token = lines.SANDBOX_CONTROL_TOKEN!
    expect(token).toMatch(/^[\w-]{40,}$/)
    const tokenFile = join(dir.path, 'sandbox', 'control-token')
    expect(readFileSync(tokenFile, 'utf8').trim()).toBe(token)
    if (process.platform !== 'win32') {
      expect(statSync(tokenFile).mode & 0o777).toBe(0o600)
      expect(statSync(join(dir.path, 'sandbox')).mode & 0o777).toBe(0o700)
    }
    expect((await request(`${lines.WAPC_SANDBOX_URL}/_sandbox/config`)).statusCode).toBe(401)
    const config = await request(`${lines.WAPC_SANDBOX_URL}/_sandbox/config`, {
      headers: { authorization: `Bearer ${token}` },
    })
    expect(config.statusCode).toBe(200)
    expect(await config.body.json()).toMatchObject({ app_id: expect.stringMatching(/^\d+$/) })
    expect(lines.WAPC_WEB_URL).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]{40,}$/)
    expect(lines.WAPC_DATA_DIR).toBe(dir.path)
  })

  it('prints the sandbox URL when SANDBOX_PORT is not set (any free port)', async () => {
    const dir = tempDir('wapc-web-')
    dirs.push(dir)
    const { child, lines } = await startWeb({
      WAPC_DATA_DIR: dir.path,
      SANDBOX_PORT: '',
      WAPC_KEYCHAIN_SERVICE: `wapc-web-test-${process.pid}`,
    })
    running.push(child)
    expect(lines.WAPC_SANDBOX_URL).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
    // The embedded relay is printed too, on any free port.
    expect(lines.WAPC_RELAY_URL).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
    const state = await request(`${lines.WAPC_SANDBOX_URL}/_sandbox/state`, {
      headers: { authorization: `Bearer ${lines.SANDBOX_CONTROL_TOKEN}` },
    })
    expect(state.statusCode).toBe(200)
  })

  it('starts its embedded relay on RELAY_PORT, prints its URL and points the sandbox at it', async () => {
    const dir = tempDir('wapc-web-')
    dirs.push(dir)
    const port = await freePort()
    const { child, lines } = await startWeb({
      WAPC_DATA_DIR: dir.path,
      SANDBOX_PORT: '',
      RELAY_PORT: String(port),
      WAPC_KEYCHAIN_SERVICE: `wapc-web-test-${process.pid}`,
    })
    running.push(child)
    expect(lines.WAPC_RELAY_URL).toBe(`http://127.0.0.1:${port}`)
    expect((await request(`${lines.WAPC_RELAY_URL}/healthz`)).statusCode).toBe(200)
    const config = await request(`${lines.WAPC_SANDBOX_URL}/_sandbox/config`, {
      headers: { authorization: `Bearer ${lines.SANDBOX_CONTROL_TOKEN}` },
    })
    expect(await config.body.json()).toMatchObject({
      callback_url: `http://127.0.0.1:${port}/webhooks/whatsapp`,
    })
  })

  it('takes the control token from SANDBOX_CONTROL_TOKEN when it is set', async () => {
    const dir = tempDir('wapc-web-')
    dirs.push(dir)
    const token = 'chosen-by-the-developer-0123456789'
    const { child, lines } = await startWeb({
      WAPC_DATA_DIR: dir.path,
      SANDBOX_PORT: '',
      SANDBOX_CONTROL_TOKEN: token,
      WAPC_KEYCHAIN_SERVICE: `wapc-web-test-${process.pid}`,
    })
    running.push(child)
    expect(lines.SANDBOX_CONTROL_TOKEN).toBe(token)
    const stats = await request(`${lines.WAPC_SANDBOX_URL}/_sandbox/stats`, {
      headers: { authorization: `Bearer ${token}` },
    })
    expect(stats.statusCode).toBe(200)
  })

  it('refuses a second console on the same data directory, and starts again after a kill -9', async () => {
    const dir = tempDir('wapc-web-')
    dirs.push(dir)
    const env = {
      WAPC_DATA_DIR: dir.path,
      SANDBOX_PORT: '',
      WAPC_KEYCHAIN_SERVICE: `wapc-web-test-${process.pid}`,
    }
    const first = await startWeb(env)
    running.push(first.child)
    const second = await startWeb(env).then(
      () => null,
      (error: Error) => error.message,
    )
    expect(second).toContain('npm run web exited with 1')
    expect(second).toContain(
      `WA Partner Console is already running on ${dir.path} (browser mode, process ${first.child.pid},`,
    )
    expect(second).toContain('WAPC_DATA_DIR')
    // The first is still serving.
    expect((await request(`${first.lines.WAPC_RELAY_URL}/healthz`)).statusCode).toBe(200)

    // A crash leaves no stale lock: the OS dropped it with the process.
    const gone = new Promise((resolve) => first.child.once('exit', resolve))
    process.kill(-first.child.pid!, 'SIGKILL')
    await gone
    const third = await startWeb(env)
    running.push(third.child)
    expect(third.lines.WAPC_DATA_DIR).toBe(dir.path)
  })
})
