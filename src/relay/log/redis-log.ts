import { randomUUID } from 'node:crypto'
import Redis from 'ioredis'
import { AppError } from '@shared/contract/errors'
import { silentLogger, type Logger } from '@server-kit/log/logger'
import { redisSignupStore } from '../signup/redis-store'
import { reportOutages } from './redis-outages'
import { redisClaimStore } from './redis-claims'
import type { EventLog, StoredEvent } from './types'

export interface RedisLogOptions {
  url: string
  /** Key prefix, so one Redis can hold several relays' logs (default `wapc:relay:`). */
  prefix?: string
  retentionMs: number
  /** Where an outage is reported: once when a connection fails, once when it is back. */
  logger?: Logger
}

/** Stream ids: `<ms>-<seq>`. */
const STREAM_ID = /^(\d{1,15})-(\d{1,15})$/
const compareIds = (a: string, b: string): number => {
  const [, am = '0', as = '0'] = STREAM_ID.exec(a) ?? []
  const [, bm = '0', bs = '0'] = STREAM_ID.exec(b) ?? []
  return Number(am) - Number(bm) || Number(as) - Number(bs)
}

function toEvent([id, fields]: [Buffer, Buffer[]]): StoredEvent {
  const values = new Map<string, Buffer>()
  for (let i = 0; i + 1 < fields.length; i += 2) values.set(fields[i]!.toString(), fields[i + 1]!)
  return {
    cursor: id.toString(),
    receivedAt: Number(values.get('t')?.toString()),
    headers: JSON.parse(values.get('h')?.toString() ?? '{}') as Record<string, string>,
    body: values.get('b') ?? Buffer.alloc(0),
  }
}

/**
 * Redis Streams backend: several relay instances behind a load balancer share one stream. XADD
 * answers after Redis applied the write; how durable that is, is Redis's configuration
 * (`appendonly yes` with `appendfsync always` for fsync per write, as the SQLite backend does).
 * Live delivery across instances: each instance follows the stream with XREAD BLOCK on a second
 * connection and wakes its desktops' streams.
 */
export async function openRedisLog(options: RedisLogOptions): Promise<EventLog> {
  const prefix = options.prefix ?? 'wapc:relay:'
  const stream = `${prefix}events`
  const redis = new Redis(options.url, { lazyConnect: true, maxRetriesPerRequest: 2 })
  const follower = redis.duplicate()
  const logger = options.logger ?? silentLogger
  reportOutages(redis, 'appends', logger)
  reportOutages(follower, 'follower', logger)
  try {
    await Promise.all([redis.connect(), follower.connect()])
  } catch (error) {
    redis.disconnect()
    follower.disconnect()
    throw new AppError('CONFIG', `Could not reach Redis at RELAY_REDIS_URL: ${String(error)}`, {
      fix: 'Start Redis or correct RELAY_REDIS_URL (redis://host:6379/0), or unset it to use SQLite.',
      cause: error,
    })
  }
  await redis.hsetnx(`${prefix}meta`, 'logId', randomUUID())
  const logId = (await redis.hget(`${prefix}meta`, 'logId'))!
  const listeners = new Set<() => void>()
  const notify = () => {
    for (const listener of listeners) listener()
  }
  let closed = false
  const signups = await redisSignupStore(redis, prefix, logger)
  void follow(follower, stream, () => closed, notify)

  return {
    backend: 'redis',
    logId,
    append: async (event) => {
      const id = await redis.xadd(
        stream,
        '*',
        't',
        String(event.receivedAt),
        'h',
        JSON.stringify(event.headers),
        'b',
        event.body,
      )
      notify()
      return id!
    },
    readAfter: async (after, limit) =>
      (
        await redis.xrangeBuffer(stream, after === null ? '-' : `(${after}`, '+', 'COUNT', limit)
      ).map(toEvent),
    cursorBefore: async (time) => {
      const [entry] = await redis.xrevrange(stream, `(${time}-0`, '-', 'COUNT', 1)
      return entry ? entry[0] : null
    },
    head: async () => {
      const [entry] = await redis.xrevrangeBuffer(stream, '+', '-', 'COUNT', 1)
      if (!entry) return null
      const event = toEvent(entry)
      return { cursor: event.cursor, receivedAt: event.receivedAt }
    },
    trimmedAfter: async (after) => {
      const through = await redis.hget(`${prefix}meta`, 'trimmedThrough')
      return through !== null && compareIds(through, after) > 0
    },
    isCursor: (cursor) => STREAM_ID.test(cursor),
    trim: (before) => trimStream(redis, stream, `${prefix}meta`, before),
    onAppend: (listener) => {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
    ping: async () => {
      await redis.ping()
    },
    claims: redisClaimStore(redis, prefix, options.retentionMs),
    signups,
    close: async () => {
      closed = true
      listeners.clear()
      await signups.close()
      follower.disconnect()
      await redis.quit().catch(() => undefined)
    },
  }
}

/**
 * Deletes entries older than `before` (XTRIM MINID), first recording the newest id it deletes
 * (XTRIM does not report it), so a desktop behind it can be told its events are gone.
 */
async function trimStream(redis: Redis, stream: string, meta: string, before: number) {
  const [last] = await redis.xrevrange(stream, `(${before}-0`, '-', 'COUNT', 1)
  if (!last) return 0
  const previous = await redis.hget(meta, 'trimmedThrough')
  if (!previous || compareIds(last[0], previous) > 0)
    await redis.hset(meta, 'trimmedThrough', last[0])
  return Number(await redis.xtrim(stream, 'MINID', String(before)))
}

/** Wakes listeners whenever the stream grows, whichever instance appended. */
async function follow(
  follower: Redis,
  stream: string,
  isClosed: () => boolean,
  notify: () => void,
): Promise<void> {
  const [newest] = await follower.xrevrange(stream, '+', '-', 'COUNT', 1).catch(() => [])
  let last = newest ? newest[0] : '0-0'
  while (!isClosed()) {
    try {
      const reply = (await follower.call(
        'XREAD',
        'COUNT',
        '1000',
        'BLOCK',
        '1000',
        'STREAMS',
        stream,
        last,
      )) as [string, [string, string[]][]][] | null
      const entries = reply?.[0]?.[1]
      if (entries && entries.length > 0) {
        last = entries.at(-1)![0]
        notify()
      }
    } catch {
      if (isClosed()) return
      await new Promise((resolve) => setTimeout(resolve, 500))
    }
  }
}
