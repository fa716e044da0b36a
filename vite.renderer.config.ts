import { fileURLToPath } from 'node:url'
import react from '@vitejs/plugin-react'
import { defineConfig, type UserConfig } from 'vite'

const fromRoot = (path: string) => fileURLToPath(new URL(path, import.meta.url))

/**
 * The renderer build, shared by `npm run build:renderer` (browser mode) and electron.vite.config.ts
 * (which reuses `rendererConfig`). `base: './'` keeps asset URLs relative so the same bundle loads
 * from the loopback server and from the Electron app protocol.
 */
export const rendererConfig: UserConfig = {
  root: fromRoot('./src/renderer'),
  base: './',
  plugins: [react()],
  resolve: {
    alias: { '@shared': fromRoot('./src/shared') },
  },
  build: {
    outDir: fromRoot('./out/renderer'),
    emptyOutDir: true,
    // Inlined assets would become data: URLs in CSS/JS; the CSP allows them only for images, so keep
    // every asset a file served from 'self'.
    assetsInlineLimit: 0,
  },
}

export default defineConfig(rendererConfig)
