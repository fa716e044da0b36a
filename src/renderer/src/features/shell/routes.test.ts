import { describe, expect, it } from 'vitest'
import {
  defaultRoute,
  hrefFor,
  hrefForItem,
  routeFromHash,
  routeParamFromHash,
  subpageFromHash,
} from './routes'

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

describe('routeParamFromHash', () => {
  it('reads the item after the page and round-trips with hrefForItem', () => {
    expect(routeFromHash('#/clients/c-42')).toBe('clients')
    expect(routeParamFromHash('#/clients/c-42')).toBe('c-42')
    expect(routeParamFromHash(hrefForItem('clients', 'c_7.x:1'))).toBe('c_7.x:1')
  })

  it('gives null without an item, or for one that is not an id', () => {
    expect(routeParamFromHash('#/clients')).toBeNull()
    expect(routeParamFromHash('#/clients/')).toBeNull()
    expect(routeParamFromHash('')).toBeNull()
    expect(routeParamFromHash('#/clients/%3Cscript%3E')).toBeNull()
    expect(routeParamFromHash('#/clients/%E0%A4%A')).toBeNull()
  })
})

describe('subpageFromHash', () => {
  it('reads the page of an item, without its query', () => {
    expect(subpageFromHash('#/clients/c-42/templates')).toBe('templates')
    expect(subpageFromHash('#/clients/c-42/templates?new')).toBe('templates')
    expect(subpageFromHash('#/clients/c-42')).toBeNull()
    expect(subpageFromHash('#/clients/c-42/<b>')).toBeNull()
  })
})
