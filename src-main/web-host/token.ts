/**
 * The browser host's one-time token: random per run, compared in constant
 * time, accepted from the `token` query parameter or the host's cookie
 * (which the page gets with index.html, so its assets and reloads work
 * without the token in every URL).
 */
import { randomBytes, timingSafeEqual } from 'node:crypto'
import type { IncomingMessage } from 'node:http'

export const TOKEN_COOKIE = 'ss_token'

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

export function cookieValue(header: string | undefined, name: string): string | null {
  if (!header) return null
  for (const part of header.split(';')) {
    const i = part.indexOf('=')
    if (i < 0) continue
    if (part.slice(0, i).trim() === name) return decodeURIComponent(part.slice(i + 1).trim())
  }
  return null
}

/** The token a request carries (query first, then cookie). */
export function requestToken(req: IncomingMessage, url: URL): { token: string | null; from: 'query' | 'cookie' | null } {
  const q = url.searchParams.get('token')
  if (q !== null) return { token: q, from: 'query' }
  const c = cookieValue(req.headers.cookie, TOKEN_COOKIE)
  if (c !== null) return { token: c, from: 'cookie' }
  return { token: null, from: null }
}

export function tokenCookie(token: string): string {
  return `${TOKEN_COOKIE}=${encodeURIComponent(token)}; Path=/; HttpOnly; SameSite=Strict`
}
