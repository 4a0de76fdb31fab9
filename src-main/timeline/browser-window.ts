/**
 * One window of the Sessions panel's tree at a point (timeline.browsers,
 * issue #16): browsers a level above sessions, each with its cookies and the
 * sessions it owns (as clone-group trees), filtered and windowed by the
 * engine — so a workspace with 100,000 sessions costs the panel the ~90 rows
 * it shows, whatever their grouping.
 *
 * Old traces name no browser: every clone group then has an implicit browser
 * of its own (`~<group ID>`, timeline/browser-state.ts). A browser level would only repeat each session
 * once more, so when every browser is implicit and holds one clone group
 * (docs/decisions.md "Sessions panel: browsers only when they say
 * something"), the tree is the flat clone-group list it always was
 * (`grouped: false`).
 */
import type { TimelineSession } from './results.js'
import type { Point } from './timeline.js'
import type { Workspace } from './workspace.js'
import { browserOfSession, browsersAtEffect } from './browser-state.js'
import { cloneTreeOrder, sessionMatches } from './session-filter.js'
import { sessionCookieOf } from '../engine/browsers/session-cookie.js'

/** A cookie in a browser's jar: APEX's session cookie, the session it points to (when that session is known), the apps that use that name. */
export interface BrowserCookieAtPoint {
  name: string
  path: string
  value: string
  /** The session the cookie points to (null: none the engine knows at the point). */
  session: number | null
  alias: string | null
  /** The apps whose session cookie has this name and path (apps sharing a cookie share the session). */
  apps: number[]
}

/** A browser at a point. */
export interface BrowserAtPoint {
  name: string
  /** The implicit browser of a clone group whose events named none (`~<group ID>`), not one the trace or the user named. */
  implicit: boolean
  /** Opened live (browser.open) and not used yet: it enters the trace with its first request. */
  opened: boolean
  cookies: BrowserCookieAtPoint[]
  /** The sessions it owns at the point (those listed under it, before any filter or `liveOnly`). */
  sessions: number
}

/** What the timeline knows of one browser at a point (input of browserWindow; sessions come from the state). */
export interface BrowserFacts {
  name: string
  implicit: boolean
  opened: boolean
  cookies: BrowserCookieAtPoint[]
}

export type BrowserTreeRow =
  | { kind: 'browser'; browser: BrowserAtPoint; expanded: boolean; depth: 0 }
  | {
      kind: 'session'
      session: TimelineSession
      /** The browser it is listed under (null in the flat list). */
      browser: string | null
      /** Flat list: 0 a clone group's root, 1 a clone. Grouped: 1 a root, 2 a clone (the browser is 0). */
      depth: 0 | 1 | 2
      /** Clones under a root (0 for a clone). */
      clones: number
    }

export interface BrowserWindow {
  /** false: every browser is implicit and holds one clone group — the rows are sessions only, as before browsers. */
  grouped: boolean
  /** Browsers at the point (all of them, before the filter). */
  browsers: number
  /** Rows that match the filter, in tree order. */
  total: number
  /** Sessions among them (listed under collapsed browsers too). */
  sessions: number
  /** Those from `offset`, at most `limit`. */
  rows: BrowserTreeRow[]
}

export interface BrowserWindowRequest {
  offset: number
  limit: number
  /** Kept: sessions whose ID, alias, user, status or browser contains it (ignoring case), and browsers whose name contains it. */
  filter?: string
  /** Browsers shown without their sessions. */
  collapsed?: readonly string[]
  /** false: browser rows only. */
  sessions?: boolean
  /** Only browsers named by the trace or the user (leave the implicit ones out). */
  namedOnly?: boolean
}

export function browserWindow(sessions: readonly TimelineSession[], browsers: readonly BrowserFacts[], req: BrowserWindowRequest): BrowserWindow {
  const needle = (req.filter ?? '').trim().toLowerCase()
  // An implicit browser holds exactly one clone group (its name is the group's): the tree needs a browser
  // level only when a browser was named — by the timeline, or by a session's record. No allocation per session.
  const grouped = browsers.some((b) => !b.implicit) || sessions.some((s) => s.browser !== undefined)

  if (!grouped) {
    const rows: BrowserTreeRow[] = []
    for (const r of cloneTreeOrder(sessions)) if (needle === '' || sessionMatches(r.session, needle)) rows.push({ kind: 'session', session: r.session, browser: null, depth: r.depth, clones: r.clones })
    // One implicit browser per clone group.
    const groups = new Set(sessions.map((s) => s.groupId)).size
    return { grouped, browsers: groups + browsers.length, total: rows.length, sessions: rows.length, rows: rows.slice(req.offset, req.offset + req.limit) }
  }

  const facts = new Map(browsers.map((b) => [b.name, b]))
  /** Sessions by the browser they are listed under: the one their record names, else their clone group's implicit one. */
  const owned = new Map<string, TimelineSession[]>()
  for (const s of sessions) {
    const name = browserOfSession(s)
    let list = owned.get(name)
    if (!list) owned.set(name, (list = []))
    list.push(s)
  }

  // Browsers in the order of their first session (the timeline's order for those without one yet, after them).
  const order = [...new Set([...facts.keys(), ...owned.keys()])]
  const rank = new Map(order.map((name, i) => [name, i]))
  const firstCreated = (name: string) => owned.get(name)?.reduce((m, s) => Math.min(m, s.createdAt), Infinity) ?? Infinity
  const created = new Map(order.map((name) => [name, firstCreated(name)]))
  order.sort((a, b) => created.get(a)! - created.get(b)! || rank.get(a)! - rank.get(b)!)

  const collapsed = new Set(req.collapsed ?? [])
  const withSessions = req.sessions !== false
  const rows: BrowserTreeRow[] = []
  let matching = 0
  for (const name of order) {
    const fact = facts.get(name) ?? { name, implicit: true, opened: false, cookies: [] }
    if (req.namedOnly && fact.implicit) continue
    const list = owned.get(name) ?? []
    const nameMatches = needle !== '' && name.toLowerCase().includes(needle)
    const trees = cloneTreeOrder(list)
    const shown = needle === '' || nameMatches ? trees : trees.filter((r) => matches(r.session, needle))
    if (needle !== '' && !nameMatches && shown.length === 0) continue
    matching += shown.length
    const expanded = withSessions && !collapsed.has(name)
    rows.push({ kind: 'browser', browser: { ...fact, sessions: list.length }, expanded, depth: 0 })
    if (!expanded) continue
    for (const r of shown) rows.push({ kind: 'session', session: r.session, browser: name, depth: r.depth === 0 ? 1 : 2, clones: r.clones })
  }
  return { grouped, browsers: order.length, total: rows.length, sessions: matching, rows: rows.slice(req.offset, req.offset + req.limit) }
}

/** The panel's session filter (session-filter.ts), plus the browser a session is listed under. */
function matches(s: TimelineSession, needle: string): boolean {
  return sessionMatches(s, needle) || browserOfSession(s).toLowerCase().includes(needle)
}

/**
 * Every browser a trace event or the user named at a point, with its cookies (the session each points
 * to, with its alias, and the apps using that cookie): the timeline's browser state. At the last step of
 * a live workspace, also `opened`, the browsers opened and not used yet. Implicit browsers are not
 * listed: they hold no cookie the engine keeps, and browserWindow names them from their sessions.
 */
export function browserFactsAt(w: Workspace, point: Point, allSessions: () => readonly TimelineSession[], opened: readonly string[]): BrowserFacts[] {
  const at = browsersAtEffect(w.timeline.cols, w.timeline.positionOf(point))
  let aliases: Map<number, string | null> | null = null
  const aliasOf = (id: number) => (aliases ??= new Map(allSessions().map((s) => [s.id, s.alias]))).get(id) ?? null
  const cookieApps = new Map<string, number[]>()
  for (const app of w.engine?.apps.values() ?? []) {
    const c = sessionCookieOf(app.def)
    const key = `${c.name}\u0000${c.path}`
    cookieApps.set(key, [...(cookieApps.get(key) ?? []), app.def.id])
  }
  const facts: BrowserFacts[] = at.map((b) => ({
    name: b.name,
    implicit: false,
    opened: false,
    cookies: b.cookies.map((c) => ({ ...c, alias: c.session === null ? null : aliasOf(c.session), apps: cookieApps.get(`${c.name}\u0000${c.path}`) ?? [] })),
  }))
  if (!w.engine || point.step !== w.timeline.stepCount - 1) return facts
  const known = new Set(facts.map((b) => b.name))
  const unused = opened.filter((name) => !known.has(name))
  return unused.length === 0 ? facts : [...facts, ...unused.map((name) => ({ name, implicit: false, opened: true, cookies: [] }))]
}
