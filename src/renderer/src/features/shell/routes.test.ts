import { describe, expect, it } from 'vitest'
import { defaultRoute, hrefFor, routeFromHash } from './routes'

describe('routeFromHash', () => {
  it('reads the page from the hash and round-trips with hrefFor', () => {
    expect(routeFromHash('#/settings')).toBe('settings')
    expect(routeFromHash(hrefFor('review'))).toBe('review')
  })

  it('falls back to the default page for empty or unknown hashes', () => {
    expect(routeFromHash('')).toBe(defaultRoute)
    expect(routeFromHash('#/nope')).toBe(defaultRoute)
  })
})
