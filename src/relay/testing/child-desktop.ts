import { spawn, type ChildProcess } from 'node:child_process'
import { createInterface } from 'node:readline'
import { TUNNEL_PATH, TUNNEL_PROTOCOL } from '@shared/relay/protocol'

/**
 * A desktop in its own process (plain node + ws), so a test can kill it with SIGKILL mid-claim the
 * way a crash or a pulled plug would: the kernel closes its socket, nothing says goodbye. It
 * takes claims and never finishes them; every frame it receives is one JSON line on stdout.
 */
const SCRIPT = `
import { WebSocket } from 'ws'
const [url, token, desktopId] = process.argv.slice(1)
const ws = new WebSocket(url, { headers: { authorization: 'Bearer ' + token } })
ws.on('open', () => ws.send(JSON.stringify({
  type: 'hello', protocol: ${TUNNEL_PROTOCOL}, desktopId, after: null, claims: true,
})))
ws.on('message', (data) => process.stdout.write(data.toString() + '\\n'))
ws.on('close', () => process.exit(0))
`

export interface ChildDesktop {
  frames: Record<string, unknown>[]
  until(check: (frames: Record<string, unknown>[]) => boolean, timeoutMs?: number): Promise<void>
  kill(): Promise<void>
}

export function spawnChildDesktop(
  relayUrl: string,
  token: string,
  desktopId: string,
): ChildDesktop {
  const child: ChildProcess = spawn(
    process.execPath,
    [
      '--input-type=module',
      '-e',
      SCRIPT,
      relayUrl.replace(/^http/, 'ws') + TUNNEL_PATH,
      token,
      desktopId,
    ],
    { cwd: process.cwd(), stdio: ['ignore', 'pipe', 'inherit'] },
  )
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  const frames: Record<string, unknown>[] = []
  const waiters = new Set<() => void>()
  createInterface({ input: child.stdout! }).on('line', (line) => {
    frames.push(JSON.parse(line) as Record<string, unknown>)
    for (const waiter of [...waiters]) waiter()
  })
  return {
    frames,
    until: (check, timeoutMs = 10_000) =>
      new Promise((resolve, reject) => {
        const waiter = () => {
          if (!check(frames)) return
          clearTimeout(timer)
          waiters.delete(waiter)
          resolve()
        }
        const timer = setTimeout(() => {
          waiters.delete(waiter)
          reject(new Error(`child desktop ${desktopId}: timed out (${frames.length} frames)`))
        }, timeoutMs)
        waiters.add(waiter)
        waiter()
      }),
    kill: async () => {
      child.kill('SIGKILL')
      await exited
    },
  }
}
