import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vitest/config'

export default defineConfig({
  resolve: {
    alias: {
      '@shared': fileURLToPath(new URL('./src/shared', import.meta.url)),
      '@server-kit': fileURLToPath(new URL('./src/server-kit', import.meta.url)),
    },
  },
  test: {
    include: ['src/**/*.test.{ts,tsx}', 'scripts/**/*.test.ts', 'bench/**/*.test.ts'],
    environment: 'node',
    pool: 'forks',
    testTimeout: 20_000,
    hookTimeout: 30_000,
    // Tests that need the OS keychain or Redis check for them and fail with the fix;
    // scripts/test.mjs provides both (throwaway session bus + unlocked keyring).
    globalSetup: [],
  },
})
