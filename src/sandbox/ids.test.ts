import { describe, expect, it } from 'vitest'
import { seededRandom } from '@shared/random'
import { accessToken, authCode, fbtraceId, numericId, wamid } from './ids'

describe('Meta-like identifiers', () => {
  it('numeric ids have the requested digits and no leading zero', () => {
    for (let i = 0; i < 200; i++) {
      expect(numericId(15)).toMatch(/^[1-9]\d{14}$/)
      expect(numericId(16)).toMatch(/^[1-9]\d{15}$/)
    }
  })

  it('wamids are base64 records holding the recipient, unique per call', () => {
    const a = wamid('16505551234')
    const b = wamid('16505551234')
    expect(a).not.toBe(b)
    const record = Buffer.from(a.slice('wamid.'.length), 'base64')
    expect(record[2]).toBe(11)
    expect(record.subarray(3, 14).toString('latin1')).toBe('16505551234')
  })

  it('inbound wamids carry the customer direction and a 20-character key, seedable', () => {
    const id = wamid('16505551234', { inbound: true })
    const record = Buffer.from(id.slice('wamid.'.length), 'base64')
    expect([...record.subarray(0, 3)]).toEqual([0x1c, 0x18, 11])
    expect([...record.subarray(14, 20)]).toEqual([0x15, 0x02, 0x00, 0x12, 0x18, 20])
    expect(record.subarray(20, 40).toString('latin1')).toMatch(/^[0-9A-F]{20}$/)
    const seeded = () => wamid('16505551234', { inbound: true, random: seededRandom(3) })
    expect(seeded()).toBe(seeded())
  })

  it('tokens, codes and trace ids look like Meta’s', () => {
    expect(accessToken()).toMatch(/^EAA[A-Za-z0-9]{170,}$/)
    expect(authCode()).toMatch(/^AQ[A-Za-z0-9_-]{200,}$/)
    expect(fbtraceId()).toMatch(/^[A-Za-z0-9_-]{23}$/)
  })
})
