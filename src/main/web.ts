// Browser mode (`npm run web`): the core in plain Node, the renderer served on 127.0.0.1.
import { fileURLToPath } from 'node:url'
import { AppError } from '@shared/contract/errors'
import { defaultDataDir } from './config/data-dir'
import { createCore, type Core } from './core'
import { startEmbeddedSandbox } from './embedded/start-sandbox'
import { startWebServer, type WebServer } from './server/web-server'

const staticDir = fileURLToPath(new URL('../../out/renderer', import.meta.url))

function explain(error: unknown): string {
  if (AppError.is(error)) return `${error.message}${error.fix ? `\nFix: ${error.fix}` : ''}`
  const code = (error as NodeJS.ErrnoException)?.code
  if (code === 'EADDRINUSE') {
    return `Port ${process.env.PORT ?? 5173} is already in use.\nFix: stop the other program, or set PORT to another port (PORT=0 picks a free one).`
  }
  return error instanceof Error ? (error.stack ?? error.message) : String(error)
}

async function main(): Promise<void> {
  let core: Core | undefined
  let server: WebServer | undefined
  const shutdown = async (code: number) => {
    await server?.close().catch(() => undefined)
    await core?.close().catch(() => undefined)
    process.exit(code)
  }
  process.once('SIGINT', () => void shutdown(0))
  process.once('SIGTERM', () => void shutdown(0))

  try {
    core = await createCore({
      runtime: 'node',
      defaultDataDir: defaultDataDir(),
      startSandbox: startEmbeddedSandbox,
    })
    server = await startWebServer({
      router: core.router,
      events: core.events,
      log: core.log,
      staticDir,
      port: core.config.port,
      media: (file) => core!.media.read(file),
    })
  } catch (error) {
    process.stderr.write(`\nWA Partner Console could not start.\n${explain(error)}\n\n`)
    await shutdown(1)
    return
  }
  const info = core.info()
  // Machine-readable lines first (scripts and e2e tests parse them), then words for people.
  process.stdout.write(
    [
      `WAPC_WEB_URL=${server.url}`,
      `WAPC_SANDBOX_URL=${info.sandboxUrl ?? ''}`,
      // The sandbox's control API (/_sandbox) needs it as `Authorization: Bearer`.
      `SANDBOX_CONTROL_TOKEN=${core.sandboxControlToken ?? ''}`,
      // The relay webhooks come through (embedded in sandbox mode, else RELAY_URL).
      `WAPC_RELAY_URL=${core.relayUrl ?? ''}`,
      `WAPC_DATA_DIR=${info.dataDir}`,
      `WAPC_LOG_FILE=${info.dataDir}/logs/wapc.log`,
      '',
      `WA Partner Console ${info.version} — browser mode (${info.mode}).`,
      `  Open:      ${server.url}`,
      info.sandboxUrl
        ? `  Sandbox:   ${info.sandboxUrl}  (control API under /_sandbox, with the token above)`
        : `  Graph API: ${info.graphBaseUrl}`,
      core.relayUrl
        ? `  Relay:     ${core.relayUrl}  (webhooks: ${core.relayUrl}/webhooks/whatsapp)`
        : '  Relay:     none — set RELAY_URL and RELAY_TOKEN to receive webhooks',
      `  Data:      ${info.dataDir}`,
      ...info.notices.map((notice) => `  Notice:    ${notice}`),
      '  Press Ctrl+C to stop.',
      '',
    ].join('\n'),
  )
  core.ready()
}

void main()
