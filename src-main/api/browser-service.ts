/**
 * The engine service's two browser methods (issue #16), kept apart from the
 * other handlers: timeline.browsers (the Sessions panel's tree window) and
 * browser.open (a live user opens another browser).
 *
 * browser.open records nothing: an opened browser has an empty jar and no
 * session, so it changes no state until its first request, which names it
 * (`browser`) and records its `browser created` effect — the trace stays a
 * list of what happened (docs/decisions.md "Opening a browser live"). Until
 * then the name is kept here, per workspace, and listed at the last step.
 */
import type { Workspace } from '../timeline/workspace.js'
import type { Point } from '../timeline/timeline.js'
import { ApiFailure } from './dispatcher.js'
import { browserFactsAt as browserFactsWith, browserTreeInSlices } from '../timeline/browser-window.js'
import type { BrowserFacts, BrowserWindow, BrowserWindowRequest } from '../timeline/browser-window.js'
import { browsersAtEffect, implicitBrowserOf } from '../timeline/browser-state.js'
import { derivedInSlices, flatCloneTreeInSlices, sessionsAtPoint, sessionsAtPointInSlices } from '../timeline/sessions-at-point.js'
import { SliceCounter, runWhole } from '../timeline/work-slices.js'
import type { Sliced } from '../timeline/work-slices.js'

/** At most this many browsers opened live and not used yet: beyond, browser.open refuses (a clear error, not a list that grows). */
export const OPENED_BROWSERS_LIMIT = 100

/**
 * Browsers opened live and not used yet, per workspace (a new workspace starts with none), and a number
 * bumped at every change: the tree cache's key holds the number, not the list.
 */
const openedByWorkspace = new WeakMap<Workspace, { names: string[]; version: number }>()
const openedNames = (w: Workspace): string[] => openedByWorkspace.get(w)?.names ?? []

export interface BrowsersRequest extends BrowserWindowRequest {
  point: Point
  liveOnly?: boolean
}

/**
 * One window of the tree at a point. The sessions there are built once per point (sessions-at-point.ts,
 * shared with timeline.sessions and browser.open); the whole tree of a request is kept with them, so
 * scrolling asks for other windows of it at the cost of a slice.
 */
export function browsersWindow(w: Workspace, req: BrowsersRequest): BrowserWindow {
  return runWhole(browsersWindowInSlices(w, req, new SliceCounter(Infinity)))
}

/** browsersWindow in slices (work-slices.ts): timeline.browsers answers this way, so a key press is answered between slices. */
export function* browsersWindowInSlices(w: Workspace, req: BrowsersRequest, slice = new SliceCounter()): Sliced<BrowserWindow> {
  const sessions = yield* sessionsAtPointInSlices(w.timeline, req.point, req.liveOnly === true, slice)
  const opened = openedVersion(w)
  const key = JSON.stringify(['browsers', opened, req.filter ?? '', req.collapsed ?? [], req.sessions !== false, req.namedOnly === true])
  const tree = yield* derivedInSlices(sessions, key, function* () {
    // A cookie may point to an ended session: its alias comes from every session.
    const every = req.liveOnly ? yield* sessionsAtPointInSlices(w.timeline, req.point, false, slice) : sessions
    // The alias index (a map of every session) is made, in slices, only when a cookie names a session (most points
    // have none); the cookies' aliases are filled in then.
    const facts = browserFactsAt(w, req.point, () => null)
    const cookies = facts.flatMap((b) => b.cookies.filter((c) => c.session !== null))
    if (cookies.length > 0) {
      yield* every.indexIds(slice)
      for (const c of cookies) c.alias = every.aliasOf(c.session!)
    }
    // The flat list's clone-group trees are kept with the sessions, shared with timeline.sessions and every filter.
    return yield* browserTreeInSlices(sessions, facts, req, () => flatCloneTreeInSlices(sessions, slice), slice)
  })
  return { grouped: tree.grouped, browsers: tree.browsers, total: tree.total, sessions: tree.sessions, rows: tree.rows(req.offset, req.limit) }
}

/** Bumped at every browser.open in the workspace: part of what a timeline.browsers answer in slices depends on. */
export function openedVersion(w: Workspace): number {
  return openedByWorkspace.get(w)?.version ?? 0
}

/** The browsers at a point (timeline/browser-window.ts), with this workspace's opened and unused ones at its last step. */
export function browserFactsAt(w: Workspace, point: Point, aliasOf: (session: number) => string | null): BrowserFacts[] {
  return browserFactsWith(w, point, aliasOf, openedNames(w))
}

/** Every browser name in use at the workspace's last step: named ones (opened ones too) and the implicit ones of its sessions. */
export function browserNamesAtEnd(w: Workspace): string[] {
  const end = { step: w.timeline.stepCount - 1, phase: null }
  const sessions = sessionsAtPoint(w.timeline, end, false)
  const names = new Set(browserFactsAt(w, end, (id) => sessions.aliasOf(id)).map((b) => b.name))
  for (let i = 0; i < sessions.length; i++) names.add(sessions.browser(i) ?? implicitBrowserOf({ groupId: sessions.groupId(i) }))
  return [...names]
}

/**
 * Opens a browser in the live workspace: `name`, or `B<n>` with n one more
 * than the named browsers there are (implicit ones, one per clone group of
 * an old trace, are not counted: a trace with 28,000 sessions still opens
 * "B1"), skipping names in use. A name the workspace already has is refused,
 * naming it; so is an opened browser beyond OPENED_BROWSERS_LIMIT unused ones.
 */
export function openBrowser(w: Workspace, name: string | undefined, existing: readonly string[]): { name: string; opened: string[] } {
  if (!w.engine) throw new ApiFailure({ code: 'forbidden', message: 'this trace is recorded only (it has no app definitions): no browser can be opened in it' })
  // Still unused: not recorded by the timeline at its last step (`existing` lists the opened ones too).
  const recorded = new Set(browsersAtEffect(w.timeline.cols, w.timeline.positionOf({ step: w.timeline.stepCount - 1, phase: null })).map((b) => b.name))
  const unused = openedNames(w).filter((x) => !recorded.has(x))
  if (unused.length >= OPENED_BROWSERS_LIMIT)
    throw new ApiFailure({ code: 'forbidden', message: `${OPENED_BROWSERS_LIMIT} browsers are open and not used yet: send a request from one of them before opening another` })
  const taken = new Set([...existing, ...unused].map((n) => n.toLowerCase()))
  let chosen = name?.trim()
  if (chosen !== undefined) {
    if (taken.has(chosen.toLowerCase())) throw new ApiFailure({ code: 'invalidPayload', message: `name: a browser named ${chosen} is already open`, field: 'name' })
  } else {
    let n = [...taken].filter((x) => !x.startsWith('~')).length + 1
    while (taken.has(`b${n}`)) n++
    chosen = `B${n}`
  }
  const next = [...unused, chosen]
  openedByWorkspace.set(w, { names: next, version: (openedByWorkspace.get(w)?.version ?? 0) + 1 })
  return { name: chosen, opened: next }
}
