import { join } from 'node:path'
import { startRelay } from '../../relay/relay'
import type { Logger } from '../logger'

/** The relay started inside the console (sandbox mode): the same relay `npm run relay` runs. */
export interface EmbeddedRelay {
  /** `http://127.0.0.1:<port>`: the sandbox posts webhooks here, the tunnel connects here. */
  url: string
  /** The desktop token this console connects with (never shown to the renderer). */
  desktopToken: string
  close(): Promise<void>
}

export interface EmbeddedRelayOptions {
  /** The console's data directory: the relay's log lives in `<dataDir>/relay/`. */
  dataDir: string
  /** RELAY_PORT, or any free port. */
  port: number | undefined
  /** The platform's app secret (signatures) and verify token (Meta's handshake). */
  appSecret: string
  verifyToken: string
  desktopToken: string
  log: Logger
  /** The public origin serving the signup launcher (a deployed relay's SIGNUP_ORIGIN; tests). */
  signupOrigin?: string
}

export const EMBEDDED_RELAY_DIR = 'relay'

/**
 * Starts the webhook relay in this process, on 127.0.0.1, with the SQLite backend in
 * `<dataDir>/relay/`: events it stored survive restarts like on a deployed relay, so the default
 * setup takes the production path (signed webhook → durable log → tunnel → this desktop).
 * This folder is the only place in the core allowed to import src/relay.
 */
export async function startEmbeddedRelay(options: EmbeddedRelayOptions): Promise<EmbeddedRelay> {
  const relay = await startRelay({
    host: '127.0.0.1',
    port: options.port ?? 0,
    storage: { dataDir: join(options.dataDir, EMBEDDED_RELAY_DIR) },
    appSecret: options.appSecret,
    verifyToken: options.verifyToken,
    desktopTokens: [options.desktopToken],
    logger: options.log,
    ...(options.signupOrigin === undefined ? {} : { signupOrigin: options.signupOrigin }),
  })
  return { url: relay.url, desktopToken: options.desktopToken, close: () => relay.close() }
}
