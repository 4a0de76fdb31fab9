/**
 * Browsers and session cookies in the request lifecycle (issue #16): the
 * effects that create a browser and set, renew or clear its session cookie,
 * the ownership check every operation from an explicit browser makes, and
 * the small view of live sessions the join decision reads.
 *
 * Only events that name a browser, and sessions such events started, ever
 * reach this code: a trace without browsers emits none of these effects and
 * keeps its exact steps (docs/browsers-and-sessions.md §4).
 */
import type { CompiledApp } from '../app/compiled-app.js'
import { cookieAt, cookieValue } from '../browsers/cookie-jar.js'
import type { SessionView } from '../browsers/join-decision.js'
import type { SessionCookieSpec } from '../browsers/session-cookie.js'
import { sessionCookieOf } from '../browsers/session-cookie.js'
import type { SessionRecord } from '../model/effect.js'
import { ANONYMOUS_USER } from '../model/values.js'
import type { EngineContext } from './engine-context.js'
import type { StepRecorder } from './step-recorder.js'

/** The browser an operation acts from, as Engine.dispatch resolved it. */
export interface BrowserUse {
  /** The browser's name; null: a session of an implicit browser (or none yet), the pre-issue-16 rules. */
  name: string | null
  /** The event named it: its URLs are typed (checked for checksums) and the cookie rules apply. */
  explicit: boolean
}

/** The legacy use: no browser named, no session owned by one. */
export const NO_BROWSER: BrowserUse = Object.freeze({ name: null, explicit: false })

/** Implicit browsers' names start with this; an event may not name one. */
export const IMPLICIT_PREFIX = '~'

/** Emits `browser created` when `name` is new. */
export function ensureBrowser(ctx: EngineContext, rec: StepRecorder, name: string, cause: string): void {
  if (ctx.state.browsers.has(name)) return
  rec.emit({ op: 'browser', event: 'created', browser: name, cause })
}

/** The app's session cookie. */
export function appCookie(app: CompiledApp): SessionCookieSpec {
  return sessionCookieOf(app.def)
}

/** The value of the app's session cookie the browser sends, or null. */
export function heldValue(ctx: EngineContext, browser: string, cookie: SessionCookieSpec): string | null {
  const b = ctx.state.browsers.get(browser)
  return b ? cookieValue(b.jar, cookie.name, cookie.path) : null
}

/** Sets (value) or clears (null) the cookie in `browser`, as one reversible effect; nothing when it already is so. */
export function setSessionCookie(ctx: EngineContext, rec: StepRecorder, browser: string, cookie: SessionCookieSpec, value: string | null, session: number | null, cause: string): void {
  const b = ctx.state.browsers.get(browser)
  if (!b) throw new Error(`internal: browser ${browser} does not exist`)
  const from = cookieAt(b.jar, cookie.name, cookie.path)
  if (from === value) return
  rec.emit(
    session !== null
      ? { op: 'cookie', browser, name: cookie.name, path: cookie.path, from, to: value, session, cause }
      : { op: 'cookie', browser, name: cookie.name, path: cookie.path, from, to: value, cause },
  )
}

/**
 * Every cookie of `browser` whose value is `from` gets `to` (a login renews
 * the value: every app cookie that pointed to the session follows), or is
 * cleared (`to` null: a logout).
 */
export function replaceCookieValue(ctx: EngineContext, rec: StepRecorder, browser: string, from: string, to: string | null, session: number, cause: string): void {
  const b = ctx.state.browsers.get(browser)
  if (!b) return
  for (const c of [...b.jar.cookies.values()]) if (c.value === from) setSessionCookie(ctx, rec, browser, { name: c.name, path: c.path }, to, session, cause)
}

/**
 * Why `browser` may not act on `session` in `app` (null when it may): its
 * cookie for the app must hold the session's cookie value. The POST half of
 * seed 001 §3.5.2 ("checks the session ID … with the session cookie").
 */
export function notHeldReason(ctx: EngineContext, browser: string, session: SessionRecord, cookie: SessionCookieSpec): string | null {
  const held = heldValue(ctx, browser, cookie)
  if (held !== null && session.cookie !== undefined && held === session.cookie) return null
  return `session ${session.id} is not held by browser ${browser}: its cookie ${cookie.name} ${held === null ? 'is not set' : `holds ${held}`}${session.cookie === undefined ? ', and the session belongs to another browser' : `, not ${session.cookie}`}`
}

/** A value no jar can hold (cookie values are printable ASCII): sessions without a cookie are never held. */
const NEVER_HELD = '\u0000'

/**
 * The live sessions the join decision can be about: the one the URL names
 * and those whose cookie value equals the browser's: the members of one
 * clone group, not a pass over every session record.
 */
export function sessionViews(ctx: EngineContext, named: number | null, held: string | null): Map<number, SessionView> {
  const out = new Map<number, SessionView>()
  const add = (s: SessionRecord) => out.set(s.id, { id: s.id, cookie: s.cookie ?? NEVER_HELD, authenticated: s.user !== ANONYMOUS_USER, createdAt: s.createdAt })
  if (named !== null) {
    const s = ctx.state.sessions.get(named)
    if (s && s.ended === null) add(s)
  }
  if (held === null) return out
  // Sessions share a cookie value only within a clone group (a clone copies it, a login renews it for the
  // group's members), and the value names a session of that group (cookieValueFor): look in that group only.
  const anchor = ctx.state.sessions.get(sessionIdOfCookie(held))
  const candidates = anchor !== undefined && anchor.cookie === held ? ctx.state.sessions.inGroup(anchor.groupId) : ctx.state.sessions.values()
  for (const s of candidates) if (s.ended === null && s.cookie === held) add(s)
  return out
}

/** The session ID a cookie value of cookieValueFor names, or -1 (no such session). */
function sessionIdOfCookie(value: string): number {
  const m = /^ORA_WWV-(\d{1,16})$/.exec(value)
  return m ? Number(m[1]) : -1
}
