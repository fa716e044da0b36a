import { runTunnelFault, type FaultResult } from '../src/main/test-support/tunnel-fault'

/**
 * `npm run bench -- tunnel-fault [count]`: the tunnel's fault test at full size (issue #8:
 * 100,000 signed webhooks, relay and desktop core each killed -9 and restarted 3 times). `npm test`
 * runs the same test with 10,000 (src/main/tunnel/tunnel-fault.test.ts). Needs the OS keychain
 * (the desktop is the real core): run it inside `dbus-run-session` like npm test does.
 */
export const TUNNEL_FAULT_COUNT = 100_000

export async function tunnelFault(count = TUNNEL_FAULT_COUNT): Promise<FaultResult> {
  return runTunnelFault({
    count,
    log: (line) => process.stdout.write(`  ${new Date().toISOString().slice(11, 19)} ${line}\n`),
  })
}
