/**
 * How the Sessions panel orders and filters sessions, in one place for both
 * of its answers: timeline.sessions (session-window.ts, the flat list) and
 * timeline.browsers (browser-window.ts, the same trees under browsers). A
 * change to the order or to what the filter looks at is made here once.
 *
 * Both work on a SessionList: the fields they read as typed columns, sessions
 * built whole only for the rows a window shows. At 100,000 sessions building every session
 * object cost the panel over a second per new point (issue #14); the list
 * the engine hands it (sessions-at-point.ts) reads the timeline's columns
 * instead. `listOf` wraps an array of sessions in the same interface.
 */
import type { TimelineSession } from './results.js'
import { SliceCounter, runWhole } from './work-slices.js'
import type { Sliced } from './work-slices.js'
import { sortByCreationInSlices } from './index-sort.js'

/** The fields the panel's order and grouping read, one typed array per field (index i: session i). */
export interface SessionColumns {
  id: Float64Array
  createdAt: Float64Array
  /** The session's clone group as a small number: equal groups, equal numbers, all below `groupCount`. */
  group: Int32Array
  groupCount: number
  /** The browser the session's record names, as an index into `browserNames` (-1: none, its clone group's implicit one). */
  browser: Int32Array
  browserNames: readonly string[]
}

/** Sessions by index: their columns, the filter, and the whole session for a row shown. */
export interface SessionList {
  readonly length: number
  readonly columns: SessionColumns
  /** The clone group's ID (its implicit browser is named after it). */
  groupId(i: number): number
  /** Whether the session's ID, alias, user or status contains `needle` (already trimmed and lower-cased). */
  matches(i: number, needle: string): boolean
  /** The whole session (a new object, or the array's own). */
  session(i: number): TimelineSession
}

/** An array of sessions as a SessionList. */
export function listOf(sessions: readonly TimelineSession[]): SessionList {
  const n = sessions.length
  const columns: SessionColumns = { id: new Float64Array(n), createdAt: new Float64Array(n), group: new Int32Array(n), groupCount: 0, browser: new Int32Array(n), browserNames: [] }
  const groups = new Map<number, number>()
  const browsers = new Map<string, number>()
  for (let i = 0; i < n; i++) {
    const s = sessions[i]!
    columns.id[i] = s.id
    columns.createdAt[i] = s.createdAt
    let g = groups.get(s.groupId)
    if (g === undefined) groups.set(s.groupId, (g = groups.size))
    columns.group[i] = g
    let b = -1
    if (s.browser !== undefined) {
      b = browsers.get(s.browser) ?? -1
      if (b < 0) browsers.set(s.browser, (b = browsers.size))
    }
    columns.browser[i] = b
  }
  columns.groupCount = groups.size
  columns.browserNames = [...browsers.keys()]
  return {
    length: n,
    columns,
    groupId: (i) => sessions[i]!.groupId,
    matches: (i, needle) => sessionMatches(sessions[i]!, needle),
    session: (i) => sessions[i]!,
  }
}

/** A session in clone-group tree order. */
export interface CloneTreeRow {
  session: TimelineSession
  /** 0: a clone group's root; 1: a clone under it. */
  depth: 0 | 1
  /** Number of clones under a root (0 for a clone). */
  clones: number
}

/** Clone-group trees as indexes into a SessionList: `index[k]` is the k-th session in tree order. */
export interface CloneTree {
  index: Int32Array
  /** 0: a clone group's root; 1: a clone under it. */
  depth: Uint8Array
  /** Number of clones under a root (0 for a clone). */
  clones: Int32Array
}

/**
 * Clone-group trees: a group's first session is the root, its clones below
 * it in creation order, roots in creation order (ties by ID).
 *
 * One pass over the sessions in creation order gives both orders at once: a
 * group is met first through its earliest session (its root), and its members
 * arrive in creation order. Sorting is needed only when the sessions do not
 * come in that order already; it sorts indexes by the columns. Members are
 * then placed group after group by counting, without an array per group.
 * `scratch` (groupCount entries, all -1) saves an allocation per call when
 * trees are made for many subsets of one list; it is left all -1.
 */
export function cloneTreeOf(list: SessionList, members?: ArrayLike<number>, scratch?: Int32Array): CloneTree {
  return runWhole(cloneTreeInSlices(list, members, scratch, WHOLE))
}

/** Never ends a slice: work run whole counts nothing. */
const WHOLE = new SliceCounter(Infinity)

/**
 * cloneTreeOf in slices (work-slices.ts), yielding as `slice` fills. Dropped between two slices, it may
 * leave `scratch` dirty: a caller that can drop it passes a scratch of its own work (browser-window.ts).
 */
export function* cloneTreeInSlices(list: SessionList, members?: ArrayLike<number>, scratch?: Int32Array, slice: SliceCounter = new SliceCounter()): Sliced<CloneTree> {
  const { id, createdAt, group } = list.columns
  const n = members ? members.length : list.length
  const at = (k: number) => (members ? members[k]! : k)
  let inOrder = true
  for (let k = 1; k < n && inOrder; k++) {
    if (slice.add()) yield
    const a = at(k - 1)
    const b = at(k)
    if (createdAt[a]! > createdAt[b]! || (createdAt[a] === createdAt[b] && id[a]! > id[b]!)) inOrder = false
  }
  const order = new Int32Array(n)
  for (let k = 0; k < n; k++) order[k] = at(k)
  if (!inOrder) yield* sortByCreationInSlices(order, createdAt, id, slice)
  // Groups numbered in the order their first (root) session comes; `numberOf` is all -1 between calls.
  const numberOf = scratch ?? new Int32Array(list.columns.groupCount).fill(-1)
  const groupOf = new Int32Array(n)
  const sizes: number[] = []
  for (let k = 0; k < n; k++) {
    if (slice.add()) yield
    const g = group[order[k]!]!
    let number = numberOf[g]!
    if (number < 0) {
      numberOf[g] = number = sizes.length
      sizes.push(0)
    }
    sizes[number]!++
    groupOf[k] = number
  }
  for (let k = 0; k < n; k++) numberOf[group[order[k]!]!] = -1
  const start = new Int32Array(sizes.length)
  for (let g = 1; g < sizes.length; g++) start[g] = start[g - 1]! + sizes[g - 1]!
  const index = new Int32Array(n)
  const depth = new Uint8Array(n)
  const clones = new Int32Array(n)
  const next = start.slice()
  for (let k = 0; k < n; k++) {
    if (slice.add()) yield
    const g = groupOf[k]!
    const pos = next[g]!++
    index[pos] = order[k]!
    if (pos === start[g]) clones[pos] = sizes[g]! - 1
    else depth[pos] = 1
  }
  return { index, depth, clones }
}

/** Clone-group trees of an array of sessions (cloneTreeOf, with the sessions themselves). */
export function cloneTreeOrder(sessions: readonly TimelineSession[]): CloneTreeRow[] {
  const tree = cloneTreeOf(listOf(sessions))
  return Array.from(tree.index, (i, k) => ({ session: sessions[i]!, depth: tree.depth[k] as 0 | 1, clones: tree.clones[k]! }))
}

/** Whether the session's ID, alias, user or status contains `needle` (already trimmed and lower-cased). */
export function sessionMatches(s: TimelineSession, needle: string): boolean {
  return String(s.id).includes(needle) || (s.alias ?? '').toLowerCase().includes(needle) || (s.user ?? '').toLowerCase().includes(needle) || s.status.includes(needle)
}
