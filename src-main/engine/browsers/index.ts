/**
 * Browsers, session cookies and Rejoin Sessions (issue #16): pure modules,
 * not yet called by the request lifecycle. The wiring plan is in
 * docs/browsers-and-sessions.md.
 */
export type { Cookie, CookieJar } from './cookie-jar.js'
export { CookieError, DEFAULT_COOKIE_PATH, clearCookie, cookieAt, cookieValue, cookiesFor, emptyJar, pathMatches, setCookie } from './cookie-jar.js'
export type { Browser } from './browser.js'
export { BrowserError, FIRST_TAB, jarForTab, newBrowser, openTab, withJar } from './browser.js'
export type { SessionCookieSpec } from './session-cookie.js'
export { cookieValueFor, defaultCookieName, sessionCookieOf } from './session-cookie.js'
export type { EffectiveRejoin, RejoinLevels, RejoinSessions } from './rejoin-sessions.js'
export { APP_DEFAULT_REJOIN, INSTANCE_DEFAULT_REJOIN, REJOIN_CODES, effectiveRejoin, rejoinLabel } from './rejoin-sessions.js'
export type { ChecksumState, JoinDecision, JoinQuestion, SessionView } from './join-decision.js'
export { decideJoin, originalOf } from './join-decision.js'
