import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { APP_SCHEME_PRIVILEGES, createAppProtocolHandler, installAppProtocol, mimeTypeFor, registerAppScheme, resolveAppRequest } from '../../src-main/shell/app-protocol.js'
import { APP_CSP } from '../../src-main/shell/csp.js'

let root: string
let outside: string

beforeAll(() => {
  const base = mkdtempSync(join(tmpdir(), 'ss-proto-'))
  root = join(base, 'renderer')
  outside = join(base, 'secret.txt')
  mkdirSync(join(root, 'assets'), { recursive: true })
  writeFileSync(join(root, 'index.html'), '<!doctype html><title>t</title>')
  writeFileSync(join(root, 'assets', 'app.js'), 'console.log(1)')
  writeFileSync(join(root, 'assets', 'a b.css'), 'body{}')
  writeFileSync(outside, 'secret')
})

afterAll(() => rmSync(join(root, '..'), { recursive: true, force: true }))

describe('resolveAppRequest', () => {
  it('maps URLs inside the renderer folder', () => {
    expect(resolveAppRequest('app://session-scope/index.html', root)).toEqual({ ok: true, filePath: join(root, 'index.html'), mimeType: 'text/html; charset=utf-8' })
    expect(resolveAppRequest('app://session-scope/assets/app.js', root)).toMatchObject({ ok: true, filePath: join(root, 'assets', 'app.js'), mimeType: 'text/javascript; charset=utf-8' })
    expect(resolveAppRequest('app://session-scope/assets/a%20b.css?v=1#x', root)).toMatchObject({ ok: true, filePath: join(root, 'assets', 'a b.css') })
  })

  it('serves index.html for the root and for folders', () => {
    expect(resolveAppRequest('app://session-scope/', root)).toMatchObject({ ok: true, filePath: join(root, 'index.html') })
    expect(resolveAppRequest('app://session-scope', root)).toMatchObject({ ok: true, filePath: join(root, 'index.html') })
    expect(resolveAppRequest('app://session-scope/assets/', root)).toMatchObject({ ok: true, filePath: join(root, 'assets', 'index.html') })
  })

  it.each([
    ['dot segments (normalised away by the parser, still inside)', 'app://session-scope/../secret.txt'],
    ['encoded dots', 'app://session-scope/%2e%2e/secret.txt'],
    ['upper-case encoded dots', 'app://session-scope/%2E%2E/secret.txt'],
    ['encoded slash', 'app://session-scope/assets/..%2f..%2fsecret.txt'],
    ['encoded backslash', 'app://session-scope/assets/..%5c..%5csecret.txt'],
    ['backslash', 'app://session-scope/..\\secret.txt'],
    ['NUL', 'app://session-scope/%00index.html'],
    ['drive letter', 'app://session-scope/C:%2fWindows%2fwin.ini'],
    ['drive letter, plain', 'app://session-scope/c:/Windows/win.ini'],
    ['empty segment', 'app://session-scope//etc/passwd'],
    ['bad percent-encoding', 'app://session-scope/%'],
    ['another host', 'app://other/index.html'],
    ['credentials', 'app://user@session-scope/index.html'],
    ['a port', 'app://session-scope:1234/index.html'],
    ['another scheme', 'file:///etc/passwd'],
    ['https', 'https://session-scope/index.html'],
    ['garbage', 'not a url'],
    ['very long', `app://session-scope/${'a'.repeat(5000)}`],
  ])('%s: refused, or kept inside the root', (_label, url) => {
    const r = resolveAppRequest(url, root)
    if (r.ok) {
      expect(r.filePath.startsWith(root)).toBe(true)
      expect(r.filePath).not.toBe(outside)
    } else expect([400, 403, 404]).toContain(r.status)
  })

  it('refuses outright what the URL parser leaves in the path (encoded separators, NUL, backslashes)', () => {
    for (const url of ['app://session-scope/assets/..%2f..%2fsecret.txt', 'app://session-scope/..%5csecret.txt', 'app://session-scope/..\\secret.txt', 'app://session-scope/%00', 'app://session-scope/C:%5cx']) {
      expect(resolveAppRequest(url, root).ok, url).toBe(false)
    }
    // Dot segments, plain or encoded, are removed by the WHATWG parser before we see them: still inside the root.
    expect(resolveAppRequest('app://session-scope/%2e%2e/%2e%2e/secret.txt', root)).toMatchObject({ ok: true, filePath: join(root, 'secret.txt') })
  })

  it('knows the common asset types', () => {
    expect(mimeTypeFor('x.css')).toMatch(/^text\/css/)
    expect(mimeTypeFor('x.svg')).toBe('image/svg+xml')
    expect(mimeTypeFor('x.woff2')).toBe('font/woff2')
    expect(mimeTypeFor('x.unknown')).toBe('application/octet-stream')
  })
})

describe('the protocol handler', () => {
  const handler = () => createAppProtocolHandler(root)

  it('serves files with the CSP and nosniff headers', async () => {
    const res = await handler()(new Request('app://session-scope/index.html'))
    expect(res.status).toBe(200)
    expect(res.headers.get('content-security-policy')).toBe(APP_CSP)
    expect(res.headers.get('x-content-type-options')).toBe('nosniff')
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8')
    expect(await res.text()).toContain('<title>t</title>')
  })

  it('404s a missing file, 403s a traversal, 405s a POST', async () => {
    expect((await handler()(new Request('app://session-scope/nope.js'))).status).toBe(404)
    expect((await handler()(new Request('app://session-scope/assets/..%2f..%2f..%2fsecret.txt'))).status).toBe(403)
    expect((await handler()(new Request('app://session-scope/index.html', { method: 'POST', body: 'x' }))).status).toBe(405)
  })

  it('answers HEAD without a body', async () => {
    const res = await handler()(new Request('app://session-scope/index.html', { method: 'HEAD' }))
    expect(res.status).toBe(200)
    expect(await res.text()).toBe('')
  })

  it('registers app:// as a standard, secure scheme and handles it', () => {
    const protocol = { registerSchemesAsPrivileged: vi.fn(), handle: vi.fn() }
    registerAppScheme(protocol)
    expect(protocol.registerSchemesAsPrivileged).toHaveBeenCalledWith([{ scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true } }])
    expect(APP_SCHEME_PRIVILEGES.privileges).not.toHaveProperty('bypassCSP')
    expect(APP_SCHEME_PRIVILEGES.privileges).not.toHaveProperty('corsEnabled')
    installAppProtocol(protocol, root)
    expect(protocol.handle).toHaveBeenCalledWith('app', expect.any(Function))
  })
})
