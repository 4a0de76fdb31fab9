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
import type { TimelineSession } from '../timeline/results.js'
import { ApiFailure } from './dispatcher.js'
import { browserFactsAt as browserFactsWith, browserWindow } from '../timeline/browser-window.js'
import type { BrowserFacts, BrowserWindow, BrowserWindowRequest } from '../timeline/browser-window.js'

/** Browsers opened live and not used yet, per workspace (a new workspace starts with none). */
const openedByWorkspace = new WeakMap<Workspace, string[]>()

export interface BrowsersRequest extends BrowserWindowRequest {
  point: Point
  liveOnly?: boolean
}

/** The sessions at a point (the engine service's state without rows), every one or the live ones. */
export type SessionsAt = (point: Point, liveOnly: boolean) => TimelineSession[]

/**
 * The whole tree last built per workspace: scrolling asks for other windows of the same tree, and
 * building it sorts every session (~0.3 s at 28,000), so a scroll costs a slice instead.
 */
const lastTree = new WeakMap<Workspace, { key: string; tree: BrowserWindow }>()

export function browsersWindow(w: Workspace, req: BrowsersRequest, sessionsAt: SessionsAt): BrowserWindow {
  const opened = openedByWorkspace.get(w) ?? []
  const key = JSON.stringify([w.timeline.positionOf(req.point), w.timeline.stepCount, opened, req.liveOnly === true, req.filter ?? '', req.collapsed ?? [], req.sessions !== false, req.namedOnly === true])
  let cached = lastTree.get(w)
  if (cached?.key !== key) {
    const sessions = sessionsAt(req.point, req.liveOnly === true)
    // A cookie may point to an ended session: its alias comes from every session.
    const facts = browserFactsAt(w, req.point, () => (req.liveOnly ? sessionsAt(req.point, false) : sessions))
    cached = { key, tree: browserWindow(sessions, facts, { ...req, offset: 0, limit: Number.MAX_SAFE_INTEGER }) }
    lastTree.set(w, cached)
  }
  const { tree } = cached
  return { ...tree, rows: tree.rows.slice(req.offset, req.offset + req.limit) }
}

/** The browsers at a point (timeline/browser-window.ts), with this workspace's opened and unused ones at its last step. */
export function browserFactsAt(w: Workspace, point: Point, allSessions: () => readonly TimelineSession[]): BrowserFacts[] {
  return browserFactsWith(w, point, allSessions, openedByWorkspace.get(w) ?? [])
}

/**
 * Opens a browser in the live workspace: `name`, or `B<n>` with n one more
 * than the browsers there are (the next free one). A name the workspace
 * already has is refused, naming it.
 */
export function openBrowser(w: Workspace, name: string | undefined, existing: readonly string[]): { name: string; opened: string[] } {
  if (!w.engine) throw new ApiFailure({ code: 'forbidden', message: 'this trace is recorded only (it has no app definitions): no browser can be opened in it' })
  const opened = openedByWorkspace.get(w) ?? []
  const taken = new Set([...existing, ...opened].map((n) => n.toLowerCase()))
  let chosen = name?.trim()
  if (chosen !== undefined) {
    if (taken.has(chosen.toLowerCase())) throw new ApiFailure({ code: 'invalidPayload', message: `name: a browser named ${chosen} is already open`, field: 'name' })
  } else {
    // Numbered after every browser there is: an old trace's one implicit browser and a new one make "B2".
    let n = taken.size + 1
    while (taken.has(`b${n}`)) n++
    chosen = `B${n}`
  }
  const next = [...opened.filter((x) => !existing.includes(x)), chosen]
  openedByWorkspace.set(w, next)
  return { name: chosen, opened: next }
}
