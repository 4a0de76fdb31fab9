/**
 * Where each row was set: for every row key, the positions of the set
 * effects that wrote it, ascending (one array grouped by key, with each
 * key's start). The last change of a row at a point is then one binary
 * search. timeline.state gives every row it sends its last change; a
 * backward scan over the effects stops only once the oldest of them is
 * found — at a million-event trace's end 4.4 million effects back for some
 * row, ~25 ms and an array as long as all row keys per call.
 *
 * Built in two passes over the op and key columns on first use (~4 bytes
 * per set effect). Effects appended later (live steps) are not in it: the
 * caller scans that tail backward, and the index is rebuilt once the tail is
 * longer than REBUILD_AFTER. Dropped effects (TimelineColumns.truncateTo)
 * forget it.
 */
import { OP_SET } from './codes.js'
import type { TimelineColumns } from './timeline-columns.js'
import { runWhole } from './work-slices.js'

export interface RowSetPositions {
  /** Effects [0, upTo) are indexed. */
  upTo: number
  /** Key k's set positions are positions[starts[k] … starts[k + 1]); keys ≥ starts.length - 1 are newer than the index. */
  starts: Int32Array
  positions: Int32Array
}

/** A tail of unindexed effects longer than this rebuilds the index (a backward scan of it costs about as much as the rebuild's share). */
export const REBUILD_AFTER = 1 << 16

const indexes = new WeakMap<TimelineColumns, RowSetPositions>()
/** A build made in parts while the engine was idle (rowSetPositionsInParts), not finished yet. */
const pending = new WeakMap<TimelineColumns, Generator<void, RowSetPositions>>()

/** Effects per part of a build: ~2–3 ms of one pass at a million events. */
export const EFFECTS_PER_PART = 1 << 17

function stale(cols: TimelineColumns, ix: RowSetPositions | undefined): boolean {
  return !ix || cols.effectCount < ix.upTo || cols.effectCount - ix.upTo > REBUILD_AFTER
}

/** The index of `cols`, built or rebuilt when missing or when too many effects were appended since (a build begun in parts is finished). */
export function rowSetPositions(cols: TimelineColumns): RowSetPositions {
  let ix = indexes.get(cols)
  if (stale(cols, ix)) {
    const begun = pending.get(cols)
    pending.delete(cols)
    ix = begun ? runWhole(begun) : undefined
    // A build begun before many effects were appended is rebuilt (the same rule as for a built one).
    if (stale(cols, ix)) ix = runWhole(build(cols))
    indexes.set(cols, ix!)
  }
  return ix!
}

/** The index when it is built and still holds (a short timeline's queries use it then rather than scanning), else null. */
export function builtRowSetPositions(cols: TimelineColumns): RowSetPositions | null {
  const ix = indexes.get(cols)
  return stale(cols, ix) ? null : ix!
}

/**
 * Builds the index in parts (EFFECTS_PER_PART effects each), yielding between them: a query that needs it
 * meanwhile finishes the build (rowSetPositions), and this job then stops. At a million events the
 * whole build is ~0.2 s, which the first state after opening used to wait for.
 */
export function* rowSetPositionsInParts(cols: TimelineColumns, effectsPerPart = EFFECTS_PER_PART): Generator<void, void> {
  if (!stale(cols, indexes.get(cols))) return
  let job = pending.get(cols)
  if (!job) {
    job = build(cols, effectsPerPart)
    pending.set(cols, job)
  }
  for (;;) {
    // Finished by a query, or forgotten (effects dropped): nothing left to do.
    if (pending.get(cols) !== job) return
    const r = job.next()
    if (r.done) {
      pending.delete(cols)
      indexes.set(cols, r.value)
      return
    }
    yield
  }
}

/** Forgets the index (effects were dropped: TimelineColumns.truncateTo), and a build of it under way. */
export function forgetRowSetPositions(cols: TimelineColumns): void {
  indexes.delete(cols)
  pending.delete(cols)
}

/** The last position in key k's list that is `< before`, or -1. */
export function lastSetBefore(ix: RowSetPositions, k: number, before: number): number {
  if (k + 1 >= ix.starts.length) return -1
  const p = ix.positions
  let lo = ix.starts[k]!
  let hi = ix.starts[k + 1]!
  // First index in [lo, hi) whose position is >= before; the one before it is the answer.
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    if (p[mid]! < before) lo = mid + 1
    else hi = mid
  }
  return lo > ix.starts[k]! ? p[lo - 1]! : -1
}

/** Two passes over effects [0, n) as they are when the build begins (appended ones come after n, never change it). */
function* build(cols: TimelineColumns, perPart = EFFECTS_PER_PART): Generator<void, RowSetPositions> {
  const n = cols.effectCount
  const nk = cols.rowKeySlot.length
  const op = cols.effectOp.raw
  const key = cols.effectKey.raw
  const starts = new Int32Array(nk + 1)
  for (let from = 0; from < n; from += perPart) {
    const to = Math.min(n, from + perPart)
    for (let i = from; i < to; i++) if (op[i] === OP_SET) starts[key[i]! + 1]!++
    yield
  }
  for (let k = 0; k < nk; k++) starts[k + 1]! += starts[k]!
  const fill = starts.slice(0, nk)
  const positions = new Int32Array(starts[nk]!)
  for (let from = 0; from < n; from += perPart) {
    const to = Math.min(n, from + perPart)
    for (let i = from; i < to; i++) if (op[i] === OP_SET) positions[fill[key[i]!]!++] = i
    if (to < n) yield
  }
  return { upTo: n, starts, positions }
}
