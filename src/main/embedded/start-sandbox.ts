import { join } from 'node:path'
import { createSandbox, type SandboxOptions } from '../../sandbox/server'
import type { Logger } from '../logger'
import { sandboxControlToken } from './control-token'

/** The sandbox's folder inside the console's data directory. */
export const SANDBOX_FOLDER = 'sandbox'

/** The partner's credentials on the sandbox: what a Meta app would give in live mode. */
export interface SandboxCredentials {
  appId: string
  appSecret: string
  systemUserToken: string
  businessId: string
  creditLineId: string
  verifyToken: string
}

export interface EmbeddedSandbox {
  url: string
  credentials: SandboxCredentials
  /** Required as `Authorization: Bearer` on every `/_sandbox` route; never sent to the renderer. */
  controlToken: string
  /** The sandbox's virtual clock: how far it runs ahead of real time (ms). */
  clockOffset(): number
  /** Calls `listener` with the new offset each time `POST /_sandbox/clock` moves the clock. */
  onClockAdvance(listener: (offsetMs: number) => void): () => void
  close(): Promise<void>
}

export type SandboxSeed = SandboxOptions['config']

export interface EmbeddedSandboxOptions {
  /**
   * The data directory: the sandbox keeps its world in `<dataDir>/sandbox/` (`sandbox.sqlite3`,
   * `media/`, and the control token in `control-token`), so the partner credentials and every
   * client onboarded survive a restart. Without one (tests) the world is in memory.
   */
  dataDir?: string
  /** Where SANDBOX_CONTROL_TOKEN is read (default: process.env). */
  env?: NodeJS.ProcessEnv
}

/**
 * Starts the built-in WhatsApp sandbox in this process (sandbox mode, and tests that need a
 * platform). This folder is the only place in the core allowed to import src/sandbox; everything
 * else talks to it over HTTP like it would to Meta.
 */
export async function startEmbeddedSandbox(
  port: number | undefined,
  log: Logger,
  seed?: SandboxSeed,
  options: EmbeddedSandboxOptions = {},
): Promise<EmbeddedSandbox> {
  const controlToken = sandboxControlToken(options.dataDir, options.env ?? process.env)
  const clockListeners = new Set<(offsetMs: number) => void>()
  const sandbox = await createSandbox({
    port: port ?? 0,
    ...(seed ? { config: seed } : {}),
    // Besides its start line, the sandbox only logs problems (a webhook dropped, a failed request,
    // its world not saved), which the user must be able to see at the default level.
    log: (line) =>
      line.startsWith('sandbox listening')
        ? log.info('sandbox.log', { line })
        : log.warn('sandbox.log', { line }),
    controlToken,
    dataDir: options.dataDir === undefined ? null : join(options.dataDir, SANDBOX_FOLDER),
    onClockAdvance: (offsetMs) => {
      for (const listener of clockListeners) {
        try {
          listener(offsetMs)
        } catch (error) {
          log.error('sandbox.clock-listener-failed', { error })
        }
      }
    },
  })
  const c = sandbox.config
  return {
    url: sandbox.url,
    credentials: {
      appId: c.app_id,
      appSecret: c.app_secret,
      systemUserToken: c.system_user_token,
      businessId: c.business_id,
      creditLineId: c.credit_line_id,
      verifyToken: c.verify_token,
    },
    controlToken,
    clockOffset: () => sandbox.clockOffset(),
    onClockAdvance(listener) {
      clockListeners.add(listener)
      return () => {
        clockListeners.delete(listener)
      }
    },
    close: () => sandbox.close(),
  }
}
