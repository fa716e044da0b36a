import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'

let ticksPerSecond: number | undefined

/**
 * CPU time (user + system, all threads) a process has used so far, in ms, from /proc (Linux);
 * null elsewhere. Measured around a load run, it gives the server's CPU per request — what bounds
 * its throughput once a core is saturated, whatever the machine's other load.
 */
export function processCpuMs(pid: number | undefined): number | null {
  if (pid === undefined || process.platform !== 'linux') return null
  ticksPerSecond ??= Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim())
  // Fields after the command name (which may hold spaces) start at the state, field 3.
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ')
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / ticksPerSecond
}
