/**
 * The rows of a state as columns (timeline.state with `encoding: 'columns'`,
 * StateRowColumns in results.ts): strings interned once, sessions as runs —
 * a fraction of the bytes of row objects and cheap to parse.
 */
import { STATUS_CODES } from './codes.js'
import type { StateRowColumns } from './results.js'
import type { Timeline } from './timeline.js'

/** Row status codes as character codes ('I', 'U', 'R'; 0 = no row). */
const STATUS_CHARS = Uint8Array.from(STATUS_CODES, (x) => (x === null ? 63 : x.charCodeAt(0)))

/** The rows at the cursor in columns, with their last changes (`sets`, from lastSetsAt). */
export function rowColumns(tl: Timeline, keys: Int32Array, sets: { eff: Int32Array; step: Int32Array }): StateRowColumns {
  const c = tl.cols
  const cursor = tl.state
  const n = keys.length
  const strings: string[] = []
  const nameOut = new Int32Array(c.names.count).fill(-1)
  const causeOut = new Int32Array(c.causes.count).fill(-1)
  // Value ids to string positions: an array when the value table is not much bigger than the answer.
  const valueArr = c.values.count <= Math.max(1 << 20, n * 16) ? new Int32Array(c.values.count).fill(-1) : null
  const valueMap = valueArr ? null : new Map<number, number>()
  const app: number[] = new Array(n)
  const page: number[] = new Array(n)
  const item: number[] = new Array(n)
  const value: number[] = new Array(n)
  const status = Buffer.allocUnsafe(n)
  const changedStep: number[] = new Array(n)
  const changedPhase: number[] = new Array(n)
  const changedCause: number[] = new Array(n)
  const sessionRuns: number[] = []
  const rowKeyApp = c.rowKeyApp.raw
  const rowKeyPage = c.rowKeyPage.raw
  const rowKeyItem = c.rowKeyItem.raw
  const rowKeySlot = c.rowKeySlot.raw
  const effectCause = c.effectCause.raw
  const stepFirstEffect = c.stepFirstEffect.raw
  let slot = -1
  for (let j = 0; j < n; j++) {
    const k = keys[j]!
    if (rowKeySlot[k] !== slot) {
      slot = rowKeySlot[k]!
      sessionRuns.push(c.sessionIds.get(cursor.sessionOf(slot)), 0)
    }
    sessionRuns[sessionRuns.length - 1]!++
    app[j] = rowKeyApp[k]!
    page[j] = rowKeyPage[k]!
    const name = rowKeyItem[k]!
    let ni = nameOut[name]!
    if (ni < 0) ni = nameOut[name] = strings.push(c.names.get(name)) - 1
    item[j] = ni
    const v = cursor.rowValue[k]!
    if (v < 0) value[j] = -1
    else if (valueArr) {
      let vi = valueArr[v]!
      if (vi < 0) vi = valueArr[v] = strings.push(c.values.get(v)) - 1
      value[j] = vi
    } else {
      let vi = valueMap!.get(v)
      if (vi === undefined) valueMap!.set(v, (vi = strings.push(c.values.get(v)) - 1))
      value[j] = vi
    }
    status[j] = STATUS_CHARS[cursor.rowStatus[k]!]!
    const e = sets.eff[j]!
    if (e < 0) {
      changedStep[j] = -1
      changedPhase[j] = -1
      changedCause[j] = -1
      continue
    }
    const step = sets.step[j]!
    changedStep[j] = step
    changedPhase[j] = c.phaseOfEffect(step, e - stepFirstEffect[step]!)
    const cause = effectCause[e]!
    if (cause < 0) changedCause[j] = -1
    else {
      let ci = causeOut[cause]!
      if (ci < 0) ci = causeOut[cause] = strings.push(c.causes.get(cause)) - 1
      changedCause[j] = ci
    }
  }
  return { length: n, strings, sessionRuns, app, page, item, value, status: status.toString('latin1'), changedStep, changedPhase, changedCause }
}
