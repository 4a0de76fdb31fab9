import { EventEmitter } from 'node:events'
import { describe, expect, it, vi } from 'vitest'
import {
  decideNavigation,
  decideNetworkRequest,
  decidePermission,
  decideWindowOpen,
  installSessionGuards,
  installWebContentsGuards,
} from '../../src-main/shell/security.js'
import type { SecurityContext } from '../../src-main/shell/security.js'

const prod: SecurityContext = { devServerUrl: null }
const dev: SecurityContext = { devServerUrl: 'http://localhost:5173/' }

describe('navigation', () => {
  it('allows only our own pages', () => {
    expect(decideNavigation('app://session-scope/index.html', prod)).toEqual({ allow: true })
    expect(decideNavigation('http://localhost:5173/', prod)).toEqual({ allow: false, openExternal: null })
    expect(decideNavigation('http://localhost:5173/', dev)).toEqual({ allow: true })
    expect(decideNavigation('file:///etc/passwd', prod)).toEqual({ allow: false, openExternal: null })
    expect(decideNavigation('https://evil.example/', prod)).toEqual({ allow: false, openExternal: null })
  })

  it('sends allowlisted https links to the browser instead', () => {
    expect(decideNavigation('https://docs.oracle.com/apex', prod)).toEqual({ allow: false, openExternal: 'https://docs.oracle.com/apex' })
  })

  it('never opens a new Electron window', () => {
    expect(decideWindowOpen('app://session-scope/index.html')).toEqual({ action: 'deny', openExternal: null })
    expect(decideWindowOpen('https://github.com/x')).toEqual({ action: 'deny', openExternal: 'https://github.com/x' })
    expect(decideWindowOpen('javascript:alert(1)')).toEqual({ action: 'deny', openExternal: null })
  })
})

describe('permissions', () => {
  it.each(['media', 'geolocation', 'notifications', 'openExternal', 'clipboard-read', 'fullscreen', 'hid', 'usb', 'serial', 'display-capture', 'unknown'])('denies %s', (p) => {
    expect(decidePermission(p, 'app://session-scope/index.html', prod)).toBe(false)
  })

  it('allows clipboard writes from our pages only', () => {
    expect(decidePermission('clipboard-sanitized-write', 'app://session-scope/index.html', prod)).toBe(true)
    expect(decidePermission('clipboard-sanitized-write', 'app://session-scope', prod)).toBe(true)
    expect(decidePermission('clipboard-sanitized-write', 'https://evil.example/', prod)).toBe(false)
    expect(decidePermission('clipboard-sanitized-write', null, prod)).toBe(false)
  })
})

describe('network requests', () => {
  it('are all cancelled in a packaged app', () => {
    for (const url of ['https://example.com/', 'http://localhost:5173/', 'ws://localhost:5173/', 'wss://x/']) expect(decideNetworkRequest(url, prod)).toBe(false)
  })
  it('reach only the dev server (and its HMR socket) in development', () => {
    expect(decideNetworkRequest('http://localhost:5173/src/main.tsx', dev)).toBe(true)
    expect(decideNetworkRequest('ws://localhost:5173/', dev)).toBe(true)
    expect(decideNetworkRequest('https://localhost:5173/', dev)).toBe(false)
    expect(decideNetworkRequest('http://localhost:9999/', dev)).toBe(false)
    expect(decideNetworkRequest('http://example.com/', dev)).toBe(false)
  })
})

class FakeContents extends EventEmitter {
  openHandler: ((d: { url: string }) => { action: string }) | null = null
  setWindowOpenHandler(h: (d: { url: string }) => { action: string }) {
    this.openHandler = h
  }
}

function navEvent(url: string) {
  return { url, preventDefault: vi.fn() }
}

describe('installWebContentsGuards', () => {
  function setup(ctx = prod) {
    const app = new EventEmitter()
    const shell = { openExternal: vi.fn(async () => {}) }
    installWebContentsGuards({ app: app as never, shell: shell as never }, ctx)
    const contents = new FakeContents()
    app.emit('web-contents-created', {}, contents)
    return { contents, shell }
  }

  it('blocks navigation away, redirects, sub-frame navigation and webviews', () => {
    const { contents, shell } = setup()
    const away = navEvent('https://evil.example/')
    contents.emit('will-navigate', away)
    expect(away.preventDefault).toHaveBeenCalled()
    const home = navEvent('app://session-scope/index.html')
    contents.emit('will-navigate', home)
    expect(home.preventDefault).not.toHaveBeenCalled()
    const redirect = navEvent('https://evil.example/')
    contents.emit('will-redirect', redirect)
    expect(redirect.preventDefault).toHaveBeenCalled()
    const frame = navEvent('https://evil.example/')
    contents.emit('will-frame-navigate', frame)
    expect(frame.preventDefault).toHaveBeenCalled()
    const webview = { preventDefault: vi.fn() }
    contents.emit('will-attach-webview', webview, {}, {})
    expect(webview.preventDefault).toHaveBeenCalled()
    expect(shell.openExternal).not.toHaveBeenCalled()
  })

  it('denies window.open and opens allowlisted links in the browser', () => {
    const { contents, shell } = setup()
    expect(contents.openHandler!({ url: 'https://evil.example/' })).toEqual({ action: 'deny' })
    expect(shell.openExternal).not.toHaveBeenCalled()
    expect(contents.openHandler!({ url: 'https://docs.oracle.com/x' })).toEqual({ action: 'deny' })
    expect(shell.openExternal).toHaveBeenCalledWith('https://docs.oracle.com/x')
    const link = navEvent('https://github.com/y')
    contents.emit('will-navigate', link)
    expect(link.preventDefault).toHaveBeenCalled()
    expect(shell.openExternal).toHaveBeenCalledWith('https://github.com/y')
  })
})

describe('installSessionGuards', () => {
  it('installs deny-by-default handlers on the session', () => {
    const session = {
      setPermissionRequestHandler: vi.fn(),
      setPermissionCheckHandler: vi.fn(),
      setDevicePermissionHandler: vi.fn(),
      webRequest: { onBeforeRequest: vi.fn() },
    }
    installSessionGuards(session as never, prod)
    const request = session.setPermissionRequestHandler.mock.calls[0]![0] as (...a: unknown[]) => void
    const cb = vi.fn()
    request({ getURL: () => 'app://session-scope/index.html' }, 'media', cb, { requestingUrl: 'app://session-scope/index.html' })
    expect(cb).toHaveBeenCalledWith(false)
    request({ getURL: () => 'app://session-scope/index.html' }, 'clipboard-sanitized-write', cb, {})
    expect(cb).toHaveBeenLastCalledWith(true)
    const check = session.setPermissionCheckHandler.mock.calls[0]![0] as (...a: unknown[]) => boolean
    expect(check(null, 'geolocation', 'app://session-scope', {})).toBe(false)
    const device = session.setDevicePermissionHandler.mock.calls[0]![0] as () => boolean
    expect(device()).toBe(false)
    const [filter, onBefore] = session.webRequest.onBeforeRequest.mock.calls[0]! as [unknown, (d: { url: string }, cb: (r: { cancel: boolean }) => void) => void]
    expect(filter).toEqual({ urls: ['http://*/*', 'https://*/*', 'ws://*/*', 'wss://*/*'] })
    const net = vi.fn()
    onBefore({ url: 'https://example.com/' }, net)
    expect(net).toHaveBeenCalledWith({ cancel: true })
  })
})
