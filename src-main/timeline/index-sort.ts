/**
 * Sorting session indexes by creation time, then ID, in slices
 * (work-slices.ts). At 100,000 sessions created at the same simulated time
 * (a trace with no waits) the order is by ID, which the slots do not follow,
 * and one TypedArray sort of the indexes was the longest piece of the
 * Sessions panel's build that a key press had to wait for.
 *
 * A bottom-up merge sort: log2(n) passes, each moving every index once, so it
 * yields every `slice` moves whatever the input. The order is total when IDs
 * are unique (they are among the sessions at a point), so the result equals
 * any other correct sort's.
 */
import type { SliceCounter, Sliced } from './work-slices.js'

/** Moves counted at once inside a merge (a slice may run over its size by fewer than this). */
export const MOVES_COUNTED_AT_ONCE = 1024

/** Sorts `order` (indexes into the columns) by createdAt, then id, in place. */
export function* sortByCreationInSlices(order: Int32Array, createdAt: Float64Array, id: Float64Array, slice: SliceCounter): Sliced<void> {
  const n = order.length
  if (n < 2) return
  const before = (a: number, b: number) => createdAt[a]! < createdAt[b]! || (createdAt[a] === createdAt[b] && id[a]! < id[b]!)
  let from: Int32Array = order
  let to: Int32Array = new Int32Array(n)
  for (let width = 1; width < n; width *= 2) {
    for (let lo = 0; lo < n; lo += 2 * width) {
      const mid = Math.min(lo + width, n)
      const hi = Math.min(lo + 2 * width, n)
      let i = lo
      let j = mid
      for (let k = lo; k < hi; k++) {
        if (i < mid && (j >= hi || !before(from[j]!, from[i]!))) to[k] = from[i++]!
        else to[k] = from[j++]!
        // Counted by the thousand inside a merge: the last passes merge a few blocks as long as the list.
        if ((k - lo) % MOVES_COUNTED_AT_ONCE === MOVES_COUNTED_AT_ONCE - 1 && slice.add(MOVES_COUNTED_AT_ONCE)) yield
      }
      if (slice.add((hi - lo) % MOVES_COUNTED_AT_ONCE)) yield
    }
    const t = from
    from = to
    to = t
  }
  if (from !== order) order.set(from)
}
