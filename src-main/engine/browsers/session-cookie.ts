/**
 * APEX's session cookie (reference §8.1): its name comes from the app's
 * authentication scheme ("Session Sharing" / cookie name), its value is the
 * session record's cookie value (WWV_FLOW_SESSIONS$.COOKIE_VALUE), not the
 * session ID. Apps whose schemes name the same cookie share the session
 * (a request to the other app with that session ID joins it, semantics §1);
 * clones keep the original's cookie value (`p_share_cookie` default true,
 * reference §9); a login issues a new value (`update_cookie_value`, against
 * session fixation).
 */
import { DEFAULT_COOKIE_PATH } from './cookie-jar.js'

/** Where a session cookie lives. */
export interface SessionCookieSpec {
  name: string
  path: string
}

/**
 * The cookie an app uses when its definition names none. APEX derives the
 * default name from the workspace/app (`ORA_WWV_APP_<n>`, reference §8.1);
 * one per app id keeps apps apart unless a definition says they share.
 */
export function defaultCookieName(appId: number): string {
  return `ORA_WWV_APP_${appId}`
}

/** The app's cookie from its definition's optional `sessionCookie` (app-definition.ts), defaults filled in. */
export function sessionCookieOf(app: { id: number; sessionCookie?: { name?: string; path?: string } }): SessionCookieSpec {
  return {
    name: app.sessionCookie?.name?.trim() || defaultCookieName(app.id),
    path: app.sessionCookie?.path?.trim() || DEFAULT_COOKIE_PATH,
  }
}

/**
 * The cookie value of a new session (or of a session whose login rotated
 * it). APEX's is random; ours is derived from the session ID that received
 * it, which is already unique and deterministic under a trace seed, and
 * readable in the UI ("this browser holds ORA_WWV-4711…"). Nothing parses
 * it back: which session a cookie points to is always found by comparing
 * values with the session records (join-decision.ts).
 */
export function cookieValueFor(sessionId: number): string {
  if (!Number.isSafeInteger(sessionId) || sessionId <= 0) throw new RangeError(`session ID ${sessionId} is not a positive integer`)
  return `ORA_WWV-${sessionId}`
}
