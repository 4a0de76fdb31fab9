/**
 * The `app://session-scope/` protocol that serves the built renderer instead
 * of `file://` (Electron security checklist item 18): a page loaded from it has
 * an origin of its own, cannot read the rest of the disk, and gets the CSP as a
 * real response header.
 *
 * `resolveAppRequest` is the pure part (URL → file under the renderer folder, or
 * a refusal): it rejects other hosts, credentials, ports, `..`/`.` segments in
 * any encoding, backslashes, NUL, drive letters, and anything that would resolve
 * outside the root. The rest is thin glue around `protocol.handle`.
 */
import { readFile } from 'node:fs/promises'
import { extname, isAbsolute, relative, resolve, sep } from 'node:path'
import type { Protocol } from 'electron'
import { APP_CSP } from './csp.js'
import { APP_HOST, APP_SCHEME } from './trusted-url.js'

export type AppResolution = { ok: true; filePath: string; mimeType: string } | { ok: false; status: 400 | 403 | 404; reason: string }

const MIME_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.txt': 'text/plain; charset=utf-8',
  '.wasm': 'application/wasm',
}

export function mimeTypeFor(filePath: string): string {
  return MIME_TYPES[extname(filePath).toLowerCase()] ?? 'application/octet-stream'
}

const MAX_URL_LENGTH = 4096

/** Maps an `app://session-scope/<path>` URL to a file inside `rootDir`, or says why not. */
export function resolveAppRequest(rawUrl: string, rootDir: string): AppResolution {
  if (typeof rawUrl !== 'string' || rawUrl.length > MAX_URL_LENGTH) return { ok: false, status: 400, reason: 'URL too long' }
  let url: URL
  try {
    url = new URL(rawUrl)
  } catch {
    return { ok: false, status: 400, reason: 'not a URL' }
  }
  if (url.protocol !== `${APP_SCHEME}:` || url.host !== APP_HOST) return { ok: false, status: 403, reason: `not ${APP_SCHEME}://${APP_HOST}/` }
  if (url.username || url.password || url.port) return { ok: false, status: 403, reason: 'credentials or port in URL' }

  const rawSegments = url.pathname.split('/').slice(1)
  const segments: string[] = []
  for (const raw of rawSegments) {
    let seg: string
    try {
      seg = decodeURIComponent(raw)
    } catch {
      return { ok: false, status: 400, reason: 'bad percent-encoding' }
    }
    // Decoded separators, dot segments, NUL and drive letters could each step outside the root.
    if (seg === '.' || seg === '..' || /[/\\\0:]/.test(seg)) return { ok: false, status: 403, reason: `forbidden path segment ${JSON.stringify(seg)}` }
    segments.push(seg)
  }
  if (segments.length === 0 || segments[segments.length - 1] === '') {
    if (segments.length > 0) segments.pop()
    segments.push('index.html')
  }
  if (segments.some((s) => s === '')) return { ok: false, status: 403, reason: 'empty path segment' }

  const root = resolve(rootDir)
  const filePath = resolve(root, ...segments)
  const rel = relative(root, filePath)
  if (rel === '' || rel.startsWith('..') || isAbsolute(rel) || !filePath.startsWith(root + sep)) return { ok: false, status: 403, reason: 'outside the renderer folder' }
  return { ok: true, filePath, mimeType: mimeTypeFor(filePath) }
}

/** Headers on every response: the CSP (item 7) and a few cheap hardening headers. */
export function responseHeaders(mimeType: string): Record<string, string> {
  return {
    'content-type': mimeType,
    'content-security-policy': APP_CSP,
    'x-content-type-options': 'nosniff',
    'cross-origin-opener-policy': 'same-origin',
    'referrer-policy': 'no-referrer',
    'cache-control': 'no-cache',
  }
}

export type FileReader = (path: string) => Promise<Uint8Array>

/** The `protocol.handle` handler: GET/HEAD only, resolved path, CSP header; 403/404 otherwise. */
export function createAppProtocolHandler(rootDir: string, read: FileReader = readFile): (request: Request) => Promise<Response> {
  return async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return new Response('method not allowed', { status: 405 })
    const resolved = resolveAppRequest(request.url, rootDir)
    if (!resolved.ok) return new Response(resolved.reason, { status: resolved.status, headers: { 'content-type': 'text/plain; charset=utf-8' } })
    let body: Uint8Array
    try {
      body = await read(resolved.filePath)
    } catch {
      return new Response('not found', { status: 404, headers: { 'content-type': 'text/plain; charset=utf-8' } })
    }
    return new Response(request.method === 'HEAD' ? null : (body as Uint8Array<ArrayBuffer>), { status: 200, headers: responseHeaders(resolved.mimeType) })
  }
}

/** Privileges for app:// — must be registered before `app` is ready. */
export const APP_SCHEME_PRIVILEGES = {
  scheme: APP_SCHEME,
  privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true },
} as const

export function registerAppScheme(protocol: Pick<Protocol, 'registerSchemesAsPrivileged'>): void {
  protocol.registerSchemesAsPrivileged([{ ...APP_SCHEME_PRIVILEGES, privileges: { ...APP_SCHEME_PRIVILEGES.privileges } }])
}

export function installAppProtocol(protocol: Pick<Protocol, 'handle'>, rootDir: string): void {
  protocol.handle(APP_SCHEME, createAppProtocolHandler(rootDir))
}
