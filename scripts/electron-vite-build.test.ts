import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { build } from 'electron-vite'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

// Builds electron.vite.config.ts for real (it needs no Electron binary) into a temp folder and
// checks what a sandboxed preload and package.json's "main" depend on.
const root = fileURLToPath(new URL('..', import.meta.url))
let outDir: string

beforeAll(async () => {
  outDir = await mkdtemp(join(tmpdir(), 'wapc-electron-build-'))
  await build({
    root,
    configFile: join(root, 'electron.vite.config.ts'),
    logLevel: 'silent',
    build: { outDir },
  })
}, 60_000)

afterAll(async () => {
  await rm(outDir, { recursive: true, force: true })
})

describe('electron-vite build', () => {
  it("emits each preload (the app's, the signup window's) as one CommonJS file", async () => {
    expect((await readdir(join(outDir, 'preload'))).sort()).toEqual(['index.cjs', 'signup.cjs'])
  })

  it.each(['index.cjs', 'signup.cjs'])('leaves %s needing nothing but electron', async (file) => {
    const code = await readFile(join(outDir, 'preload', file), 'utf8')
    const required = [...code.matchAll(/require\(["']([^"']+)["']\)/g)].map((m) => m[1])
    expect(required).toEqual(['electron'])
    expect(code).not.toMatch(/^\s*import\s/m)
    expect(code).not.toMatch(/\bimport\(/)
  })

  it('keeps zod out of the preloads (main validates; the preloads only forward)', async () => {
    for (const file of ['index.cjs', 'signup.cjs']) {
      const code = await readFile(join(outDir, 'preload', file), 'utf8')
      for (const marker of ['ZodError', '$ZodType', 'safeParse', 'strictObject']) {
        expect(code, `${file}: ${marker}`).not.toContain(marker)
      }
    }
    const app = await readFile(join(outDir, 'preload', 'index.cjs'), 'utf8')
    expect(app).toContain('exposeInMainWorld("api"')
    // The signup preload exposes nothing: it forwards the launcher's result message to main.
    const signup = await readFile(join(outDir, 'preload', 'signup.cjs'), 'utf8')
    expect(signup).toContain('"wapc:signup-result"')
    expect(signup).toContain('"WAPC_SIGNUP_RESULT"')
    expect(signup).not.toContain('exposeInMainWorld')
    expect(signup).not.toContain('wapc:invoke')
  })

  it('emits main where package.json points, with native modules left external', async () => {
    const pkg = JSON.parse(await readFile(join(root, 'package.json'), 'utf8')) as { main: string }
    expect(pkg.main).toBe('./out/main/index.js')
    const code = await readFile(join(outDir, 'main', 'index.js'), 'utf8')
    expect(code).toMatch(/^import Database from "better-sqlite3";$/m)
    expect(code).toContain('import("keytar")')
    expect(code).toMatch(/from "electron";$/m)
  })

  it('emits the renderer next to them, where the app protocol serves it from', async () => {
    const html = await readFile(join(outDir, 'renderer', 'index.html'), 'utf8')
    expect(html).toMatch(/<script type="module"[^>]* src="\.\/assets\/[^"]+\.js"/)
  })
})
