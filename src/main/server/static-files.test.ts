import { join, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { resolveStaticPath } from './static-files'

describe('resolveStaticPath', () => {
  const root = resolve('/srv/app')

  it('maps paths inside the root, with / to index.html', () => {
    expect(resolveStaticPath(root, '/')).toBe(join(root, 'index.html'))
    expect(resolveStaticPath(root, '/assets/app.js?v=1')).toBe(join(root, 'assets', 'app.js'))
    expect(resolveStaticPath(root, '/a%20b.css')).toBe(join(root, 'a b.css'))
  })

  it.each([
    '/../etc/passwd',
    '/%2e%2e/etc/passwd',
    '/assets/%2E%2E/%2E%2E/etc/passwd',
    '/..%2f..%2fetc%2fpasswd',
    '/..\\etc\\passwd',
    '/%5c..%5cetc',
    '/index.html%00.js',
    '/%E0%A4%A',
    '/./index.html',
  ])('refuses %s', (path) => {
    expect(resolveStaticPath(root, path)).toBeNull()
  })
})
