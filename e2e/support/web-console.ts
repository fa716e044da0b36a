import { spawn, type ChildProcess } from 'node:child_process'
import { randomUUID } from 'node:crypto'
import { mkdir, mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { fileURLToPath } from 'node:url'

const root = fileURLToPath(new URL('../..', import.meta.url))

/** Covers a cold start including a renderer rebuild; a guard against a hung start, not a wait. */
const START_LIMIT_MS = 60_000
const STOP_LIMIT_MS = 10_000

/** What a test knows about the core it started. */
export interface WebConsole {
  /** `http://127.0.0.1:PORT/?token=…` as printed by the core. */
  url: string
  /** `http://127.0.0.1:PORT` — the same server without the token. */
  origin: string
  /** The embedded sandbox's control token (`SANDBOX_CONTROL_TOKEN=` line), for `/_sandbox` calls. */
  sandboxControlToken: string
  /** The embedded sandbox's URL (`WAPC_SANDBOX_URL=` line; empty in live mode). */
  sandboxUrl: string
  dataDir: string
  logFile: string
  keychainService: string
  /** Everything the process wrote so far (attached to failing tests). */
  output(): string
}

export interface RunningWebConsole {
  info: WebConsole
  stop(): Promise<void>
}

// Configuration a developer may have exported must not leak into the tests: each core starts from
// the defaults (sandbox mode), its own data directory and its own keychain service.
const INHERITED_CONFIG =
  /^(FACEBOOK_|GRAPH_|RELAY_|WEBHOOK_|WAPC_|AI_API_KEY$|PORT$|SANDBOX_PORT$|SANDBOX_CONTROL_TOKEN$)/

function cleanEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {}
  for (const [key, value] of Object.entries(process.env)) {
    if (!INHERITED_CONFIG.test(key)) env[key] = value
  }
  return { ...env, ...extra }
}

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve()
  return new Promise((resolve) => child.once('exit', () => resolve()))
}

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined) return
  try {
    // Negative pid: the whole process group (node → tsx loader → core), started detached below.
    process.kill(-child.pid, signal)
  } catch {
    // Already gone.
  }
}

/**
 * Starts `node scripts/web.mjs` with PORT=0, a fresh data directory and a unique keychain service,
 * and resolves once it has printed its machine-readable lines.
 */
export async function startWebConsole(
  extraEnv: Record<string, string> = {},
): Promise<RunningWebConsole> {
  const tempRoot = await mkdtemp(join(tmpdir(), 'wapc-e2e-'))
  const dataDir = join(tempRoot, 'data')
  await mkdir(dataDir)
  const keychainService = `WAPC e2e ${randomUUID()}`
  const child = spawn(process.execPath, [join(root, 'scripts', 'web.mjs')], {
    // A temp cwd: the core reads `.env` from its working directory, and a developer's must not apply.
    cwd: tempRoot,
    env: cleanEnv({
      ...extraEnv,
      PORT: '0',
      WAPC_DATA_DIR: dataDir,
      WAPC_KEYCHAIN_SERVICE: keychainService,
    }),
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()))

  const cleanup = async () => {
    killGroup(child, 'SIGTERM')
    const guard = setTimeout(() => killGroup(child, 'SIGKILL'), STOP_LIMIT_MS)
    await exited(child)
    clearTimeout(guard)
    await rm(tempRoot, { recursive: true, force: true })
  }

  try {
    const lines = await new Promise<Map<string, string>>((resolve, reject) => {
      const found = new Map<string, string>()
      const limit = setTimeout(
        () => reject(new Error(`web.mjs printed no WAPC_WEB_URL within ${START_LIMIT_MS} ms`)),
        START_LIMIT_MS,
      )
      child.once('exit', (code, signal) => {
        clearTimeout(limit)
        reject(new Error(`web.mjs exited early (code ${code}, signal ${signal})`))
      })
      createInterface({ input: child.stdout! }).on('line', (line) => {
        output += `${line}\n`
        const match = /^(WAPC_[A-Z_]+|SANDBOX_CONTROL_TOKEN)=(.*)$/.exec(line)
        if (match) found.set(match[1]!, match[2]!)
        if (found.has('WAPC_WEB_URL') && found.has('WAPC_LOG_FILE')) {
          clearTimeout(limit)
          resolve(found)
        }
      })
    })
    const url = lines.get('WAPC_WEB_URL')!
    return {
      info: {
        url,
        origin: new URL(url).origin,
        sandboxControlToken: lines.get('SANDBOX_CONTROL_TOKEN') ?? '',
        sandboxUrl: lines.get('WAPC_SANDBOX_URL') ?? '',
        dataDir: lines.get('WAPC_DATA_DIR') ?? dataDir,
        logFile: lines.get('WAPC_LOG_FILE')!,
        keychainService,
        output: () => output,
      },
      stop: cleanup,
    }
  } catch (error) {
    await cleanup()
    throw new Error(`${(error as Error).message}\n--- output ---\n${output}`, { cause: error })
  }
}
