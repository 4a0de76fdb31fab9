/**
 * The last change of rows: the set effect that gave a row its value at a
 * point, as step, phase and cause (what `timeline.why` answers for one row,
 * for many rows at once).
 */
import { OP_SET } from './codes.js'
import { builtRowSetPositions, lastSetBefore, rowSetPositions } from './row-set-positions.js'
import type { LastChange } from './results.js'
import type { Timeline } from './timeline.js'

/** The change made by effect i (a set) of step `step`, as the state table shows it. */
export function lastChange(tl: Timeline, i: number, step: number): LastChange | null {
  if (i < 0) return null
  const c = tl.cols
  const cause = c.effectCause.get(i)
  return { step, phase: c.phaseOfEffect(step, i - c.stepFirstEffect.get(step)), cause: cause < 0 ? '' : c.causes.get(cause) }
}

/** Below this many effects before the point, a backward scan answers (no index is built for small timelines). */
export const SCAN_ONLY_UP_TO = 1 << 16

/**
 * For each row key, the last set effect before `pos` and its step (-1:
 * none). Effects the row-set index covers (row-set-positions.ts) cost one
 * binary search per key; a tail appended since it was built is scanned
 * backward first (it holds the latest changes). Short timelines are scanned
 * backward only: cheaper than building the index.
 */
export function lastSetsAt(tl: Timeline, keys: Int32Array, pos: number, scanOnlyUpTo = SCAN_ONLY_UP_TO): { eff: Int32Array; step: Int32Array } {
  const c = tl.cols
  const eff = new Int32Array(keys.length).fill(-1)
  const stepOf = new Int32Array(keys.length).fill(-1)
  if (keys.length === 0 || pos === 0) return { eff, step: stepOf }
  // Near the start a backward scan is cheaper than building the index — not than using it once built (after a
  // big trace opened, search hits near its start scanned up to 65,536 effects each). Infinity: always the scan.
  const ix = pos > scanOnlyUpTo ? rowSetPositions(c) : scanOnlyUpTo === Number.POSITIVE_INFINITY ? null : builtRowSetPositions(c)
  const scannedDownTo = ix ? Math.min(pos, ix.upTo) : 0
  let left = keys.length
  if (pos > scannedDownTo) left = scanBackward(c, keys, pos, scannedDownTo, eff)
  if (ix && left > 0) for (let j = 0; j < keys.length; j++) if (eff[j]! < 0) eff[j] = lastSetBefore(ix, keys[j]!, scannedDownTo)
  for (let j = 0; j < keys.length; j++) if (eff[j]! >= 0) stepOf[j] = c.stepOfEffect(eff[j]!)
  return { eff, step: stepOf }
}

/**
 * The last set of each key among effects [downTo, pos), scanning backward;
 * stops once every key is found. Returns how many keys are still unfound.
 */
function scanBackward(c: Timeline['cols'], keys: Int32Array, pos: number, downTo: number, eff: Int32Array): number {
  // Key → index in `keys` + 1 while still looked for: a map, so the cost follows the keys asked, not all row keys.
  const want = new Map<number, number>()
  for (let j = 0; j < keys.length; j++) want.set(keys[j]!, j)
  const op = c.effectOp.raw
  const key = c.effectKey.raw
  let left = keys.length
  for (let i = pos - 1; i >= downTo; i--) {
    if (op[i] !== OP_SET) continue
    const j = want.get(key[i]!)
    if (j === undefined) continue
    eff[j] = i
    want.delete(key[i]!)
    if (--left === 0) break
  }
  return left
}

/** Row key k as it is at the cursor (the caller checks it exists). */
