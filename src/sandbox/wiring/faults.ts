import { seededRandom } from '@shared/random'
import type { EndpointName } from '../graph/context'
import { GraphError, waError } from '../http/graph-error'
import { expiredTokenError } from '../world/tokens'
import type { World } from '../world/world'

/**
 * Fault injection for Graph endpoints (`POST /_sandbox/faults`): with probability `rate`, a
 * request to one of `endpoints` (all when absent) suffers one of `kinds`, picked with a seeded
 * PRNG so a failing run can be replayed.
 */
export const faultKinds = [
  'server_error',
  'unavailable',
  'rate_limit',
  'app_rate_limit',
  'token_expired',
  'timeout',
  'reset',
  'slow',
] as const
export type FaultKind = (typeof faultKinds)[number]

export interface FaultConfig {
  rate: number
  kinds: FaultKind[]
  endpoints: EndpointName[] | null
  seed: number
  /** Delay of `slow`, in ms (scaled by time_scale). */
  slow_ms: number
}

export interface Faults {
  set(config: FaultConfig): void
  clear(): void
  current(): FaultConfig | null
  pick(endpoint: EndpointName): FaultKind | null
  injected(): Record<string, number>
}

export function createFaults(): Faults {
  let config: FaultConfig | null = null
  let random = seededRandom(1)
  const counts: Record<string, number> = {}
  return {
    set(next) {
      config = next
      random = seededRandom(next.seed)
    },
    clear() {
      config = null
    },
    current: () => config,
    pick(endpoint) {
      if (!config || config.rate <= 0 || config.kinds.length === 0) return null
      if (config.endpoints && !config.endpoints.includes(endpoint)) return null
      if (random() >= config.rate) return null
      const kind = config.kinds[Math.floor(random() * config.kinds.length)] ?? null
      if (kind) counts[kind] = (counts[kind] ?? 0) + 1
      return kind
    },
    injected: () => ({ ...counts }),
  }
}

const NOTE = 'Injected by the sandbox fault configuration.'

/** The Graph error an error-kind fault answers with (codes and statuses from https://developers.facebook.com/documentation/business-messaging/whatsapp/support/error-codes). */
export function faultError(
  kind: FaultKind,
  endpoint: EndpointName,
  world: World,
): GraphError | null {
  switch (kind) {
    case 'server_error':
      return waError(131000, NOTE)
    case 'unavailable':
      // WhatsApp phone endpoints answer 133004; the rest of Graph answers code 2 (both HTTP 503).
      return ['messages', 'register', 'deregister', 'media'].includes(endpoint)
        ? waError(133004, NOTE)
        : new GraphError(2, {
            message: 'An unexpected error has occurred. Please retry your request later.',
          })
    case 'rate_limit':
      return waError(130429, 'Cloud API message throughput has been reached.')
    case 'app_rate_limit':
      return new GraphError(4, { message: '(#4) Application request limit reached' })
    case 'token_expired':
      return expiredTokenError(world, world.clock.now() - 3600_000)
    default:
      return null
  }
}
