/**
 * The changes of one item over the whole timeline (timeline.itemHistory) and
 * the change that last set a row at a point (timeline.why), read from the
 * effect columns; a session follows its logical session across login rotation.
 */
import { normalizeName } from '../engine/model/values.js'
import { OP_SET, STATUS_CODES } from './codes.js'
import type { ItemChange, Point } from './results.js'
import type { Timeline } from './timeline.js'

/** Effect i (a set) of step `step` as an item change. */
function change(tl: Timeline, i: number, step: number): ItemChange {
  const c = tl.cols
  const page = c.effectPage.get(i)
  const from = c.effectFrom.get(i)
  const to = c.effectTo.get(i)
  const cause = c.effectCause.get(i)
  return {
    step,
    phase: c.phaseOfEffect(step, i - c.stepFirstEffect.get(step)),
    session: c.sessionIds.get(c.effectSession.get(i)),
    app: c.effectApp.get(i),
    page: page === -1 ? null : page,
    item: c.names.get(c.effectItem.get(i)),
    from: from < 0 ? null : c.values.get(from),
    fromStatus: STATUS_CODES[c.effectFromStatus.get(i)] ?? null,
    to: to < 0 ? null : c.values.get(to),
    toStatus: STATUS_CODES[c.effectToStatus.get(i)] ?? null,
    cause: cause < 0 ? '' : c.causes.get(cause),
  }
}

/**
 * Every change of a session-state item, oldest first. `session` follows the
 * logical session across login rotation (changes made under its earlier
 * ID are included).
 */
export function itemHistory(tl: Timeline, q: { item: string; session?: number; app?: number; limit?: number }): ItemChange[] {
  const c = tl.cols
  const item = c.names.lookup(normalizeName(q.item))
  const exact = item >= 0 ? item : c.names.lookup(q.item)
  if (exact < 0) return []
  const slot = q.session === undefined ? -2 : tl.slotOfSession(q.session)
  if (slot === -1) return []
  const limit = q.limit ?? Infinity
  const op = c.effectOp.raw
  const items = c.effectItem.raw
  const slots = c.effectSlot.raw
  const apps = c.effectApp.raw
  const out: ItemChange[] = []
  const n = c.effectCount
  let step = 0
  const starts = c.stepFirstEffect.raw
  for (let i = 0; i < n && out.length < limit; i++) {
    if (op[i] !== OP_SET || items[i] !== exact) continue
    if (slot !== -2 && slots[i] !== slot) continue
    if (q.app !== undefined && apps[i] !== q.app) continue
    while (starts[step + 1]! <= i) step++
    out.push(change(tl, i, step))
  }
  return out
}

/** The change that last set a row at or before a point, or null when nothing ever did. */
export function why(tl: Timeline, p: Point, q: { session: number; app: number; page: number | null; item: string }): ItemChange | null {
  const c = tl.cols
  const pos = tl.positionOf(p)
  const item = c.names.lookup(normalizeName(q.item))
  const exact = item >= 0 ? item : c.names.lookup(q.item)
  const slot = tl.slotOfSession(q.session)
  if (exact < 0 || slot < 0) return null
  const page = q.page === null ? -1 : q.page
  const op = c.effectOp.raw
  const items = c.effectItem.raw
  const slots = c.effectSlot.raw
  const apps = c.effectApp.raw
  const pages = c.effectPage.raw
  for (let i = pos - 1; i >= 0; i--) {
    if (op[i] === OP_SET && items[i] === exact && slots[i] === slot && apps[i] === q.app && pages[i] === page) return change(tl, i, c.stepOfEffect(i))
  }
  return null
}
