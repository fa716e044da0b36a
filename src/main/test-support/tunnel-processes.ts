import { startChild, type Child } from '../../../bench/lib/children'

/** The relay as deployed: `npm run build:relay` writes it. */
export const RELAY_BUNDLE = 'out/relay/relay.mjs'

/**
 * The relay and the desktop core each in their own Node process (tsx), so a test can kill them
 * with SIGKILL and a bench can give each its own core: the fault test and the tunnel benches.
 */
export function startRelayProcess(options: {
  dataDir: string
  appSecret: string
  desktopToken: string
  /** 0 (default) picks a free port; the fault test restarts the relay on the same one. */
  port?: number
  /** Run `out/relay/relay.mjs` (`npm run build:relay`, as deployed) instead of the sources. */
  bundle?: boolean
}): Promise<Child> {
  return startChild(
    options.bundle ? RELAY_BUNDLE : 'src/relay/main.ts',
    {
      RELAY_HOST: '127.0.0.1',
      RELAY_PORT: String(options.port ?? 0),
      RELAY_DATA_DIR: options.dataDir,
      FACEBOOK_APP_SECRET: options.appSecret,
      WEBHOOK_VERIFY_TOKEN: 'tunnel-test-verify-token',
      RELAY_DESKTOP_TOKEN: options.desktopToken,
      RELAY_LOG_LEVEL: 'error',
    },
    /Relay listening on (\S+)/,
  )
}

/**
 * The real desktop core (`src/main/web.ts`, browser mode) in live mode, streaming from `relayUrl`
 * with `relayToken` (moved into the keychain under `keychainService`, which the caller clears).
 * Resolves once it printed its URL (`value`: the URL with the access token).
 */
export function startDesktopProcess(options: {
  dataDir: string
  keychainService: string
  appSecret: string
  relayUrl: string
  relayToken: string
}): Promise<Child> {
  return startChild(
    'src/main/web.ts',
    {
      PORT: '0',
      WAPC_DATA_DIR: options.dataDir,
      WAPC_MODE: 'live',
      WAPC_LOG_LEVEL: 'error',
      WAPC_KEYCHAIN_SERVICE: options.keychainService,
      FACEBOOK_APP_ID: '1234567890',
      FACEBOOK_APP_SECRET: options.appSecret,
      RELAY_URL: options.relayUrl,
      RELAY_TOKEN: options.relayToken,
    },
    /WAPC_WEB_URL=(\S+)/,
    // A cold start compiles the core with tsx; on a loaded 2-core machine that takes a while.
    120_000,
  )
}
