import { spawnSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'

const root = fileURLToPath(new URL('../..', import.meta.url))

/**
 * Builds the renderer once before any test. scripts/web.mjs rebuilds it when stale, but two workers
 * starting cores at the same moment would run two builds into the same out/renderer (emptyOutDir):
 * building here first means every core finds a fresh bundle.
 */
export default function globalSetup(): void {
  const vite = fileURLToPath(new URL('../../node_modules/vite/bin/vite.js', import.meta.url))
  const result = spawnSync(
    process.execPath,
    [vite, 'build', '--config', 'vite.renderer.config.ts', '--logLevel', 'warn'],
    { cwd: root, stdio: 'inherit' },
  )
  if (result.status !== 0) throw new Error('The renderer build failed; see the output above.')
}
