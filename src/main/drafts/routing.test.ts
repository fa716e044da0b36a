import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { replyClaimKey, replyOutboxKey } from './reply-key'
import { routeDraft } from './routing'

const confident = { handoff: false, needsAnswer: false, confidence: 0.9 }
const at = (policy: 'auto' | 'review' | 'review-with-timeout', draft = confident) =>
  routeDraft({ policy, timeoutSeconds: 30, draft, nowMs: 1_000 })

describe('routing a fresh draft', () => {
  it('follows the policy when the guardrails let it', () => {
    expect(at('auto')).toEqual({ action: 'send', rule: 'policy-auto' })
    expect(at('review')).toEqual({ action: 'hold', rule: 'policy-review' })
    expect(at('review-with-timeout')).toEqual({
      action: 'schedule',
      rule: 'policy-timeout',
      sendAt: 31_000,
    })
  })

  it('holds a draft without an answer or below the confidence threshold, whatever the policy', () => {
    for (const policy of ['auto', 'review', 'review-with-timeout'] as const) {
      expect(at(policy, { ...confident, needsAnswer: true, confidence: 0 })).toEqual({
        action: 'hold',
        rule: 'needs-answer',
      })
      expect(at(policy, { ...confident, confidence: 0.59 })).toEqual({
        action: 'hold',
        rule: 'low-confidence',
      })
    }
    expect(at('auto', { ...confident, confidence: 0.6 })).toMatchObject({ action: 'send' })
  })

  it('lets a handoff’s handover message go as the policy says, under the handoff rule', () => {
    const handoff = { handoff: true, needsAnswer: false, confidence: 1 }
    expect(at('auto', handoff)).toEqual({ action: 'send', rule: 'handoff' })
    expect(at('review', handoff)).toEqual({ action: 'hold', rule: 'handoff' })
    expect(at('review-with-timeout', handoff)).toEqual({
      action: 'schedule',
      rule: 'handoff',
      sendAt: 31_000,
    })
  })
})

describe('the one reply to an inbound message', () => {
  it('is named by the wamid: the claim key and a stable UUID for the outbox', () => {
    const wamid = 'wamid.HBgLMTU1NTAxMDEwMDEVAgASGBQzQTVGRjM1QjVBMjg1MDYyQjM5OQA='
    expect(replyClaimKey(wamid)).toBe(`ai-reply:${wamid}`)
    const key = replyOutboxKey(wamid)
    expect(z.uuid().safeParse(key).success).toBe(true)
    expect(replyOutboxKey(wamid)).toBe(key)
    expect(replyOutboxKey(`${wamid}x`)).not.toBe(key)
  })
})
