import { test as base } from '@playwright/test'
import { clearKeychainService } from './keychain'
import { startWebConsole, type WebConsole } from './web-console'

export { expect } from '@playwright/test'
export type { WebConsole } from './web-console'

/**
 * `webConsole`: a core of its own for every test (port 0, temp data dir, unique keychain service),
 * stopped and removed afterwards. `page` is unchanged: tests decide whether to open the token URL.
 */
export const test = base.extend<{
  webConsole: WebConsole
  /** Extra environment for the core, per file: `test.use({ webConsoleEnv: { … } })`. */
  webConsoleEnv: Record<string, string>
}>({
  webConsoleEnv: [{}, { option: true }],
  webConsole: async ({ webConsoleEnv }, use, testInfo) => {
    const running = await startWebConsole(webConsoleEnv)
    try {
      await use(running.info)
    } finally {
      if (testInfo.status !== testInfo.expectedStatus) {
        await testInfo.attach('web.mjs output', {
          body: running.info.output(),
          contentType: 'text/plain',
        })
      }
      await running.stop()
      await clearKeychainService(running.info.keychainService).catch(() => undefined)
    }
  },
})
