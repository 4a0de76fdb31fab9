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
import { browsersAtEffect, implicitBrowserOf } from './browser-state.js'
import { cloneTreeInSlices, cloneTreeOf, listOf } from './session-filter.js'
import type { CloneTree, SessionList } from './session-filter.js'
import { filterTreeInSlices, windowOf } from './session-window.js'
import { SliceCounter, inOneSlice, runWhole } from './work-slices.js'
import type { Sliced } from './work-slices.js'
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

/**
 * The whole tree of a request, as indexes: rows are built only for the
 * window asked (`rows`). Scrolling asks other windows of the same tree.
 */
export interface BrowserTree extends Omit<BrowserWindow, 'rows'> {
  rows(offset: number, limit: number): BrowserTreeRow[]
}

export function browserWindow(sessions: readonly TimelineSession[] | SessionList, browsers: readonly BrowserFacts[], req: BrowserWindowRequest): BrowserWindow {
  const list = Array.isArray(sessions) ? listOf(sessions as readonly TimelineSession[]) : (sessions as SessionList)
  const tree = browserTree(list, browsers, req)
  return { grouped: tree.grouped, browsers: tree.browsers, total: tree.total, sessions: tree.sessions, rows: tree.rows(req.offset, req.limit) }
}

/**
 * The whole tree of a request. `cloneTree` gives the clone-group trees of every session in `list` (the flat
 * list's order) when the caller keeps them: a filter typed then filters a kept tree instead of ordering again.
 */
export function browserTree(
  list: SessionList,
  browsers: readonly BrowserFacts[],
  req: Omit<BrowserWindowRequest, 'offset' | 'limit'>,
  cloneTree: () => CloneTree = () => cloneTreeOf(list),
): BrowserTree {
  return runWhole(browserTreeInSlices(list, browsers, req, () => inOneSlice(cloneTree)))
}

/** browserTree in slices (work-slices.ts), yielding as `slice` fills; `cloneTree` is sliced too. */
export function* browserTreeInSlices(
  list: SessionList,
  browsers: readonly BrowserFacts[],
  req: Omit<BrowserWindowRequest, 'offset' | 'limit'>,
  cloneTree: () => Sliced<CloneTree>,
  slice: SliceCounter = new SliceCounter(Infinity),
): Sliced<BrowserTree> {
  const needle = (req.filter ?? '').trim().toLowerCase()
  const { createdAt, group, groupCount, browser, browserNames } = list.columns
  const n = list.length
  // An implicit browser holds exactly one clone group (its name is the group's): the tree needs a browser
  // level only when a browser was named — by the timeline, or by a session's record.
  let grouped = browsers.some((b) => !b.implicit)
  for (let i = 0; !grouped && i < n; i++) {
    if (slice.add()) yield
    if (browser[i]! >= 0) grouped = true
  }

  if (!grouped) {
    const flat = yield* filterTreeInSlices(list, yield* cloneTree(), needle, slice)
    const total = flat.kept ? flat.kept.length : flat.tree.index.length
    // One implicit browser per clone group.
    const seen = new Uint8Array(groupCount)
    let groups = 0
    for (let i = 0; i < n; i++)
      if (seen[group[i]!] === 0) {
        seen[group[i]!] = 1
        groups++
      }
    return {
      grouped,
      browsers: groups + browsers.length,
      total,
      sessions: total,
      rows: (offset, limit) => windowOf(list, flat, offset, limit).rows.map((r) => ({ kind: 'session', session: r.session, browser: null, depth: r.depth, clones: r.clones })),
    }
  }

  // The browser each session is listed under, as a number: a named one's index, else past them its clone group's implicit one.
  const named = browserNames.length
  const ownerOf = new Int32Array(n)
  const count = new Int32Array(named + groupCount)
  const firstCreated = new Float64Array(named + groupCount).fill(Infinity)
  /** Owners in the order of their first session in the list. */
  const owners: number[] = []
  for (let i = 0; i < n; i++) {
    if (slice.add()) yield
    const o = browser[i]! >= 0 ? browser[i]! : named + group[i]!
    ownerOf[i] = o
    if (count[o] === 0) owners.push(o)
    count[o]!++
    firstCreated[o] = Math.min(firstCreated[o]!, createdAt[i]!)
  }
  // Each owner's sessions, in list order, one after another (a counting sort).
  const startOf = new Int32Array(named + groupCount + 1)
  for (let o = 0; o < named + groupCount; o++) startOf[o + 1] = startOf[o]! + count[o]!
  const bucket = new Int32Array(n)
  const fill = startOf.slice(0, named + groupCount)
  for (let i = 0; i < n; i++) bucket[fill[ownerOf[i]!]!++] = i
  const nameOf = (o: number): string => (o < named ? browserNames[o]! : implicitBrowserOf({ groupId: list.groupId(bucket[startOf[o]!]!) }))
  const ownerByName = new Map<string, number>()
  for (const o of owners) ownerByName.set(nameOf(o), o)
  const facts = new Map(browsers.map((b) => [b.name, b]))

  // Browsers in the order of their first session (the timeline's order for those without one yet, after them).
  const order = [...new Set([...facts.keys(), ...ownerByName.keys()])]
  const rank = new Map(order.map((name, i) => [name, i]))
  const created = (name: string) => {
    const o = ownerByName.get(name)
    return o === undefined ? Infinity : firstCreated[o]!
  }
  order.sort((a, b) => created(a) - created(b) || rank.get(a)! - rank.get(b)!)

  /** The filter also looks at the name of the browser a session is listed under. */
  const ownerNameLower = new Map<number, string>()
  const filterList: SessionList = {
    length: n,
    columns: list.columns,
    groupId: (i) => list.groupId(i),
    session: (i) => list.session(i),
    matches: (i, x) => {
      if (list.matches(i, x)) return true
      const o = ownerOf[i]!
      let name = ownerNameLower.get(o)
      if (name === undefined) ownerNameLower.set(o, (name = nameOf(o).toLowerCase()))
      return name.includes(x)
    },
  }
  const scratch = new Int32Array(groupCount).fill(-1)
  const collapsed = new Set(req.collapsed ?? [])
  const withSessions = req.sessions !== false
  /** The rows as plans: a browser row (built here: there are few) or a session's index with its depth and clones. */
  const browserRows: (BrowserTreeRow | null)[] = []
  const rowBrowser: string[] = []
  const rowSession: number[] = []
  const rowDepth: (0 | 1 | 2)[] = []
  const rowClones: number[] = []
  let matching = 0
  for (const name of order) {
    const fact = facts.get(name) ?? { name, implicit: true, opened: false, cookies: [] }
    if (req.namedOnly && fact.implicit) continue
    const o = ownerByName.get(name)
    const members = o === undefined ? new Int32Array(0) : bucket.subarray(startOf[o]!, startOf[o + 1]!)
    const nameMatches = needle !== '' && name.toLowerCase().includes(needle)
    const shown = yield* filterTreeInSlices(filterList, yield* cloneTreeInSlices(list, members, scratch, slice), nameMatches ? '' : needle, slice)
    const shownCount = shown.kept ? shown.kept.length : shown.tree.index.length
    if (needle !== '' && !nameMatches && shownCount === 0) continue
    matching += shownCount
    const expanded = withSessions && !collapsed.has(name)
    browserRows.push({ kind: 'browser', browser: { ...fact, sessions: members.length }, expanded, depth: 0 })
    rowBrowser.push(name)
    rowSession.push(-1)
    rowDepth.push(0)
    rowClones.push(0)
    if (!expanded) continue
    for (let j = 0; j < shownCount; j++) {
      if (slice.add()) yield
      const k = shown.kept ? shown.kept[j]! : j
      browserRows.push(null)
      rowBrowser.push(name)
      rowSession.push(shown.tree.index[k]!)
      rowDepth.push(shown.tree.depth[k] === 0 ? 1 : 2)
      rowClones.push(shown.tree.clones[k]!)
    }
  }
  return {
    grouped,
    browsers: order.length,
    total: browserRows.length,
    sessions: matching,
    rows: (offset, limit) => {
      const out: BrowserTreeRow[] = []
      for (let j = Math.max(0, offset); j < browserRows.length && j < offset + limit; j++)
        out.push(browserRows[j] ?? { kind: 'session', session: list.session(rowSession[j]!), browser: rowBrowser[j]!, depth: rowDepth[j]!, clones: rowClones[j]! })
      return out
    },
  }
}

/**
 * Every browser a trace event or the user named at a point, with its cookies (the session each points
 * to, with its alias, and the apps using that cookie): the timeline's browser state. At the last step of
 * a live workspace, also `opened`, the browsers opened and not used yet. `aliasOf` names a cookie's
 * session among every session at the point (ended ones too). Implicit browsers are not
 * listed: they hold no cookie the engine keeps, and browserWindow names them from their sessions.
 */
export function browserFactsAt(w: Workspace, point: Point, aliasOf: (session: number) => string | null, opened: readonly string[]): BrowserFacts[] {
  const at = browsersAtEffect(w.timeline.cols, w.timeline.positionOf(point))
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
