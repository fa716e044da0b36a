import { fileURLToPath } from 'node:url'
import { defineConfig } from 'electron-vite'
import { rendererConfig } from './vite.renderer.config'

const fromRoot = (path: string) => fileURLToPath(new URL(path, import.meta.url))
const alias = { '@shared': fromRoot('./src/shared'), '@server-kit': fromRoot('./src/server-kit') }

/**
 * `electron-vite build` → out/main/index.js (package.json "main"), out/preload/index.cjs (the app's
 * preload), out/preload/signup.cjs (the signup window's) and out/renderer/. Works without the Electron binary, so CI builds it even where Electron cannot run.
 */
export default defineConfig({
  main: {
    resolve: { alias },
    build: {
      outDir: fromRoot('./out/main'),
      // Dependencies stay in node_modules (native ones must: better-sqlite3, keytar); only our
      // sources are bundled.
      externalizeDeps: true,
      rolldownOptions: {
        input: { index: fromRoot('./src/main/electron/main.ts') },
        output: { format: 'es', entryFileNames: '[name].js' },
      },
    },
  },
  preload: {
    resolve: { alias },
    build: {
      outDir: fromRoot('./out/preload'),
      // A sandboxed preload can only require('electron'): one self-contained CommonJS file, no
      // chunks, no node_modules imports (https://electron-vite.org/guide/dev#limitations-of-sandboxing).
      externalizeDeps: false,
      // Two preloads (the app's and the signup window's), each one standalone file.
      isolatedEntries: true,
      rolldownOptions: {
        input: {
          index: fromRoot('./src/preload/index.ts'),
          signup: fromRoot('./src/preload/signup.ts'),
        },
        // The preload imports only zod-free modules (contract/names, api, transport);
        // electron-vite-build.test.ts checks that zod stays out.
        output: { format: 'cjs', entryFileNames: '[name].cjs', codeSplitting: false },
      },
    },
  },
  // The browser-mode renderer build, reused so both modes ship the same bundle.
  renderer: rendererConfig,
})
