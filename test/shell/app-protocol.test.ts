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

  // Each case names the exact refusal expected: a case that merely stays inside the root
  // would still pass with the check it is about deleted (issue #12).
  it.each([
    ['encoded slash', 'app://session-scope/assets/..%2f..%2fsecret.txt', 403, /^forbidden path segment/],
    ['encoded backslash', 'app://session-scope/assets/..%5c..%5csecret.txt', 403, /^forbidden path segment/],
    ['backslash', 'app://session-scope/..\\secret.txt', 403, /^forbidden path segment/],
    ['NUL', 'app://session-scope/%00index.html', 403, /^forbidden path segment/],
    ['drive letter', 'app://session-scope/C:%2fWindows%2fwin.ini', 403, /^forbidden path segment/],
    ['drive letter, plain', 'app://session-scope/c:/Windows/win.ini', 403, /^forbidden path segment "c:"/],
    ['empty segment', 'app://session-scope//etc/passwd', 403, /^empty path segment$/],
    ['bad percent-encoding', 'app://session-scope/%', 400, /^bad percent-encoding$/],
    ['another host', 'app://other/index.html', 403, /^not app:\/\/session-scope\/$/],
    ['credentials', 'app://user@session-scope/index.html', 403, /^credentials or port in URL$/],
    ['credentials with a password', 'app://user:pw@session-scope/index.html', 403, /^credentials or port in URL$/],
    ['a port', 'app://session-scope:1234/index.html', 403, /^not app:\/\/session-scope\/$/],
    ['another scheme', 'file:///etc/passwd', 403, /^not app:\/\/session-scope\/$/],
    ['https', 'https://session-scope/index.html', 403, /^not app:\/\/session-scope\/$/],
    ['garbage', 'not a url', 400, /^not a URL$/],
    ['very long', `app://session-scope/${'a'.repeat(5000)}`, 400, /^URL too long$/],
  ] as const)('%s (%s) is refused', (_label, url, status, reason) => {
    const r = resolveAppRequest(url, root)
    expect(r).toMatchObject({ ok: false, status })
    expect(r.ok ? '' : r.reason).toMatch(reason)
  })

  it.each([
    ['dot segments', 'app://session-scope/../secret.txt'],
    ['encoded dots', 'app://session-scope/%2e%2e/secret.txt'],
    ['upper-case encoded dots', 'app://session-scope/%2E%2E/secret.txt'],
  ])('%s: normalised away by the URL parser, so the file named is inside the root', (_label, url) => {
    const r = resolveAppRequest(url, root)
    expect(r).toMatchObject({ ok: true, filePath: join(root, 'secret.txt') })
    expect(r.ok && r.filePath).not.toBe(outside)
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
