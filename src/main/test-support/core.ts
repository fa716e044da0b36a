import { join } from 'node:path'
import { createCore, type Core, type CoreOptions } from '../core'
import { createLogger } from '../logger'
import { sandboxKeychainService } from '../platform'
import { tempDir } from './temp-dir'

/**
 * A real core on a temp data directory and the real keychain under a unique service name.
 * The log goes to `<dataDir>/logs/wapc.log` like in production (tests read it).
 */
export async function startTestCore(
  overrides: Partial<CoreOptions> & { env?: NodeJS.ProcessEnv } = {},
) {
  const dir = tempDir('wapc-core-')
  const service = `wapc-test-${process.pid}-${Math.random().toString(36).slice(2)}`
  const env = {
    WAPC_DATA_DIR: dir.path,
    WAPC_KEYCHAIN_SERVICE: service,
    WAPC_MODE: 'sandbox',
    ...overrides.env,
  }
  const core: Core = await createCore({
    runtime: 'node',
    defaultDataDir: dir.path,
    cwd: dir.path,
    log: createLogger({ level: 'debug', console: false, file: join(dir.path, 'logs', 'wapc.log') }),
    ...overrides,
    env,
  })
  return {
    core,
    dataDir: dir.path,
    service,
    async stop() {
      await core.close()
      const keytar = (await import('keytar')).default
      for (const name of [service, sandboxKeychainService(service)]) {
        for (const credential of await keytar.findCredentials(name))
          await keytar.deletePassword(name, credential.account)
      }
      dir.cleanup()
    },
  }
}
