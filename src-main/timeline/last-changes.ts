/**
 * The last change of rows: the set effect that gave a row its value at a
 * point, as step, phase and cause (what `timeline.why` answers for one row,
 * for many rows at once).
 */
import { OP_SET } from './codes.js'
import type { LastChange } from './results.js'
import type { Timeline } from './timeline.js'

/** The change made by effect i (a set) of step `step`, as the state table shows it. */
export function lastChange(tl: Timeline, i: number, step: number): LastChange | null {
  if (i < 0) return null
  const c = tl.cols
  const cause = c.effectCause.get(i)
  return { step, phase: c.phaseOfEffect(step, i - c.stepFirstEffect.get(step)), cause: cause < 0 ? '' : c.causes.get(cause) }
}

/**
 * For each row key, the last set effect before `pos` and its step (-1:
 * none): one backward scan over the effect columns that stops as soon as
 * every key asked for is found — for the returned rows only, nothing kept.
 * The step is tracked as the scan crosses step boundaries.
 */
export function lastSetsAt(tl: Timeline, keys: Int32Array, pos: number): { eff: Int32Array; step: Int32Array } {
  const c = tl.cols
  const eff = new Int32Array(keys.length).fill(-1)
  const stepOf = new Int32Array(keys.length).fill(-1)
  if (keys.length === 0 || pos === 0) return { eff, step: stepOf }
  // want[k] = index in `keys` + 1 while key k is still looked for, else 0.
  const want = new Int32Array(c.rowKeySlot.length)
  for (let j = 0; j < keys.length; j++) want[keys[j]!] = j + 1
  const op = c.effectOp.raw
  const key = c.effectKey.raw
  const stepFirstEffect = c.stepFirstEffect.raw
  let step = c.stepOfEffect(pos - 1)
  let left = keys.length
  for (let i = pos - 1; i >= 0; i--) {
    if (op[i] !== OP_SET) continue
    const k = key[i]!
    const j = want[k]!
    if (j === 0) continue
    while (stepFirstEffect[step]! > i) step--
    eff[j - 1] = i
    stepOf[j - 1] = step
    want[k] = 0
    if (--left === 0) break
  }
  return { eff, step: stepOf }
}

/** Row key k as it is at the cursor (the caller checks it exists). */
