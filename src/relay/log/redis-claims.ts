import type Redis from 'ioredis'
import { claimIdFor } from './claim-id'
import type { Claim, ClaimStore } from './types'

/**
 * Claims in Redis, shared by every relay instance: one hash per claim and a sorted set of open
 * claims scored by lease end (0 = unheld). Each change is a Lua script, so checking the token or
 * the lease and changing it is one atomic step even with many instances.
 */
const REQUEST = `
if redis.call('EXISTS', KEYS[1]) == 0 then
  redis.call('HSET', KEYS[1], 'id', ARGV[1], 'key', ARGV[2], 'cursor', ARGV[3], 'token', 0,
    'holder', '', 'expiresAt', 0, 'attempt', 0, 'completed', 0, 'createdAt', ARGV[4])
  redis.call('ZADD', KEYS[2], 0, ARGV[1])
end
return redis.call('HGETALL', KEYS[1])`

const TAKE = `
if redis.call('HGET', KEYS[1], 'completed') ~= '0' then return nil end
if tonumber(redis.call('HGET', KEYS[1], 'expiresAt')) > tonumber(ARGV[2]) then return nil end
local expires = tonumber(ARGV[2]) + tonumber(ARGV[3])
redis.call('HINCRBY', KEYS[1], 'token', 1)
redis.call('HINCRBY', KEYS[1], 'attempt', 1)
redis.call('HSET', KEYS[1], 'holder', ARGV[1], 'expiresAt', expires)
redis.call('ZADD', KEYS[2], expires, ARGV[4])
return redis.call('HGETALL', KEYS[1])`

const EXTEND = `
if redis.call('HGET', KEYS[1], 'completed') ~= '0' then return nil end
if redis.call('HGET', KEYS[1], 'token') ~= ARGV[1] then return nil end
local expires = tonumber(ARGV[2]) + tonumber(ARGV[3])
redis.call('HSET', KEYS[1], 'expiresAt', expires)
redis.call('ZADD', KEYS[2], expires, ARGV[4])
return expires`

const COMPLETE = `
if redis.call('HGET', KEYS[1], 'completed') ~= '0' then return 0 end
if redis.call('HGET', KEYS[1], 'token') ~= ARGV[1] then return 0 end
redis.call('HSET', KEYS[1], 'completed', 1, 'completedAt', ARGV[2], 'expiresAt', 0)
redis.call('ZREM', KEYS[2], ARGV[3])
redis.call('PEXPIRE', KEYS[1], ARGV[4])
return 1`

const RELEASE = `
if redis.call('HGET', KEYS[1], 'completed') ~= '0' then return 0 end
if redis.call('HGET', KEYS[1], 'token') ~= ARGV[1] then return 0 end
redis.call('HSET', KEYS[1], 'expiresAt', 0)
redis.call('ZADD', KEYS[2], 0, ARGV[2])
return 1`

function toClaim(flat: string[] | null): Claim | null {
  if (!flat || flat.length === 0) return null
  const fields = new Map<string, string>()
  for (let i = 0; i + 1 < flat.length; i += 2) fields.set(flat[i]!, flat[i + 1]!)
  return {
    id: fields.get('id')!,
    key: fields.get('key')!,
    cursor: fields.get('cursor') || null,
    token: Number(fields.get('token')),
    holder: fields.get('holder') ?? '',
    expiresAt: Number(fields.get('expiresAt')),
    attempt: Number(fields.get('attempt')),
    completed: fields.get('completed') === '1',
  }
}

export function redisClaimStore(redis: Redis, prefix: string, retentionMs: number): ClaimStore {
  const open = `${prefix}claims:open`
  const hash = (id: string) => `${prefix}claim:${id}`
  const run = (script: string, id: string, ...args: (string | number)[]) =>
    redis.eval(script, 2, hash(id), open, ...args)
  const get = async (id: string) => toClaim(await redis.hgetall(hash(id)).then(flatten))
  return {
    request: async (key, cursor, now) => {
      const id = claimIdFor(key)
      return toClaim((await run(REQUEST, id, id, key, cursor ?? '', now)) as string[])!
    },
    due: async (now, limit) => {
      const ids = await redis.zrangebyscore(open, '-inf', now, 'LIMIT', 0, limit)
      const claims = await Promise.all(ids.map(get))
      return claims.filter((claim): claim is Claim => claim !== null && !claim.completed)
    },
    take: async (id, holder, now, leaseMs) =>
      toClaim((await run(TAKE, id, holder, now, leaseMs, id)) as string[] | null),
    extend: async (id, token, now, leaseMs) => {
      const expires = (await run(EXTEND, id, token, now, leaseMs, id)) as number | null
      return expires === null ? null : Number(expires)
    },
    complete: async (id, token, now) =>
      (await run(COMPLETE, id, token, now, id, Math.max(1, Math.round(retentionMs)))) === 1,
    release: async (id, token) => (await run(RELEASE, id, token, id)) === 1,
    get,
  }
}

const flatten = (record: Record<string, string>): string[] => Object.entries(record).flat()
