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

/** The index of `cols`, built or rebuilt when missing or when too many effects were appended since. */
export function rowSetPositions(cols: TimelineColumns): RowSetPositions {
  let ix = indexes.get(cols)
  if (!ix || cols.effectCount < ix.upTo || cols.effectCount - ix.upTo > REBUILD_AFTER) {
    ix = build(cols)
    indexes.set(cols, ix)
  }
  return ix
}

/** Forgets the index (effects were dropped: TimelineColumns.truncateTo). */
export function forgetRowSetPositions(cols: TimelineColumns): void {
  indexes.delete(cols)
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

function build(cols: TimelineColumns): RowSetPositions {
  const n = cols.effectCount
  const nk = cols.rowKeySlot.length
  const op = cols.effectOp.raw
  const key = cols.effectKey.raw
  const starts = new Int32Array(nk + 1)
  for (let i = 0; i < n; i++) if (op[i] === OP_SET) starts[key[i]! + 1]!++
  for (let k = 0; k < nk; k++) starts[k + 1]! += starts[k]!
  const fill = starts.slice(0, nk)
  const positions = new Int32Array(starts[nk]!)
  for (let i = 0; i < n; i++) if (op[i] === OP_SET) positions[fill[key[i]!]!++] = i
  return { upTo: n, starts, positions }
}
