/**
 * Checkpoints at any spacing, rebuilt from the columns in one forward pass
 * (docs/timeline.md: the checkpoint-spacing study; a workspace can change its
 * spacing without re-reading its trace).
 */
import { I32 } from './columns/growable.js'
import { OP_SET } from './codes.js'
import { DenseState } from './dense-state.js'
import type { Checkpoint } from './dense-state.js'
import type { TimelineColumns } from './timeline-columns.js'

/**
 * Checkpoints at another spacing, computed by one forward pass over the
 * columns (the checkpoint-spacing study of the benchmark; also lets a
 * workspace change its spacing without re-reading the trace).
 */
export function checkpointsAtSpacing(cols: TimelineColumns, every: number): Checkpoint[] {
  const d = new DenseState(cols)
  d.restore(null)
  const live = new I32()
  const pos = new Int32Array(cols.rowKeySlot.length).fill(-1)
  const op = cols.effectOp.raw
  const key = cols.effectKey.raw
  const toSt = cols.effectToStatus.raw
  const out: Checkpoint[] = []
  for (let s = 0; s < cols.stepCount; s++) {
    const end = cols.stepFirstEffect.get(s + 1)
    for (let i = d.pos; i < end; i++) {
      if (op[i] !== OP_SET) continue
      const k = key[i]!
      const was = d.rowStatus[k] !== 0
      const now = toSt[i] !== 0
      d.forward(i + 1)
      if (!was && now) pos[k] = live.push(k)
      else if (was && !now) {
        const p = pos[k]!
        const last = live.get(live.length - 1)
        live.set(p, last)
        pos[last] = p
        live.length--
        pos[k] = -1
      }
    }
    d.forward(end)
    if ((s + 1) % every === 0) {
      // Slots under a tombstone in force here come from the tombstone columns.
      const since = cols.tombstoneSince.raw
      out.push(d.capture(s, live.view(), (slot) => since[slot]! <= end))
    }
  }
  return out
}
