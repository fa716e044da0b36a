import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll } from 'vitest'
import { newToken } from '@server-kit/http/bearer'
import { startRelay, type RelayOptions, type RelayStorage, type RunningRelay } from '../relay'
import { startRedisServer, type RedisServer } from './redis-server'

export const BACKENDS = ['sqlite', 'redis'] as const
export type Backend = (typeof BACKENDS)[number]

export const APP_SECRET = 'relay-test-app-secret-0123456789ab'
export const VERIFY_TOKEN = 'relay-test-verify-token'
export const DESKTOP_TOKEN = newToken()

/**
 * Per test file: one real redis-server and a temp folder, and a way to make a fresh, empty storage
 * for each test (a new SQLite folder, or a new key prefix in Redis) so the backend suites run the
 * same tests on both.
 */
export function useBackends() {
  let redis: RedisServer | undefined
  const root = mkdtempSync(join(tmpdir(), 'relay-test-'))
  let serial = 0
  const started: RunningRelay[] = []
  beforeAll(async () => {
    redis = await startRedisServer()
  })
  afterAll(async () => {
    await Promise.all(started.map((relay) => relay.close().catch(() => undefined)))
    await redis?.stop()
    rmSync(root, { recursive: true, force: true })
  })

  const storage = (backend: Backend): RelayStorage =>
    backend === 'sqlite'
      ? { dataDir: join(root, `sqlite-${++serial}`) }
      : { redisUrl: redis!.url, redisPrefix: `t${++serial}:` }

  /** A relay on 127.0.0.1 with test secrets; closed after the file if the test did not. */
  const start = async (
    backend: Backend,
    overrides: Partial<RelayOptions> = {},
  ): Promise<RunningRelay> => {
    const relay = await startRelay({
      port: 0,
      storage: storage(backend),
      appSecret: APP_SECRET,
      verifyToken: VERIFY_TOKEN,
      desktopTokens: [DESKTOP_TOKEN],
      heartbeatMs: 1000,
      ...overrides,
    })
    started.push(relay)
    return relay
  }
  return { storage, start, redisUrl: () => redis!.url, root }
}
