import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { createServer, connect } from 'node:net'

export interface RedisServer {
  url: string
  port: number
  stop(): Promise<void>
}

/** A free TCP port on loopback (Redis cannot listen on port 0 and report it). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0))
    })
  })
}

const answers = (port: number) =>
  new Promise<boolean>((resolve) => {
    const socket = connect(port, '127.0.0.1')
    socket.once('connect', () => {
      socket.write('PING\r\n')
      socket.once('data', (data) => {
        socket.destroy()
        resolve(data.toString().startsWith('+PONG'))
      })
    })
    socket.once('error', () => resolve(false))
  })

/**
 * A real, throwaway `redis-server` for one test file: its own port, no persistence, killed by
 * stop(). Fails with the install command when the binary is missing.
 */
export async function startRedisServer(): Promise<RedisServer> {
  const probe = spawnSync('redis-server', ['--version'], { encoding: 'utf8' })
  if (probe.error || probe.status !== 0) {
    throw new Error(
      'redis-server is not installed; the relay’s Redis backend is tested against a real one. ' +
        'Install it with: sudo apt-get install -y redis-server (macOS: brew install redis)',
    )
  }
  for (let attempt = 0; attempt < 5; attempt++) {
    const port = await freePort()
    const child: ChildProcess = spawn(
      'redis-server',
      ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
      { stdio: 'ignore' },
    )
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
    let exitedEarly = false
    void exited.then(() => (exitedEarly = true))
    const deadline = Date.now() + 10_000
    while (!exitedEarly && Date.now() < deadline) {
      if (await answers(port)) {
        return {
          url: `redis://127.0.0.1:${port}`,
          port,
          stop: async () => {
            if (!exitedEarly) child.kill('SIGKILL')
            await exited
          },
        }
      }
      await new Promise((resolve) => setTimeout(resolve, 25))
    }
    child.kill('SIGKILL')
    await exited
  }
  throw new Error('redis-server did not start (tried 5 ports)')
}
