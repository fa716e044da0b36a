import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  CONTENT_SECURITY_POLICY,
  contentTypeFor,
  createAppProtocolHandler,
  resolveAppPath,
} from './protocol'

describe('resolveAppPath (POSIX)', () => {
  const root = '/opt/wapc/out/renderer'
  const resolve = (url: string) => resolveAppPath(root, url, path.posix)

  it('maps app-origin paths to files under the root', () => {
    expect(resolve('app://wapc/index.html')).toBe(`${root}/index.html`)
    expect(resolve('app://wapc/assets/index-abc123.js')).toBe(`${root}/assets/index-abc123.js`)
    expect(resolve('app://wapc/assets/index.js?v=1#top')).toBe(`${root}/assets/index.js`)
  })

  it('serves index.html for the bare origin', () => {
    expect(resolve('app://wapc/')).toBe(`${root}/index.html`)
    expect(resolve('app://wapc')).toBe(`${root}/index.html`)
  })

  it('decodes percent-encoded names that stay inside the root', () => {
    expect(resolve('app://wapc/assets/my%20font.woff2')).toBe(`${root}/assets/my font.woff2`)
    // Starts with two dots but is a plain name, not a parent reference.
    expect(resolve('app://wapc/..hidden.js')).toBe(`${root}/..hidden.js`)
  })

  it('refuses other origins, schemes, ports and credentials', () => {
    expect(resolve('app://wapc.evil/index.html')).toBeNull()
    expect(resolve('app://evil/index.html')).toBeNull()
    expect(resolve('app://wapc:8080/index.html')).toBeNull()
    expect(resolve('app://user:pw@wapc/index.html')).toBeNull()
    expect(resolve('file:///etc/passwd')).toBeNull()
    expect(resolve('https://wapc/index.html')).toBeNull()
    expect(resolve('not a url')).toBeNull()
  })

  it('refuses traversal, plain or encoded', () => {
    expect(resolve('app://wapc/..%2f..%2fetc%2fpasswd')).toBeNull()
    expect(resolve('app://wapc/%2e%2e%2f%2e%2e%2fetc%2fpasswd')).toBeNull()
    expect(resolve('app://wapc/assets/..%2F..%2F..%2Fetc%2Fpasswd')).toBeNull()
    // The URL parser folds dot segments (plain or %2e) against the origin, so they stay inside.
    expect(resolve('app://wapc/%2e%2e/%2e%2e/etc/passwd')).toBe(`${root}/etc/passwd`)
    expect(resolve('app://wapc/../../etc/passwd')).toBe(`${root}/etc/passwd`)
    // Double encoding decodes once: a literal file name, not a parent directory.
    expect(resolve('app://wapc/%252e%252e/secret')).toBe(`${root}/%2e%2e/secret`)
  })

  it('refuses absolute paths, empty segments and NUL bytes', () => {
    expect(resolve('app://wapc//etc/passwd')).toBeNull()
    expect(resolve('app://wapc/%2Fetc%2Fpasswd')).toBeNull()
    expect(resolve('app://wapc/index.html%00.png')).toBeNull()
    expect(resolve('app://wapc/assets/')).toBeNull()
  })

  it('refuses malformed percent-encoding', () => {
    expect(resolve('app://wapc/%E0%A4%A')).toBeNull()
  })
})

describe('resolveAppPath (Windows path rules)', () => {
  const root = 'C:\\Program Files\\WAPC\\resources\\app.asar\\out\\renderer'
  const resolve = (url: string) => resolveAppPath(root, url, path.win32)

  it('maps to files under the root', () => {
    expect(resolve('app://wapc/assets/app.css')).toBe(`${root}\\assets\\app.css`)
  })

  it('refuses backslash traversal, drive letters and UNC-ish paths', () => {
    expect(resolve('app://wapc/..%5C..%5Cwindows%5Cwin.ini')).toBeNull()
    expect(resolve('app://wapc/..\\..\\windows\\win.ini')).toBeNull()
    expect(resolve('app://wapc/C:%5Cwindows%5Cwin.ini')).toBeNull()
    expect(resolve('app://wapc/C:/windows/win.ini')).toBeNull()
    expect(resolve('app://wapc/%5C%5Cserver%5Cshare%5Cfile')).toBeNull()
    expect(resolve('app://wapc/\\\\server\\share\\file')).toBeNull()
    expect(resolve('app://wapc/index.html::$DATA')).toBeNull()
  })
})

describe('contentTypeFor', () => {
  it('knows the types the renderer build emits and falls back to octet-stream', () => {
    expect(contentTypeFor('/x/index.html')).toBe('text/html; charset=utf-8')
    expect(contentTypeFor('/x/a.JS')).toBe('text/javascript; charset=utf-8')
    expect(contentTypeFor('/x/a.css')).toBe('text/css; charset=utf-8')
    expect(contentTypeFor('/x/a.woff2')).toBe('font/woff2')
    expect(contentTypeFor('/x/a.svg')).toBe('image/svg+xml')
    expect(contentTypeFor('/x/a.unknown')).toBe('application/octet-stream')
  })
})

describe('createAppProtocolHandler', () => {
  let dir: string
  let root: string
  let handle: (request: Request) => Promise<Response>

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'wapc-protocol-'))
    root = path.join(dir, 'renderer')
    await mkdir(path.join(root, 'assets'), { recursive: true })
    await writeFile(path.join(root, 'index.html'), '<!doctype html><title>x</title>')
    await writeFile(path.join(root, 'assets', 'app.js'), 'console.log(1)')
    await writeFile(path.join(dir, 'secret.txt'), 'top secret')
    await symlink(path.join(dir, 'secret.txt'), path.join(root, 'assets', 'leak.txt'))
    handle = createAppProtocolHandler({ root })
  })
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true })
  })

  it('serves HTML with the strict CSP header and nosniff', async () => {
    const response = await handle(new Request('app://wapc/index.html'))
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8')
    expect(response.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY)
    expect(response.headers.get('x-content-type-options')).toBe('nosniff')
    expect(await response.text()).toContain('<title>x</title>')
  })

  it('serves scripts with their type and without the HTML CSP', async () => {
    const response = await handle(new Request('app://wapc/assets/app.js'))
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toBe('text/javascript; charset=utf-8')
    expect(response.headers.get('content-security-policy')).toBeNull()
    expect(await response.text()).toBe('console.log(1)')
  })

  it('answers 404 for missing files, folders and paths outside the build', async () => {
    for (const url of [
      'app://wapc/missing.js',
      'app://wapc/assets',
      'app://wapc/..%2fsecret.txt',
      'app://other/index.html',
    ]) {
      const response = await handle(new Request(url))
      expect(response.status, url).toBe(404)
    }
  })

  it('refuses a symlink inside the build that points outside it', async () => {
    const response = await handle(new Request('app://wapc/assets/leak.txt'))
    expect(response.status).toBe(404)
    expect(await response.text()).not.toContain('top secret')
  })

  it('answers 405 to anything but GET', async () => {
    const response = await handle(
      new Request('app://wapc/index.html', { method: 'POST', body: 'x' }),
    )
    expect(response.status).toBe(405)
    expect(response.headers.get('allow')).toBe('GET')
  })

  it('matches the CSP the brief requires, directive for directive', () => {
    expect(CONTENT_SECURITY_POLICY).toBe(
      "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; " +
        "media-src 'self' blob:; font-src 'self'; connect-src 'self'; base-uri 'none'; " +
        "form-action 'none'; frame-ancestors 'none'",
    )
  })
})
