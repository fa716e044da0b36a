import { describe, expect, it } from 'vitest'
import { Histogram, RelayMetrics } from './metrics'

describe('relay metrics', () => {
  it('keeps a cumulative histogram: each bucket counts the observations at or below its bound', () => {
    const histogram = new Histogram([0.001, 0.005, 0.01])
    for (const seconds of [0.0004, 0.001, 0.003, 0.02]) histogram.observe(seconds)
    expect(histogram.buckets()).toEqual([
      ['{le="0.001"}', 2],
      ['{le="0.005"}', 3],
      ['{le="0.01"}', 3],
      ['{le="+Inf"}', 4],
    ])
    expect(histogram.count).toBe(4)
    expect(histogram.sum).toBeCloseTo(0.0244, 10)
  })

  it('renders the ack histogram in the exposition format', () => {
    const metrics = new RelayMetrics()
    metrics.ackSeconds.observe(0.0012)
    metrics.ackSeconds.observe(0.0061)
    const text = metrics.render()
    expect(text).toContain('# TYPE relay_webhook_ack_seconds histogram')
    expect(text).toContain('relay_webhook_ack_seconds_bucket{le="0.001"} 0')
    expect(text).toContain('relay_webhook_ack_seconds_bucket{le="0.002"} 1')
    expect(text).toContain('relay_webhook_ack_seconds_bucket{le="0.0075"} 2')
    expect(text).toContain('relay_webhook_ack_seconds_bucket{le="+Inf"} 2')
    expect(text).toContain('relay_webhook_ack_seconds_count 2')
    expect(text).toMatch(/relay_webhook_ack_seconds_sum 0\.0073\d*\n/)
  })
})
