/**
 * One window of the session list at a point (timeline.sessions): the
 * sessions as clone-group trees — a group's first session is the root, its
 * clones below it in creation order, roots in creation order — filtered by
 * the engine, with the number that match, so the Sessions panel asks for the
 * ~30 rows it shows instead of every live session (a million-event trace has
 * ~1,000 at its end; a workspace may have 100,000).
 *
 * The order and the filter work on indexes (session-filter.ts); only the
 * rows of the window are built as sessions.
 */
import type { TimelineSession } from './results.js'
import { cloneTreeOf, listOf } from './session-filter.js'
import { SliceCounter, runWhole } from './work-slices.js'
import type { Sliced } from './work-slices.js'
import type { CloneTree, SessionList } from './session-filter.js'

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

/** The filtered tree: positions in `tree` of the sessions that match (all of them: null). */
export interface FilteredTree {
  tree: CloneTree
  kept: Int32Array | null
}

/** The sessions of `tree` that match `filter` (session-filter.ts), in tree order. */
export function filterTree(list: SessionList, tree: CloneTree, filter: string | undefined): FilteredTree {
  return runWhole(filterTreeInSlices(list, tree, filter, new SliceCounter(Infinity)))
}

/** filterTree in slices (work-slices.ts): the first filter at a point reads every session's fields. */
export function* filterTreeInSlices(list: SessionList, tree: CloneTree, filter: string | undefined, slice = new SliceCounter()): Sliced<FilteredTree> {
  const needle = (filter ?? '').trim().toLowerCase()
  if (needle === '') return { tree, kept: null }
  const kept: number[] = []
  for (let k = 0; k < tree.index.length; k++) {
    if (slice.add()) yield
    if (list.matches(tree.index[k]!, needle)) kept.push(k)
  }
  return { tree, kept: Int32Array.from(kept) }
}

/** Rows `offset`… (at most `limit`) of a filtered tree, built as sessions. */
export function windowOf(list: SessionList, f: FilteredTree, offset: number, limit: number): SessionWindow {
  const total = f.kept ? f.kept.length : f.tree.index.length
  const rows: SessionWindowRow[] = []
  for (let j = Math.max(0, offset); j < total && j < offset + limit; j++) {
    const k = f.kept ? f.kept[j]! : j
    rows.push({ session: list.session(f.tree.index[k]!), depth: f.tree.depth[k] as 0 | 1, clones: f.tree.clones[k]! })
  }
  return { total, rows }
}

export function sessionWindow(sessions: readonly TimelineSession[] | SessionList, req: SessionWindowRequest): SessionWindow {
  const list = Array.isArray(sessions) ? listOf(sessions as readonly TimelineSession[]) : (sessions as SessionList)
  return windowOf(list, filterTree(list, cloneTreeOf(list), req.filter), req.offset, req.limit)
}
