import { describe, expect, it } from 'vitest'
import { openEventLog } from '../relay'
import { BACKENDS, useBackends } from '../testing/backends'
import { openSqliteLog } from './sqlite-log'
import type { EventLog, NewEvent } from './types'

const backends = useBackends()
const event = (n: number, receivedAt = 1_000 + n): NewEvent => ({
  receivedAt,
  headers: { 'content-type': 'application/json' },
  body: Buffer.from(`{"n":${n}}`),
})
const ns = (events: { body: Buffer }[]) =>
  events.map((e) => (JSON.parse(e.body.toString()) as { n: number }).n)

describe.each(BACKENDS)('event log (%s backend)', (backend) => {
  const open = async (): Promise<EventLog> => openEventLog(backends.storage(backend), 60_000)

  it('appends in order and reads pages after a cursor; head and cursor shape', async () => {
    const log = await open()
    expect(await log.head()).toBeNull()
    const cursors = await Promise.all(Array.from({ length: 25 }, (_, n) => log.append(event(n))))
    expect(new Set(cursors).size).toBe(25)
    expect(cursors.every((cursor) => log.isCursor(cursor))).toBe(true)
    expect(log.isCursor(backend === 'sqlite' ? '1-0' : '1')).toBe(false)
    const first = await log.readAfter(null, 10)
    const rest = await log.readAfter(first.at(-1)!.cursor, 100)
    expect(ns([...first, ...rest])).toEqual(ns(await log.readAfter(null, 100)))
    expect(first.map((e) => e.cursor).concat(rest.map((e) => e.cursor))).toEqual(cursors)
    expect(await log.head()).toEqual({ cursor: cursors[24], receivedAt: 1_024 })
    await log.close()
  })

  it('finds the cursor before a time, and trims what is older than the retention cutoff', async () => {
    const log = await open()
    const times: number[] = []
    const cursors: string[] = []
    for (let n = 0; n < 6; n++) {
      const at = backend === 'sqlite' ? 10_000 + n * 100 : Date.now()
      times.push(at)
      cursors.push(await log.append(event(n, at)))
      if (backend === 'redis') await new Promise((resolve) => setTimeout(resolve, 3))
    }
    // Redis orders time by its ids; SQLite by the receive time.
    const timeOf = (i: number) =>
      backend === 'sqlite' ? times[i]! : Number(cursors[i]!.split('-')[0])
    expect(await log.cursorBefore(timeOf(0))).toBeNull()
    expect(await log.cursorBefore(timeOf(3))).toBe(cursors[2])
    expect(await log.trimmedAfter(cursors[0]!)).toBe(false)
    expect(await log.trim(timeOf(2))).toBe(2)
    expect(ns(await log.readAfter(null, 10))).toEqual([2, 3, 4, 5])
    expect(await log.trimmedAfter(cursors[0]!)).toBe(true)
    expect(await log.trimmedAfter(cursors[1]!)).toBe(false)
    expect(await log.trim(timeOf(2))).toBe(0)
    await log.close()
  })

  it('claims: one lease at a time, fenced by token, completed once', async () => {
    const log = await open()
    const { claims } = log
    const claim = await claims.request('job', '7', 100)
    expect(claim).toMatchObject({ key: 'job', cursor: '7', token: 0, completed: false })
    expect((await claims.request('job', null, 101)).id).toBe(claim.id)
    expect((await claims.due(100, 10)).map((c) => c.id)).toEqual([claim.id])
    const taken = await claims.take(claim.id, 'a', 100, 50)
    expect(taken).toMatchObject({ token: 1, holder: 'a', expiresAt: 150, attempt: 1 })
    expect(await claims.take(claim.id, 'b', 120, 50)).toBeNull()
    expect(await claims.due(120, 10)).toEqual([])
    expect(await claims.extend(claim.id, 1, 140, 50)).toBe(190)
    expect(await claims.due(180, 10)).toEqual([])
    // The lease runs out: b takes it with token 2; a's token is now stale everywhere.
    const again = await claims.take(claim.id, 'b', 200, 50)
    expect(again).toMatchObject({ token: 2, holder: 'b', attempt: 2 })
    expect(await claims.extend(claim.id, 1, 201, 50)).toBeNull()
    expect(await claims.complete(claim.id, 1, 202)).toBe(false)
    expect(await claims.release(claim.id, 1)).toBe(false)
    expect(await claims.release(claim.id, 2)).toBe(true)
    // Due again at once, still naming b: the next offer goes to another desktop when there is one.
    expect(await claims.due(203, 10)).toMatchObject([{ id: claim.id, holder: 'b' }])
    const third = await claims.take(claim.id, 'c', 204, 50)
    expect(await claims.complete(claim.id, third!.token, 205)).toBe(true)
    expect(await claims.complete(claim.id, third!.token, 206)).toBe(false)
    expect(await claims.take(claim.id, 'd', 10_000, 50)).toBeNull()
    expect(await claims.due(10_000, 10)).toEqual([])
    expect(await claims.get(claim.id)).toMatchObject({ completed: true, token: 3 })
    expect(await claims.get('no-such-claim')).toBeNull()
    await log.close()
  })
})

describe('SQLite group commit', () => {
  it('commits concurrent appends together, each resolving after its batch is on disk', async () => {
    const storage = backends.storage('sqlite') as { dataDir: string }
    const log = openSqliteLog(storage.dataDir)
    const cursors = await Promise.all(Array.from({ length: 300 }, (_, n) => log.append(event(n))))
    expect(cursors.map(Number)).toEqual(Array.from({ length: 300 }, (_, n) => n + 1))
    expect(log.commits).toBeLessThanOrEqual(3)
    await log.close()
    const reopened = openSqliteLog(storage.dataDir)
    expect(ns(await reopened.readAfter(null, 1000))).toHaveLength(300)
    await reopened.close()
  })

  it('rejects appends after close and keeps what was committed', async () => {
    const storage = backends.storage('sqlite') as { dataDir: string }
    const log = openSqliteLog(storage.dataDir)
    const pending = log.append(event(1))
    await log.close()
    await expect(pending).resolves.toBe('1')
    await expect(log.append(event(2))).rejects.toThrow(/closed/)
  })

  it('refuses a second relay on the same folder while the first has it open', async () => {
    const storage = backends.storage('sqlite') as { dataDir: string }
    const log = openSqliteLog(storage.dataDir)
    expect(() => openSqliteLog(storage.dataDir)).toThrow(
      expect.objectContaining({
        code: 'CONFLICT',
        message: expect.stringContaining(
          `A relay is already running on ${storage.dataDir} (relay,`,
        ),
        fix: expect.stringContaining('RELAY_REDIS_URL'),
      }),
    )
    await log.append(event(1))
    await log.close()
    const reopened = openSqliteLog(storage.dataDir)
    expect(ns(await reopened.readAfter(null, 10))).toEqual([1])
    await reopened.close()
  })
})
