import { resolve } from 'node:path'
import { isBearerToken } from '@server-kit/http/bearer'
import type { SandboxConfig } from './config'
import { createSandbox } from './server'

/**
 * `npm run sandbox`: the sandbox alone on SANDBOX_PORT (default 5180). The partner's credentials
 * can be seeded from the same variables the app reads (FACEBOOK_APP_ID, FACEBOOK_APP_SECRET,
 * FACEBOOK_SYSTEM_USER_TOKEN, FACEBOOK_CREDIT_LINE_ID, WEBHOOK_VERIFY_TOKEN) plus
 * SANDBOX_CALLBACK_URL; whatever is missing is generated and printed, so the app can be pointed
 * at this sandbox by copying them. With SANDBOX_CONTROL_TOKEN set, every `/_sandbox` route requires
 * `Authorization: Bearer <token>` (the embedded sandbox always requires one). With
 * SANDBOX_DATA_DIR set, the world (and the generated credentials) is kept in that folder across
 * restarts; without it, in memory only.
 */
function seedFromEnv(env: NodeJS.ProcessEnv): Partial<SandboxConfig> {
  const seed: Partial<SandboxConfig> = {}
  const take = (name: string) => {
    const value = env[name]?.trim()
    return value ? value : undefined
  }
  const appId = take('FACEBOOK_APP_ID')
  const appSecret = take('FACEBOOK_APP_SECRET')
  const systemUserToken = take('FACEBOOK_SYSTEM_USER_TOKEN')
  const creditLineId = take('FACEBOOK_CREDIT_LINE_ID')
  const businessId = take('FACEBOOK_BUSINESS_ID')
  const verifyToken = take('WEBHOOK_VERIFY_TOKEN')
  const callbackUrl = take('SANDBOX_CALLBACK_URL')
  if (appId) seed.app_id = appId
  if (appSecret) seed.app_secret = appSecret
  if (systemUserToken) seed.system_user_token = systemUserToken
  if (creditLineId) seed.credit_line_id = creditLineId
  if (businessId) seed.business_id = businessId
  if (verifyToken) seed.verify_token = verifyToken
  if (callbackUrl) seed.callback_url = callbackUrl
  return seed
}

function parsePort(raw: string | undefined): number {
  if (raw === undefined || raw.trim() === '') return 5180
  const port = Number(raw)
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`SANDBOX_PORT must be a port number between 0 and 65535 (got "${raw}")`)
  }
  return port
}

function parseControlToken(raw: string | undefined): string | null {
  const token = raw?.trim()
  if (!token) return null
  if (!isBearerToken(token)) {
    throw new Error(
      'SANDBOX_CONTROL_TOKEN must be 16 to 512 letters, digits or -._~+/ (the value is not shown)',
    )
  }
  return token
}

/** SANDBOX_DATA_DIR, resolved against the working directory; null = keep the world in memory. */
function parseDataDir(raw: string | undefined): string | null {
  const dir = raw?.trim()
  return dir ? resolve(dir) : null
}

async function main(): Promise<void> {
  const controlToken = parseControlToken(process.env.SANDBOX_CONTROL_TOKEN)
  const dataDir = parseDataDir(process.env.SANDBOX_DATA_DIR)
  const sandbox = await createSandbox({
    dataDir,
    port: parsePort(process.env.SANDBOX_PORT),
    host: process.env.SANDBOX_HOST?.trim() || '127.0.0.1',
    config: seedFromEnv(process.env),
    log: (line) => console.error(`[sandbox] ${line}`),
    controlToken,
  })
  const c = sandbox.config
  // The sandbox's own fake credentials are printed on purpose: they are what the app needs.
  console.log(
    [
      `WhatsApp sandbox running at ${sandbox.url}`,
      `  control API:  ${sandbox.url}/_sandbox  (see docs/sandbox.md)`,
      dataDir
        ? `  world kept in ${dataDir} (SANDBOX_DATA_DIR): it survives a restart`
        : '  world kept in memory: gone at exit (set SANDBOX_DATA_DIR to keep it)',
      ...(controlToken
        ? [`SANDBOX_CONTROL_TOKEN=${controlToken}`, '  (send it as "Authorization: Bearer …")']
        : ['  (no SANDBOX_CONTROL_TOKEN: the control API is open to local programs)']),
      '',
      "Partner credentials (put them in the app's .env to use this sandbox):",
      `  GRAPH_BASE_URL=${sandbox.url}`,
      `  FACEBOOK_APP_ID=${c.app_id}`,
      `  FACEBOOK_APP_SECRET=${c.app_secret}`,
      `  FACEBOOK_SYSTEM_USER_TOKEN=${c.system_user_token}`,
      `  FACEBOOK_CREDIT_LINE_ID=${c.credit_line_id}`,
      `  FACEBOOK_BUSINESS_ID=${c.business_id}`,
      `  WEBHOOK_VERIFY_TOKEN=${c.verify_token}`,
      `  webhook callback: ${c.callback_url ?? '(none — POST /_sandbox/config {"callback_url": …})'}`,
    ].join('\n'),
  )
  let stopping = false
  const stop = (signal: string) => {
    if (stopping) return
    stopping = true
    console.error(`[sandbox] ${signal}: shutting down`)
    sandbox.close().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(error)
        process.exit(1)
      },
    )
  }
  process.on('SIGINT', () => stop('SIGINT'))
  process.on('SIGTERM', () => stop('SIGTERM'))
}

main().catch((error: unknown) => {
  console.error(
    `[sandbox] could not start: ${error instanceof Error ? error.message : String(error)}`,
  )
  process.exit(1)
})
