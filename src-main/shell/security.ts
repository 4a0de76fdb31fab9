/**
 * App-wide security handlers (Electron security checklist items 5, 11–15):
 * every web contents gets navigation, redirects, sub-frame navigation,
 * `<webview>` and new windows denied; the session denies permission requests
 * and checks by default and cancels network requests to anywhere but our own
 * pages. The decisions are pure functions; `installSecurityHandlers` is the glue.
 */
import type { App, Session, Shell, WebContents } from 'electron'
import { allowedExternalUrl, isTrustedRendererUrl, parseUrl } from './trusted-url.js'

export interface SecurityContext {
  /** The loopback dev server URL in development builds; null when packaged. */
  devServerUrl: string | null
}

export type NavigationDecision = { allow: true } | { allow: false; openExternal: string | null }

/**
 * `will-navigate` / `will-redirect` / `will-frame-navigate`: only our own pages
 * may be (re)loaded; an allowlisted https link goes to the user's browser
 * instead; everything else is dropped.
 */
export function decideNavigation(url: string, ctx: SecurityContext): NavigationDecision {
  if (isTrustedRendererUrl(url, ctx.devServerUrl)) return { allow: true }
  return { allow: false, openExternal: allowedExternalUrl(url) }
}

/** `setWindowOpenHandler`: never a new Electron window; maybe the user's browser. */
export function decideWindowOpen(url: string): { action: 'deny'; openExternal: string | null } {
  return { action: 'deny', openExternal: allowedExternalUrl(url) }
}

/**
 * Permission requests and checks: denied, except writing to the clipboard
 * ("copy value") from our own pages. Electron grants everything by default.
 */
export const ALLOWED_PERMISSIONS: readonly string[] = ['clipboard-sanitized-write']

export function decidePermission(permission: string, requestingUrl: string | null | undefined, ctx: SecurityContext): boolean {
  return ALLOWED_PERMISSIONS.includes(permission) && isTrustedRendererUrl(requestingUrl ?? '', ctx.devServerUrl)
}

/**
 * Network requests (`webRequest.onBeforeRequest` for http, https, ws, wss):
 * the renderer has no business on the network. Only the dev server passes, in
 * development. (Our pages come from app://, which this filter does not see.)
 */
export function decideNetworkRequest(url: string, ctx: SecurityContext): boolean {
  const parsed = parseUrl(url)
  if (!parsed) return false
  if (ctx.devServerUrl === null) return false
  const dev = parseUrl(ctx.devServerUrl)
  if (!dev) return false
  // The dev server's HMR socket is ws:// on the same host and port.
  const sameHost = parsed.hostname === dev.hostname && parsed.port === dev.port
  return sameHost && (parsed.protocol === 'http:' || parsed.protocol === 'ws:')
}

export const NETWORK_FILTER = { urls: ['http://*/*', 'https://*/*', 'ws://*/*', 'wss://*/*'] }

export interface SecurityDeps {
  app: Pick<App, 'on'>
  shell: Pick<Shell, 'openExternal'>
  log?: (message: string) => void
}

/** Hardens every web contents the app ever creates (install before `ready`). */
export function installWebContentsGuards(deps: SecurityDeps, ctx: SecurityContext): void {
  const log = deps.log ?? (() => {})
  const openOutside = (url: string | null) => {
    // `url` is the output of allowedExternalUrl(): parsed, https, allowlisted host.
    if (url) void deps.shell.openExternal(url).catch((err: unknown) => log(`openExternal failed: ${String(err)}`)) // eng-disable OPEN_EXTERNAL_JS_CHECK
  }
  deps.app.on('web-contents-created', (_event, contents: WebContents) => {
    const guardNavigation = (event: { preventDefault(): void }, url: string) => {
      const decision = decideNavigation(url, ctx)
      if (decision.allow) return
      event.preventDefault()
      log(`blocked navigation to ${url.slice(0, 200)}`)
      openOutside(decision.openExternal)
    }
    contents.on('will-navigate', (event) => guardNavigation(event, event.url))
    contents.on('will-redirect', (event) => guardNavigation(event, event.url))
    contents.on('will-frame-navigate', (event) => {
      if (!isTrustedRendererUrl(event.url, ctx.devServerUrl)) event.preventDefault()
    })
    contents.on('will-attach-webview', (event) => {
      event.preventDefault()
      log('blocked a <webview>')
    })
    contents.setWindowOpenHandler(({ url }) => {
      const decision = decideWindowOpen(url)
      openOutside(decision.openExternal)
      return { action: decision.action }
    })
  })
}

/** Deny-by-default permissions and no network for the session our window uses. */
export function installSessionGuards(session: Pick<Session, 'setPermissionRequestHandler' | 'setPermissionCheckHandler' | 'setDevicePermissionHandler' | 'webRequest'>, ctx: SecurityContext): void {
  session.setPermissionRequestHandler((contents, permission, callback, details) => {
    callback(decidePermission(permission, details.requestingUrl ?? contents.getURL(), ctx))
  })
  session.setPermissionCheckHandler((_contents, permission, requestingOrigin) => decidePermission(permission, requestingOrigin, ctx))
  session.setDevicePermissionHandler(() => false)
  session.webRequest.onBeforeRequest(NETWORK_FILTER, (details, callback) => {
    callback({ cancel: !decideNetworkRequest(details.url, ctx) })
  })
}
