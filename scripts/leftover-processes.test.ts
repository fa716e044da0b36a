import { spawnSync } from 'node:child_process'
import { describe, expect, it } from 'vitest'
import {
  markedProcesses,
  newRunMark,
  RUN_MARK,
  stopMarkedProcesses,
} from './leftover-processes.mjs'

describe('leftover processes of a run', () => {
  it('finds a detached daemon by its mark, stops it, and touches nothing unmarked', async () => {
    const mark = newRunMark()
    const other = newRunMark()
    // `sh` exits at once; each sleep is re-parented to init, as a daemon would be.
    for (const value of [mark, other])
      spawnSync('sh', ['-c', 'sleep 120 >/dev/null 2>&1 &'], {
        env: { ...process.env, [RUN_MARK]: value },
      })
    try {
      expect(markedProcesses(mark)).toEqual([{ pid: expect.any(Number), command: 'sleep 120' }])
      const left = await stopMarkedProcesses(mark, { graceMs: 200 })
      expect(left.map((p) => p.command)).toEqual(['sleep 120'])
      expect(markedProcesses(mark)).toEqual([])
      expect(markedProcesses(other)).toHaveLength(1)
    } finally {
      await stopMarkedProcesses(other, { graceMs: 0 })
    }
  })

  it('reports nothing for processes that exit within the grace period', async () => {
    const mark = newRunMark()
    spawnSync('sh', ['-c', 'sleep 1 >/dev/null 2>&1 &'], {
      env: { ...process.env, [RUN_MARK]: mark },
    })
    expect(markedProcesses(mark)).toHaveLength(1)
    expect(await stopMarkedProcesses(mark, { graceMs: 3000 })).toEqual([])
  })
})
