/**
 * A tiny server-and-browsers world for the isolation property: sessions with
 * their cookie values and the browser that made them, browsers with their
 * jars, and the four things that change them (a request, a clone in a second
 * tab, a login, a logout), each applied the way docs/browsers-and-sessions.md
 * says the wired lifecycle will. Only `decideJoin` decides who joins what.
 */
import type { Browser, JoinDecision, RejoinSessions, SessionView } from '../../../src-main/engine/browsers/index.js'
import {
  clearCookie,
  cookieValue,
  cookieValueFor,
  decideJoin,
  effectiveRejoin,
  newBrowser,
  originalOf,
  sessionCookieOf,
  setCookie,
  withJar,
} from '../../../src-main/engine/browsers/index.js'

export interface WorldSession extends SessionView {
  /** The browser whose request created it (or cloned it). */
  owner: string
}

export interface World {
  browsers: Map<string, Browser>
  sessions: Map<number, WorldSession>
  /** Every session ID ever issued, so a "pasted link" can name a dead one too. */
  issued: number[]
  nextId: number
  clock: number
}

export interface AppSpec {
  id: number
  sessionCookie?: { name: string }
  rejoin?: RejoinSessions
}

export type Action =
  | { kind: 'request'; browser: string; app: number; url: 'none' | 'zero' | { issued: number } | 'unknown'; payload: boolean; checksum: 'valid' | 'missing' | 'invalid'; pageRejoin?: RejoinSessions }
  | { kind: 'clone'; browser: string; app: number }
  | { kind: 'login'; browser: string; app: number }
  | { kind: 'logout'; browser: string; app: number }

export interface Decided {
  browser: string
  decision: JoinDecision
  /** Owner of the joined session, or of the live session the URL named and was refused. */
  owner: string | null
}

export function newWorld(browsers: string[]): World {
  return { browsers: new Map(browsers.map((b) => [b, newBrowser(b)])), sessions: new Map(), issued: [], nextId: 1_000_000_000_000, clock: 0 }
}

function live(w: World): Map<number, SessionView> {
  return w.sessions
}

function held(w: World, browser: string, app: AppSpec): WorldSession | undefined {
  const c = sessionCookieOf(app)
  const value = cookieValue(w.browsers.get(browser)!.jar, c.name, c.path)
  return value === null ? undefined : (originalOf(live(w), value) as WorldSession | undefined)
}

function setBrowserCookie(w: World, browser: string, app: AppSpec, value: string | null): void {
  const b = w.browsers.get(browser)!
  const c = sessionCookieOf(app)
  w.browsers.set(browser, withJar(b, value === null ? clearCookie(b.jar, c.name, c.path) : setCookie(b.jar, c.name, value, c.path)))
}

/** Applies one action; a request returns its decision (for the property to check). */
export function apply(w: World, apps: AppSpec[], instance: RejoinSessions, a: Action): Decided | null {
  w.clock++
  const app = apps.find((x) => x.id === a.app)!
  if (a.kind === 'request') {
    const urlSession =
      a.url === 'none' ? '' : a.url === 'zero' ? '0' : a.url === 'unknown' ? '42' : String(w.issued[a.url.issued % Math.max(1, w.issued.length)] ?? '')
    const decision = decideJoin({
      jar: w.browsers.get(a.browser)!.jar,
      cookie: sessionCookieOf(app),
      urlSession,
      live: live(w),
      rejoin: effectiveRejoin({ instance, app: app.rejoin, page: a.pageRejoin }),
      payload: a.payload,
      checksum: a.checksum,
    })
    if (decision.kind === 'join') return { browser: a.browser, decision, owner: w.sessions.get(decision.session)!.owner }
    const refusedOwner = decision.refused === null ? null : w.sessions.get(decision.refused)!.owner
    // A new session: its cookie goes to this browser only.
    const id = w.nextId++
    w.issued.push(id)
    w.sessions.set(id, { id, cookie: cookieValueFor(id), authenticated: false, createdAt: w.clock, owner: a.browser })
    setBrowserCookie(w, a.browser, app, cookieValueFor(id))
    return { browser: a.browser, decision, owner: refusedOwner }
  }
  const s = held(w, a.browser, app)
  if (s === undefined) return null
  if (a.kind === 'clone') {
    // APEX_CLONE_SESSION in a second tab: a new ID, the same cookie value (reference §9).
    const id = w.nextId++
    w.issued.push(id)
    w.sessions.set(id, { ...s, id, createdAt: w.clock, owner: a.browser })
  } else if (a.kind === 'login') {
    // Login rotates the ID and issues a new cookie value to the whole group sharing it.
    const id = w.nextId++
    w.issued.push(id)
    const fresh = cookieValueFor(id)
    for (const m of [...w.sessions.values()].filter((x) => x.cookie === s.cookie)) w.sessions.set(m.id, { ...m, cookie: fresh, authenticated: true })
    const moved = w.sessions.get(s.id)!
    w.sessions.delete(s.id)
    w.sessions.set(id, { ...moved, id })
    setBrowserCookie(w, a.browser, app, fresh)
  } else {
    // Logout deletes every session sharing the cookie value, and clears the cookie.
    for (const m of [...w.sessions.values()].filter((x) => x.cookie === s.cookie)) w.sessions.delete(m.id)
    setBrowserCookie(w, a.browser, app, null)
  }
  return null
}
