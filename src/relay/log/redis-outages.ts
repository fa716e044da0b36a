import type Redis from 'ioredis'
import type { Logger } from '@server-kit/log/logger'

/**
 * ioredis reconnects by itself and emits `error` at every failed attempt (and prints it when no one
 * listens). The relay says once that Redis is gone and once that it is back; meanwhile appends fail
 * and webhooks get 503, which Meta retries.
 */
export function reportOutages(client: Redis, role: string, logger: Logger): void {
  let down = false
  client.on('error', (error: Error) => {
    if (down) return
    down = true
    logger.error('relay.redis.unavailable', { role, error })
  })
  client.on('ready', () => {
    if (!down) return
    down = false
    logger.info('relay.redis.back', { role })
  })
}
