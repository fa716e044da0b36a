// Finds the processes a run started, daemons included, by a mark in their environment: every
// descendant inherits it, even one that detached and was re-parented to init (gnome-keyring-daemon
// does), and no one else's process has it. Linux only (it reads /proc), like the throwaway keyring
// session these runs need it for.
import { randomBytes } from 'node:crypto'
import { readdirSync, readFileSync } from 'node:fs'
import { setTimeout as sleep } from 'node:timers/promises'

/** The environment variable that carries the mark. */
export const RUN_MARK = 'WAPC_RUN_MARK'

export function newRunMark() {
  return `${process.pid}-${randomBytes(6).toString('hex')}`
}

/** Live processes whose environment carries `RUN_MARK=mark`, except this one. */
export function markedProcesses(mark) {
  if (process.platform !== 'linux')
    throw new Error('Finding the processes of a run reads /proc, which only Linux has.')
  const needle = `\0${RUN_MARK}=${mark}\0`
  const found = []
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name) || Number(name) === process.pid) continue
    try {
      if (!`\0${readFileSync(`/proc/${name}/environ`, 'latin1')}`.includes(needle)) continue
      // A zombie has exited already; only its parent can reap it.
      if (/^\d+ \(.*\) Z /.test(readFileSync(`/proc/${name}/stat`, 'latin1'))) continue
      const command = readFileSync(`/proc/${name}/cmdline`, 'latin1').split('\0').join(' ').trim()
      found.push({ pid: Number(name), command })
    } catch {
      // Gone meanwhile, or not ours to read.
    }
  }
  return found
}

/**
 * Gives the marked processes `graceMs` to exit on their own, then stops the rest (SIGTERM, then
 * SIGKILL) and returns them: anything returned was left running by whoever started it.
 */
export async function stopMarkedProcesses(mark, { graceMs = 3000 } = {}) {
  const deadline = Date.now() + graceMs
  let left = markedProcesses(mark)
  while (left.length > 0 && Date.now() < deadline) {
    await sleep(100)
    left = markedProcesses(mark)
  }
  for (const signal of ['SIGTERM', 'SIGKILL']) {
    for (const { pid } of markedProcesses(mark)) {
      try {
        process.kill(pid, signal)
      } catch {
        // Already gone.
      }
    }
    const until = Date.now() + 2000
    while (markedProcesses(mark).length > 0 && Date.now() < until) await sleep(50)
  }
  return left
}
