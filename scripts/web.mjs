#!/usr/bin/env node
// `npm run web`: (re)build the renderer when its sources changed, then run the core in Node with
// the renderer served on 127.0.0.1 (src/main/web.ts prints the URL).
import { spawnSync } from 'node:child_process'
import { existsSync, readdirSync, statSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const built = join(root, 'out', 'renderer', 'index.html')

function newestMtime(path) {
  if (!existsSync(path)) return 0
  const info = statSync(path)
  if (!info.isDirectory()) return info.mtimeMs
  let newest = info.mtimeMs
  for (const entry of readdirSync(path)) {
    if (entry === 'node_modules' || entry.endsWith('.test.ts') || entry.endsWith('.test.tsx'))
      continue
    newest = Math.max(newest, newestMtime(join(path, entry)))
  }
  return newest
}

const inputs = ['src/renderer', 'src/shared', 'vite.renderer.config.ts', 'package.json'].map((p) =>
  join(root, p),
)
const stale = !existsSync(built) || Math.max(...inputs.map(newestMtime)) > statSync(built).mtimeMs
if (stale) {
  process.stderr.write('Building the renderer…\n')
  const vite = join(root, 'node_modules', 'vite', 'bin', 'vite.js')
  const result = spawnSync(
    process.execPath,
    [vite, 'build', '--config', 'vite.renderer.config.ts', '--logLevel', 'warn'],
    {
      cwd: root,
      stdio: ['ignore', 'inherit', 'inherit'],
    },
  )
  if (result.status !== 0) {
    process.stderr.write('The renderer build failed; see the errors above.\n')
    process.exit(result.status ?? 1)
  }
}

const { register } = await import('tsx/esm/api')
register({ tsconfig: join(root, 'tsconfig.json') })
await import(pathToFileURL(join(root, 'src', 'main', 'web.ts')).href)
