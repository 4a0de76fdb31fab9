/**
 * The browser host's one-time token: random per run, compared in constant
 * time, accepted from the `token` query parameter or the host's cookie
 * (which the page gets with index.html, so its assets and reloads work
 * without the token in every URL).
 *
 * Everything here is total: a malformed Cookie header (`ss_token=%`, which
 * once threw URIError before the token check and ended the process) is a
 * request without a token — a 401 — never an exception.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto'
import type { IncomingMessage } from 'node:http'

export const TOKEN_COOKIE = 'ss_token'
/** Longest Cookie header read (Node caps the whole head at 16 KiB anyway). */
export const MAX_COOKIE_HEADER = 8192

export function newToken(): string {
  return randomBytes(24).toString('base64url')
}

export function tokensEqual(expected: string, given: string | null | undefined): boolean {
  if (typeof given !== 'string') return false
  const a = Buffer.from(expected, 'utf8')
  const b = Buffer.from(given, 'utf8')
  // Compare equal-length buffers only; the length check itself leaks nothing useful (tokens have a fixed length).
  if (a.length !== b.length) {
    timingSafeEqual(a, a)
    return false
  }
  return timingSafeEqual(a, b)
}

/** `decodeURIComponent` that answers null instead of throwing on a malformed escape. */
export function decodeComponent(s: string): string | null {
  try {
    return decodeURIComponent(s)
  } catch {
    return null
  }
}

/**
 * The value of cookie `name` in a Cookie header, percent-decoded; null when
 * absent, when the header is too long, or when the value is not valid
 * percent-encoding. The first cookie of that name counts (as browsers send
 * the most specific first).
 */
export function cookieValue(header: string | undefined, name: string): string | null {
  if (typeof header !== 'string' || header.length === 0 || header.length > MAX_COOKIE_HEADER) return null
  for (const part of header.split(';')) {
    const i = part.indexOf('=')
    if (i < 0) continue
    if (part.slice(0, i).trim() !== name) continue
    let raw = part.slice(i + 1).trim()
    if (raw.length >= 2 && raw.startsWith('"') && raw.endsWith('"')) raw = raw.slice(1, -1)
    return decodeComponent(raw)
  }
  return null
}

/** The token a request carries (query first, then cookie). */
export function requestToken(req: IncomingMessage, query: URLSearchParams): { token: string | null; from: 'query' | 'cookie' | null } {
  const q = query.get('token')
  if (q !== null) return { token: q, from: 'query' }
  const c = cookieValue(req.headers.cookie, TOKEN_COOKIE)
  if (c !== null) return { token: c, from: 'cookie' }
  return { token: null, from: null }
}

export function tokenCookie(token: string): string {
  return `${TOKEN_COOKIE}=${encodeURIComponent(token)}; Path=/; HttpOnly; SameSite=Strict`
}
