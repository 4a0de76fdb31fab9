/**
 * A browser's cookie jar (issue #16), reduced to what APEX's session cookie
 * needs: cookies are set and cleared by name and path, and a request to a
 * path is sent the cookies whose path is a prefix of it (RFC 6265 §5.1.4,
 * "path-match"). Expiry, domains and flags are not modelled: the debugger's
 * browsers talk to one APEX instance and its session cookies live as long as
 * the browser (seed 001 §3.5.2: "maintained for the life of the application
 * (or browser) session").
 *
 * The jar is an immutable value: every change returns a new jar, so a step
 * can keep the jar before and after it (reversible effects) and a property
 * test can replay any sequence without aliasing surprises. Pure: no I/O.
 */

export interface Cookie {
  name: string
  /** Always begins with '/'. */
  path: string
  value: string
}

/** Cookies keyed by name and path: a second cookie with the same name and path replaces the first (RFC 6265 §5.3 step 11). */
export interface CookieJar {
  readonly cookies: ReadonlyMap<string, Cookie>
}

export class CookieError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'CookieError'
  }
}

/** The path APEX's session cookies get when the app names none: the whole site. */
export const DEFAULT_COOKIE_PATH = '/'

const EMPTY: CookieJar = Object.freeze({ cookies: new Map<string, Cookie>() })

export function emptyJar(): CookieJar {
  return EMPTY
}

/** Sets (or replaces) the cookie `name` at `path`. */
export function setCookie(jar: CookieJar, name: string, value: string, path: string = DEFAULT_COOKIE_PATH): CookieJar {
  checkName(name)
  checkPath(path)
  checkValue(name, value)
  const cookies = new Map(jar.cookies)
  cookies.set(keyOf(name, path), { name, path, value })
  return { cookies }
}

/** Removes the cookie `name` at `path` (as a Set-Cookie with an expiry in the past does); absent is not an error. */
export function clearCookie(jar: CookieJar, name: string, path: string = DEFAULT_COOKIE_PATH): CookieJar {
  checkName(name)
  checkPath(path)
  const key = keyOf(name, path)
  if (!jar.cookies.has(key)) return jar
  const cookies = new Map(jar.cookies)
  cookies.delete(key)
  return { cookies }
}

/**
 * The cookies a request to `requestPath` carries, most specific path first
 * (RFC 6265 §5.4: longer paths are listed first; the order of equal paths
 * follows the jar, which is insertion order).
 */
export function cookiesFor(jar: CookieJar, requestPath: string = DEFAULT_COOKIE_PATH): Cookie[] {
  checkPath(requestPath)
  return [...jar.cookies.values()].filter((c) => pathMatches(requestPath, c.path)).sort((a, b) => b.path.length - a.path.length)
}

/**
 * The value of cookie `name` a request to `requestPath` carries, or null.
 * With several paths, the first sent (the most specific) is the one a server
 * reading the header from the left sees.
 */
export function cookieValue(jar: CookieJar, name: string, requestPath: string = DEFAULT_COOKIE_PATH): string | null {
  checkName(name)
  return cookiesFor(jar, requestPath).find((c) => c.name === name)?.value ?? null
}

/** The value of the cookie set exactly at `name` and `path` (no path matching), or null: what a cookie effect's before-image is checked against. */
export function cookieAt(jar: CookieJar, name: string, path: string = DEFAULT_COOKIE_PATH): string | null {
  return jar.cookies.get(keyOf(name, path))?.value ?? null
}

/** RFC 6265 §5.1.4: the cookie path is the request path, or a prefix of it ending at a '/' boundary. */
export function pathMatches(requestPath: string, cookiePath: string): boolean {
  if (requestPath === cookiePath) return true
  if (!requestPath.startsWith(cookiePath)) return false
  return cookiePath.endsWith('/') || requestPath.charAt(cookiePath.length) === '/'
}

function keyOf(name: string, path: string): string {
  // NUL cannot occur in a cookie name (checkName), so the key is unambiguous.
  return `${name}\u0000${path}`
}

/** RFC 6265 §4.1.1: a cookie name is an HTTP token. */
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/

function checkName(name: string): void {
  if (typeof name !== 'string' || !TOKEN.test(name)) throw new CookieError(`cookie name ${JSON.stringify(name)} is not a valid token (letters, digits and !#$%&'*+-.^_\`|~ only)`)
}

function checkPath(path: string): void {
  if (typeof path !== 'string' || !path.startsWith('/') || /[;\s]/.test(path))
    throw new CookieError(`cookie path ${JSON.stringify(path)} must begin with '/' and contain no ';' or blanks`)
}

/** RFC 6265 §4.1.1 cookie-octet: no controls, blanks, '"', ',', ';' or '\\'. */
const COOKIE_OCTETS = /^[\x21\x23-\x2B\x2D-\x3A\x3C-\x5B\x5D-\x7E]*$/

function checkValue(name: string, value: string): void {
  if (typeof value !== 'string' || !COOKIE_OCTETS.test(value))
    throw new CookieError(`value of cookie ${name} must be printable ASCII without blanks, '"', ',', ';' or '\\'`)
}
