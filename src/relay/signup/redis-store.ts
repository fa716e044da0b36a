import type { Logger } from '@server-kit/log/logger'
import { reportOutages } from '../log/redis-outages'
import type Redis from 'ioredis'
import type { SignupResult, SignupStore } from './store'

const REGISTER = `
local holder = redis.call('GET', KEYS[1])
if holder and holder ~= ARGV[1] then return 0 end
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
return 1`

/** KEYS: state key; ARGV: result JSON, ttl, pending-key prefix, channel. */
const SUBMIT = `
local desktop = redis.call('GET', KEYS[1])
if not desktop then return false end
redis.call('DEL', KEYS[1])
local pending = ARGV[3] .. desktop
redis.call('RPUSH', pending, ARGV[1])
redis.call('PEXPIRE', pending, ARGV[2])
redis.call('PUBLISH', ARGV[4], desktop)
return desktop`

const TAKE = `
local results = redis.call('LRANGE', KEYS[1], 0, -1)
redis.call('DEL', KEYS[1])
return results`

/**
 * Signup attempts in Redis, so any relay instance can take the launcher's POST and the instance
 * holding the desktop's tunnel delivers it: the result is filed under the desktop, a PUBLISH wakes
 * every instance, and the one with the tunnel takes it (LRANGE+DEL in one script: once).
 */
export async function redisSignupStore(
  redis: Redis,
  prefix: string,
  logger: Logger,
): Promise<SignupStore> {
  const channel = `${prefix}signup-filed`
  const pendingPrefix = `${prefix}signup-pending:`
  const stateKey = (state: string) => `${prefix}signup-state:${state}`
  const listeners = new Set<(desktopId: string) => void>()
  const subscriber = redis.duplicate()
  reportOutages(subscriber, 'signups', logger)
  await subscriber.subscribe(channel)
  subscriber.on('message', (from: string, desktopId: string) => {
    if (from === channel) for (const listener of listeners) listener(desktopId)
  })
  const parse = (items: string[]) => items.map((item) => JSON.parse(item) as SignupResult)
  return {
    register: async (state, desktopId, ttlMs) =>
      (await redis.eval(REGISTER, 1, stateKey(state), desktopId, ttlMs)) === 1,
    submit: async (result, ttlMs) => {
      const desktop = await redis.eval(
        SUBMIT,
        1,
        stateKey(result.state),
        JSON.stringify(result),
        ttlMs,
        pendingPrefix,
        channel,
      )
      return typeof desktop === 'string' ? desktop : null
    },
    take: async (desktopId) =>
      parse((await redis.eval(TAKE, 1, pendingPrefix + desktopId)) as string[]),
    restore: async (desktopId, results, ttlMs) => {
      if (results.length === 0) return
      await redis
        .multi()
        .lpush(pendingPrefix + desktopId, ...results.map((r) => JSON.stringify(r)).reverse())
        .pexpire(pendingPrefix + desktopId, ttlMs)
        .exec()
    },
    onFiled: (listener) => {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
    close: async () => {
      listeners.clear()
      subscriber.disconnect()
    },
  }
}
