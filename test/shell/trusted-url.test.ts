import { describe, expect, it } from 'vitest'
import { APP_ENTRY_URL, DOCS_URL, allowedExternalUrl, devServerOrigin, isAppUrl, isTrustedRendererUrl } from '../../src-main/shell/trusted-url.js'

describe('isTrustedRendererUrl', () => {
  it('trusts our app:// pages', () => {
    expect(isTrustedRendererUrl(APP_ENTRY_URL)).toBe(true)
    expect(isTrustedRendererUrl('app://session-scope/')).toBe(true)
    expect(isTrustedRendererUrl('app://session-scope/index.html#/step/3')).toBe(true)
    // Chromium lower-cases the host of a standard scheme; Node does not, so an upper-case host is simply refused.
    expect(isAppUrl('APP://session-scope/index.html')).toBe(true)
    expect(isAppUrl('app://SESSION-SCOPE/index.html')).toBe(false)
  })

  it.each([
    'app://other/index.html',
    'app://session-scope.evil.com/index.html',
    'app://user:pw@session-scope/index.html',
    'app://session-scope:8080/index.html',
    'file:///index.html',
    'https://session-scope/index.html',
    'http://localhost:5173/',
    'about:blank',
    'devtools://devtools/bundled/inspector.html',
    'javascript:alert(1)',
    'not a url',
    '',
  ])('refuses %s without a dev server', (url) => {
    expect(isTrustedRendererUrl(url)).toBe(false)
  })

  it('refuses non-strings', () => {
    expect(isTrustedRendererUrl(null)).toBe(false)
    expect(isTrustedRendererUrl(undefined)).toBe(false)
    expect(isTrustedRendererUrl(42)).toBe(false)
  })

  it('trusts the loopback dev server origin only when given, and only its exact origin', () => {
    const dev = 'http://localhost:5173/'
    expect(isTrustedRendererUrl('http://localhost:5173/index.html', dev)).toBe(true)
    expect(isTrustedRendererUrl('http://localhost:5174/', dev)).toBe(false)
    expect(isTrustedRendererUrl('https://localhost:5173/', dev)).toBe(false)
    expect(isTrustedRendererUrl('http://127.0.0.1:5173/', dev)).toBe(false)
    expect(isTrustedRendererUrl('http://localhost:5173.evil.com/', dev)).toBe(false)
    expect(isTrustedRendererUrl(APP_ENTRY_URL, dev)).toBe(true)
  })

  it('never trusts a remote "dev server"', () => {
    expect(devServerOrigin('http://example.com:5173/')).toBeNull()
    expect(devServerOrigin('https://localhost:5173/')).toBeNull()
    expect(devServerOrigin('http://user@localhost:5173/')).toBeNull()
    expect(devServerOrigin('http://[::1]:5173/')).toBe('http://[::1]:5173')
    expect(isTrustedRendererUrl('http://example.com:5173/', 'http://example.com:5173/')).toBe(false)
  })
})

describe('allowedExternalUrl', () => {
  it('passes https URLs on the allowlist, re-serialised', () => {
    expect(allowedExternalUrl('https://docs.oracle.com/en/database/oracle/apex/')).toBe('https://docs.oracle.com/en/database/oracle/apex/')
    expect(allowedExternalUrl('https://GitHub.com/x')).toBe('https://github.com/x')
    expect(allowedExternalUrl(DOCS_URL)).toBe(DOCS_URL)
  })

  it.each([
    'http://docs.oracle.com/',
    'https://docs.oracle.com.evil.com/',
    'https://evil.com/?https://docs.oracle.com/',
    'https://user:pw@github.com/',
    'https://github.com:8443/',
    'file:///etc/passwd',
    'smb://host/share',
    'javascript:alert(1)',
    'ms-msdt:/id PCWDiagnostic',
    'https://evil.com@github.com.evil.com/',
    'github.com/x',
    '',
  ])('refuses %s', (url) => {
    expect(allowedExternalUrl(url)).toBeNull()
  })
})
