import { AppError } from '@shared/contract/errors'
import { createLogger } from '@server-kit/log/logger'
import { registerSecret } from '@shared/redact'
import { loadRelayConfig } from './config'
import { startRelay } from './relay'

/**
 * `npm run relay` (or `node out/relay/relay.mjs`): the public relay, configured by environment
 * variables only. Stops cleanly on SIGTERM/SIGINT: no new requests, in-flight appends committed.
 */
async function main(): Promise<void> {
  let config
  try {
    config = loadRelayConfig()
  } catch (error) {
    if (AppError.is(error)) {
      process.stderr.write(`${error.message}\n${error.fix ?? ''}\n`)
      process.exit(2)
    }
    throw error
  }
  for (const secret of [config.appSecret, config.verifyToken, ...config.desktopTokens])
    registerSecret(secret)
  const logger = createLogger({ level: config.logLevel, bindings: { runtime: 'relay' } })
  const relay = await startRelay({
    host: config.host,
    port: config.port,
    storage: config.redisUrl ? { redisUrl: config.redisUrl } : { dataDir: config.dataDir! },
    appSecret: config.appSecret,
    verifyToken: config.verifyToken,
    desktopTokens: config.desktopTokens,
    retentionMs: config.retentionMs,
    logger,
    ...(config.signupOrigin === undefined ? {} : { signupOrigin: config.signupOrigin }),
    ...(config.metricsToken === undefined ? {} : { metricsToken: config.metricsToken }),
  })
  process.stdout.write(`Relay listening on ${relay.url} (${relay.log.backend} log)\n`)
  let stopping = false
  const stop = (signal: string) => {
    if (stopping) return
    stopping = true
    logger.info('relay.stopping', { signal })
    relay.close().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error('relay.stop-failed', { error })
        process.exit(1)
      },
    )
  }
  process.on('SIGTERM', () => stop('SIGTERM'))
  process.on('SIGINT', () => stop('SIGINT'))
}

main().catch((error: unknown) => {
  const message = AppError.is(error)
    ? `${error.message}\n${error.fix ?? ''}`
    : error instanceof Error
      ? (error.stack ?? error.message)
      : String(error)
  process.stderr.write(`The relay could not start: ${message}\n`)
  process.exit(1)
})
