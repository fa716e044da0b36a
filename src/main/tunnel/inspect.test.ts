import { spawnSync } from 'node:child_process'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { inspect } from '../inspect/inspect'
import { DATABASE_FILE, openDatabase } from '../store/database'
import { createRelayEventsRepo } from '../store/relay-events-repo'
import { tempDir } from '../test-support/temp-dir'
import { inboundBody } from '../test-support/webhook-relay-harness'
import { decodeEvent } from './apply-frames'

const main = join(import.meta.dirname, '..', 'inspect', 'main.ts')

describe('npm run inspect -- events', () => {
  const dir = tempDir('wapc-inspect-events-')
  const bodies = [inboundBody('wamid.I1', 'first'), inboundBody('wamid.I1', 'first')]
  const binary = Buffer.from([0xff, 0xfe, 0x00, 0x7b])
  beforeAll(() => {
    const { db } = openDatabase({ file: join(dir.path, DATABASE_FILE) })
    const repo = createRelayEventsRepo(db)
    const frame = (cursor: string, body: string, encoding: 'utf8' | 'base64' = 'utf8') =>
      decodeEvent({
        type: 'event',
        cursor,
        receivedAt: Date.parse('2026-03-01T10:00:00.000Z') + Number(cursor),
        headers: { 'content-type': 'application/json', 'x-hub-signature-256': 'sha256=abc' },
        encoding,
        body,
      })
    repo.apply('embedded', 'log-1', [
      frame('1', bodies[0]!),
      frame('2', bodies[1]!),
      frame('3', binary.toString('base64'), 'base64'),
    ])
    db.close()
  })
  afterAll(() => dir.cleanup())

  it('lists each applied event once, in order, with its relay id, receive time and exact body', () => {
    const rows = inspect({ dataDir: dir.path, entity: 'events' })
    expect(rows.map((row) => row.relay_id)).toEqual(['1', '2', '3'])
    expect(rows[0]).toMatchObject({
      log_id: 'log-1',
      received_at: '2026-03-01T10:00:00.001Z',
      headers: { 'x-hub-signature-256': 'sha256=abc' },
      body_encoding: 'utf8',
      body: bodies[0],
      duplicate_of: null,
    })
    // Meta's second delivery of the same message: kept, and marked as a duplicate of the first.
    expect(rows[1]).toMatchObject({ duplicate_of: rows[0]!.seq })
    expect(rows[2]).toMatchObject({ body_encoding: 'base64', body: binary.toString('base64') })
  })

  it('prints one JSON line per event with --json', () => {
    const result = spawnSync(process.execPath, ['--import', 'tsx', main, 'events', '--json'], {
      env: { ...process.env, WAPC_DATA_DIR: dir.path },
      encoding: 'utf8',
    })
    expect(result.status).toBe(0)
    const lines = result.stdout.trim().split('\n')
    expect(lines).toHaveLength(3)
    expect(lines.map((line) => (JSON.parse(line) as { relay_id: string }).relay_id)).toEqual([
      '1',
      '2',
      '3',
    ])
    expect((JSON.parse(lines[0]!) as { body: string }).body).toBe(bodies[0])
  })
})
