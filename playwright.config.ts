import { defineConfig } from '@playwright/test'

/**
 * e2e tests run the real browser mode (`node scripts/web.mjs`) — core, SQLite, OS keychain and all —
 * against Debian's Chromium. Each test starts its own core on port 0 with a fresh data directory and
 * keychain service (see e2e/support/web-console.ts), so tests are independent and parallel-safe.
 */
export default defineConfig({
  testDir: 'e2e',
  testMatch: '**/*.spec.ts',
  globalSetup: './e2e/support/global-setup.ts',
  // Two cores' worth of work on a 2-core box; each test also runs a core process.
  workers: 2,
  fullyParallel: true,
  retries: 0,
  forbidOnly: true,
  reporter: 'list',
  timeout: 60_000,
  expect: { timeout: 10_000 },
  outputDir: 'test-results',
  use: {
    browserName: 'chromium',
    trace: 'retain-on-failure',
    launchOptions: {
      // Never `npx playwright install`: the download host is unreachable; Debian's Chromium is used.
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    },
  },
})
