/**
 * One window of the session list at a point (timeline.sessions): the
 * sessions as clone-group trees — a group's first session is the root, its
 * clones below it in creation order, roots in creation order — filtered by
 * the engine, with the number that match, so the Sessions panel asks for the
 * ~30 rows it shows instead of every live session (a million-event trace has
 * ~1,000 at its end; a workspace may have 100,000).
 */
import type { TimelineSession } from './results.js'
import { cloneTreeOrder as treeOrder, sessionMatches as matches } from './session-filter.js'

export interface SessionWindowRow {
  session: TimelineSession
  /** 0: a clone group's root; 1: a clone under it. */
  depth: 0 | 1
  /** Number of clones under a root (0 for a clone). */
  clones: number
}

export interface SessionWindow {
  /** Sessions that match the filter (all of them without one). */
  total: number
  /** Those from `offset`, at most `limit`, in tree order. */
  rows: SessionWindowRow[]
}

export interface SessionWindowRequest {
  offset: number
  limit: number
  /** Kept when the session's ID, alias, user or status contains it, ignoring case. */
  filter?: string
}

export function sessionWindow(sessions: readonly TimelineSession[], req: SessionWindowRequest): SessionWindow {
  const needle = (req.filter ?? '').trim().toLowerCase()
  const matching = needle === '' ? treeOrder(sessions) : treeOrder(sessions).filter((r) => matches(r.session, needle))
  return { total: matching.length, rows: matching.slice(req.offset, req.offset + req.limit) }
}
