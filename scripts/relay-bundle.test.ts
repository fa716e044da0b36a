import { spawn } from 'node:child_process'
import { mkdir, mkdtemp, readFile, rm, symlink } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { build } from 'vite'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sign } from '../src/server-kit/crypto/webhook-signature'

// Builds vite.relay.config.ts for real into a temp folder, then runs the bundle the way a server
// does — `node relay.mjs` in a folder holding nothing but the bundle and better-sqlite3.
const root = fileURLToPath(new URL('..', import.meta.url))
let dir: string

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'wapc-relay-bundle-'))
  await build({
    root,
    configFile: join(root, 'vite.relay.config.ts'),
    logLevel: 'silent',
    build: { outDir: join(dir, 'app'), sourcemap: false },
  })
  await mkdir(join(dir, 'app', 'node_modules'))
  await symlink(
    join(root, 'node_modules', 'better-sqlite3'),
    join(dir, 'app', 'node_modules', 'better-sqlite3'),
  )
}, 60_000)

afterAll(async () => {
  await rm(dir, { recursive: true, force: true })
})

describe('relay bundle (npm run build:relay)', () => {
  it('imports nothing but Node built-ins and better-sqlite3', async () => {
    const code = await readFile(join(dir, 'app', 'relay.mjs'), 'utf8')
    const imports = [...code.matchAll(/^import .* from "([^"]+)";?$/gm)].map((m) => m[1])
    expect(imports.filter((name) => !name!.startsWith('node:'))).toEqual(['better-sqlite3'])
  })

  it('runs with plain node: stores a signed webhook and stops on SIGTERM', async () => {
    const secret = '0123456789abcdef0123456789abcdef'
    const child = spawn(process.execPath, ['relay.mjs'], {
      cwd: join(dir, 'app'),
      env: {
        PATH: process.env.PATH,
        RELAY_HOST: '127.0.0.1',
        RELAY_PORT: '0',
        RELAY_DATA_DIR: join(dir, 'data'),
        FACEBOOK_APP_SECRET: secret,
        WEBHOOK_VERIFY_TOKEN: 'verify-token',
        RELAY_DESKTOP_TOKEN: 'desktop-token-aaaaaaaaaaaaaaaaaaaa',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve))
    let stdout = ''
    const url = await new Promise<string>((resolve, reject) => {
      child.stdout!.on('data', (chunk: Buffer) => {
        stdout += chunk.toString()
        const match = /listening on (http:\/\/\S+)/.exec(stdout)
        if (match) resolve(match[1]!)
      })
      void exited.then(() => reject(new Error(`the bundle exited: ${stdout}`)))
    })
    const body = '{"object":"whatsapp_business_account","entry":[]}'
    const posted = await fetch(`${url}/webhooks/whatsapp`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-hub-signature-256': sign(body, secret) },
      body,
    })
    expect(posted.status).toBe(200)
    const metrics = await (await fetch(`${url}/metrics`)).text()
    expect(metrics).toContain('relay_webhooks_stored_total 1')
    child.kill('SIGTERM')
    expect(await exited).toBe(0)
  })
})
