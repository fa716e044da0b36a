import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vite'

const fromRoot = (path: string) => fileURLToPath(new URL(path, import.meta.url))

/** Native or optional modules the bundle leaves to node_modules (better-sqlite3 is native). */
const external = ['better-sqlite3', 'bufferutil', 'utf-8-validate']

/**
 * `npm run build:relay` → out/relay/relay.mjs: the relay and everything it imports (ws, zod,
 * ioredis, src/shared, src/server-kit) in one ES module for `node out/relay/relay.mjs`. Only
 * better-sqlite3 stays outside: install it next to the bundle (see Dockerfile.relay).
 */
export default defineConfig({
  resolve: {
    alias: { '@shared': fromRoot('./src/shared'), '@server-kit': fromRoot('./src/server-kit') },
  },
  ssr: { noExternal: true, external },
  build: {
    ssr: fromRoot('./src/relay/main.ts'),
    outDir: fromRoot('./out/relay'),
    emptyOutDir: true,
    target: 'node24',
    minify: false,
    sourcemap: true,
    rolldownOptions: {
      external,
      output: { format: 'es', entryFileNames: 'relay.mjs', codeSplitting: false },
    },
  },
})
