/**
 * Which URLs the shell trusts, decided with a URL parser — never with
 * `startsWith` on the raw string (Electron security checklist items 13, 15, 17).
 *
 * - Our renderer is served from `app://session-scope/…` (app-protocol.ts); in
 *   development only, from the electron-vite dev server on loopback.
 * - `shell.openExternal` only ever receives a re-serialised `https:` URL whose
 *   host is on EXTERNAL_HOSTS.
 */

export const APP_SCHEME = 'app'
export const APP_HOST = 'session-scope'
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`

/** Where Help → Documentation goes (must be on EXTERNAL_HOSTS). */
export const DOCS_URL = 'https://github.com/session-scope/session-scope#readme'

/** Hosts the app may open in the user's browser: our docs and Oracle's APEX documentation. */
export const EXTERNAL_HOSTS: readonly string[] = ['github.com', 'docs.oracle.com']

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]'])

export function parseUrl(raw: unknown): URL | null {
  if (typeof raw !== 'string' || raw.length === 0 || raw.length > 8192) return null
  try {
    return new URL(raw)
  } catch {
    return null
  }
}

/** `app://session-scope/…` exactly: no credentials, no port, the one host. */
export function isAppUrl(raw: unknown): boolean {
  const url = parseUrl(raw)
  return url !== null && url.protocol === `${APP_SCHEME}:` && url.host === APP_HOST && url.username === '' && url.password === '' && url.port === ''
}

/**
 * The dev server origin, when it is acceptable: `http:` on a loopback host,
 * with an explicit port. Anything else (a remote URL in the environment) is
 * refused, so a stray ELECTRON_RENDERER_URL cannot make a remote site trusted.
 */
export function devServerOrigin(raw: string | null | undefined): string | null {
  const url = parseUrl(raw ?? '')
  if (!url || url.protocol !== 'http:' || !LOOPBACK_HOSTS.has(url.hostname) || url.username || url.password) return null
  return url.origin
}

/**
 * True when `raw` is one of our own pages: the app protocol, or (development
 * builds only — the caller passes null when packaged) the dev server origin.
 */
export function isTrustedRendererUrl(raw: unknown, devServerUrl: string | null = null): boolean {
  if (isAppUrl(raw)) return true
  const dev = devServerOrigin(devServerUrl)
  if (dev === null) return false
  const url = parseUrl(raw)
  return url !== null && url.protocol === 'http:' && url.origin === dev
}

/**
 * The URL to hand to `shell.openExternal`, or null when it must not be opened:
 * only `https:`, no credentials, host on the allowlist (exact match).
 * Returns the parser's serialisation, not the caller's string.
 */
export function allowedExternalUrl(raw: unknown, hosts: readonly string[] = EXTERNAL_HOSTS): string | null {
  const url = parseUrl(raw)
  if (!url || url.protocol !== 'https:' || url.username || url.password) return null
  if (url.port !== '') return null
  if (!hosts.includes(url.hostname.toLowerCase())) return null
  return url.href
}
