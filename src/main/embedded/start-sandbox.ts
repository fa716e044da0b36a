import type { EmbeddedSandbox } from '../core'
import type { Logger } from '../logger'

/**
 * Starts the built-in WhatsApp sandbox in this process (sandbox mode). Wired to src/sandbox once
 * its server lands; until then sandbox mode runs without a platform.
 */
export async function startEmbeddedSandbox(_port: number | undefined, log: Logger): Promise<EmbeddedSandbox> {
  log.warn('sandbox.not-available')
  return { url: '', close: async () => undefined }
}
