import { spawn, type ChildProcess } from 'node:child_process'
import { join } from 'node:path'
import { newToken } from '@server-kit/http/bearer'

export const root = join(import.meta.dirname, '..', '..')

export interface Child {
  process: ChildProcess
  /** The first stdout line matching the pattern, captured group 1. */
  value: string
  stop(): Promise<void>
}

/**
 * Starts an entry in its own Node process and waits for a line announcing it is ready: TypeScript
 * through tsx, a built bundle (`.mjs`) with plain `node`, as it is deployed.
 */
export function startChild(
  entry: string,
  env: NodeJS.ProcessEnv,
  ready: RegExp,
  timeoutMs = 30_000,
): Promise<Child> {
  return new Promise((resolve, reject) => {
    const args = entry.endsWith('.mjs')
      ? [join(root, entry)]
      : ['--import', 'tsx', join(root, entry)]
    const child = spawn(process.execPath, args, {
      cwd: root,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let output = ''
    const timer = setTimeout(() => {
      child.kill('SIGKILL')
      reject(new Error(`${entry} did not become ready in ${timeoutMs} ms:\n${output}`))
    }, timeoutMs)
    const onData = (chunk: Buffer) => {
      output += chunk.toString()
      const match = ready.exec(output)
      if (match) {
        clearTimeout(timer)
        child.stdout?.off('data', onData)
        resolve({
          process: child,
          value: match[1] ?? '',
          stop: () =>
            new Promise<void>((done) => {
              if (child.exitCode !== null) return done()
              child.once('exit', () => done())
              child.kill('SIGTERM')
            }),
        })
      }
    }
    child.stdout?.on('data', onData)
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()))
    child.once('exit', (code) => {
      clearTimeout(timer)
      reject(new Error(`${entry} exited with ${code} before it was ready:\n${output}`))
    })
  })
}

/** The sandbox (`npm run sandbox`) in its own process on a free port, with a control token (as the
 * embedded one runs). */
export async function startSandboxChild(): Promise<Child & { url: string; controlToken: string }> {
  const controlToken = newToken()
  const child = await startChild(
    'src/sandbox/main.ts',
    { SANDBOX_PORT: '0', SANDBOX_CONTROL_TOKEN: controlToken },
    /running at (http:\/\/\S+)/,
  )
  return { ...child, url: child.value, controlToken }
}
