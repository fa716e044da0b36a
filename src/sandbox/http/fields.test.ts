import { describe, expect, it } from 'vitest'
import { paginate, requestedFields, selectFields } from './fields'
import { GraphError } from './graph-error'

describe('selectFields', () => {
  const getters = {
    id: () => '1',
    name: () => 'n',
    missing: () => undefined,
    nested: () => ({ a: 1 }),
  }

  it('returns defaults, always adds id, omits absent values and accepts nested selections', () => {
    expect(selectFields('T', getters, ['name'], undefined)).toEqual({ name: 'n', id: '1' })
    expect(selectFields('T', getters, ['name'], 'missing,nested{a}')).toEqual({
      nested: { a: 1 },
      id: '1',
    })
    expect(requestedFields('a, b{c,d{e}} ,f')).toEqual(['a', 'b', 'f'])
  })

  it('throws Graph’s nonexisting-field error naming the node type', () => {
    expect(() => selectFields('Thing', getters, [], 'bogus')).toThrow(GraphError)
    expect(() => selectFields('Thing', getters, [], 'bogus')).toThrow(
      '(#100) Tried accessing nonexisting field (bogus) on node type (Thing)',
    )
  })
})

describe('paginate', () => {
  const items = Array.from({ length: 5 }, (_, i) => i)
  const url = new URL('http://sandbox/v25.0/1/things?access_token=secret')

  it('walks forward with after cursors and back with before', () => {
    const first = paginate(items, { limit: '2' }, url, (i) => i)
    expect(first.data).toEqual([0, 1])
    expect(first.paging?.next).toBeDefined()
    expect(first.paging?.next).not.toContain('secret')
    const second = paginate(
      items,
      { limit: '2', after: first.paging?.cursors.after },
      url,
      (i) => i,
    )
    expect(second.data).toEqual([2, 3])
    const back = paginate(
      items,
      { limit: '2', before: second.paging?.cursors.before },
      url,
      (i) => i,
    )
    expect(back.data).toEqual([0, 1])
    const last = paginate(items, { limit: '2', after: second.paging?.cursors.after }, url, (i) => i)
    expect(last.data).toEqual([4])
    expect(last.paging?.next).toBeUndefined()
  })

  it('returns an empty page without paging', () => {
    expect(paginate([], {}, url, (i) => i)).toEqual({ data: [] })
  })
})
