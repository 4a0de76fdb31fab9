/**
 * The state table's row order — session (by creation time, then ID), app,
 * page (application items first), item — kept up to date incrementally, so
 * stepping through a 50,000-row state costs a few binary searches rather
 * than a full sort.
 */
import type { RowEntry } from './rows.js'

export type SessionOrder = (session: number) => number

export function makeComparator(order: SessionOrder): (a: RowEntry, b: RowEntry) => number {
  return (a, b) => {
    if (a.session !== b.session) {
      const oa = order(a.session)
      const ob = order(b.session)
      return oa !== ob ? oa - ob : a.session - b.session
    }
    if (a.app !== b.app) return a.app - b.app
    const pageA = a.page ?? -1
    const pageB = b.page ?? -1
    if (pageA !== pageB) return pageA - pageB
    return a.item < b.item ? -1 : a.item > b.item ? 1 : 0
  }
}

/** Index of `row` (same sort position) or the insertion point, as `-(i + 1)`. */
export function binarySearch(arr: readonly RowEntry[], row: RowEntry, cmp: (a: RowEntry, b: RowEntry) => number): number {
  let lo = 0
  let hi = arr.length - 1
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1
    const c = cmp(arr[mid]!, row)
    if (c < 0) lo = mid + 1
    else if (c > 0) hi = mid - 1
    else return mid
  }
  return -(lo + 1)
}

/**
 * Applies row replacements to a sorted array (returns a new array).
 * `before` is the entry that was in the array (or null), `after` the new one
 * (or null when the row went away). Falls back to a full sort for big batches.
 */
export function patchSorted(
  arr: readonly RowEntry[],
  changes: readonly { before: RowEntry | null; after: RowEntry | null }[],
  cmp: (a: RowEntry, b: RowEntry) => number,
  all: () => Iterable<RowEntry>,
): RowEntry[] {
  if (changes.length > 2000) return [...all()].sort(cmp)
  const out = arr.slice()
  for (const { before, after } of changes) {
    if (before && after && cmp(before, after) === 0) {
      const i = binarySearch(out, before, cmp)
      if (i >= 0) {
        out[i] = after
        continue
      }
    }
    if (before) {
      const i = binarySearch(out, before, cmp)
      if (i >= 0) out.splice(i, 1)
    }
    if (after) {
      const i = binarySearch(out, after, cmp)
      if (i >= 0) out[i] = after
      else out.splice(-(i + 1), 0, after)
    }
  }
  return out
}
