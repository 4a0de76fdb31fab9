/**
 * The session slots that may have rows at a point, without looking at every
 * row key. A row is present at effect position `pos` only if it was present
 * at the last checkpoint at or before `pos` or a set effect since wrote it
 * (only set effects change a row's presence): the slots of those keys are a
 * superset of the slots with rows, and the caller checks each row's status.
 *
 * Why: at a million-event trace's end ~1,000 of 126,000 slots have rows, and
 * the state's row keys were found by testing all 628,000 row keys (10–80 ms
 * of a jump's answer, most of it on a loaded machine); a checkpoint's rows
 * and the effects since it are ~10,000 keys.
 */
import { OP_SET } from './codes.js'
import { lastCheckpointAtOrBefore } from './dense-state.js'
import type { TimelineColumns } from './timeline-columns.js'

/** Slots (ascending) that may have rows at `pos`, or null when testing every row key is the cheaper way. */
export function slotsWithRowsAt(c: TimelineColumns, pos: number): Int32Array | null {
  const below = lastCheckpointAtOrBefore(c.checkpoints, pos)
  const cp = below >= 0 ? c.checkpoints[below]! : null
  const from = cp ? cp.pos : 0
  const cpRows = cp ? cp.rows : null
  if (pos - from + (cpRows ? cpRows.length >> 1 : 0) >= c.rowKeySlot.length) return null
  const slotOfKey = c.rowKeySlot.raw
  const mark = new Uint8Array(c.slotFirstSession.length)
  let n = 0
  const add = (k: number) => {
    const s = slotOfKey[k]!
    if (mark[s] === 0) {
      mark[s] = 1
      n++
    }
  }
  if (cpRows) for (let i = 0; i < cpRows.length; i += 2) add(cpRows[i]!)
  const op = c.effectOp.raw
  const key = c.effectKey.raw
  for (let i = from; i < pos; i++) if (op[i] === OP_SET) add(key[i]!)
  const out = new Int32Array(n)
  for (let s = 0, j = 0; j < n; s++) if (mark[s] !== 0) out[j++] = s
  return out
}
