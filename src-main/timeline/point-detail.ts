/**
 * What happened at a point, as the state view highlights it: the step there
 * (exactly as loaded or simulated), the rows its effects — or, inside the
 * step, the effects of the phase shown — changed, and, before a step's
 * clear-cache phase, the rows that phase is about to reset. Computed from
 * the one step's event line, so it costs the size of the step.
 */
import type { Effect } from '../engine/model/effect.js'
import type { Step } from '../engine/model/step.js'
import type { Point, PointDetail, RowChangeAtPoint, RowRef } from './results.js'

export function pointDetail(step: Step | null, p: Point): PointDetail {
  if (!step) return { step: null, changes: [], pending: [] }
  const phase = p.phase === undefined || p.phase === null ? null : p.phase
  const shown = phase === null ? null : step.phases[phase]
  const first = shown ? shown.start : 0
  const end = shown ? shown.end : step.effects.length
  const phaseOf = (i: number): number => step.phases.findIndex((range) => i >= range.start && i < range.end)
  const byRow = new Map<string, RowChangeAtPoint>()
  for (let i = first; i < end; i++) {
    const e = step.effects[i]
    if (!isSet(e)) continue
    const key = rowId(e)
    const change: RowChangeAtPoint = {
      session: e.session,
      app: e.app,
      page: e.page,
      item: e.item,
      kind: e.toStatus === null ? 'removed' : e.to === null || e.toStatus === 'R' ? 'reset' : 'set',
      from: e.from,
      fromStatus: e.fromStatus,
      to: e.to,
      toStatus: e.toStatus,
      phase: phaseOf(i),
      cause: e.cause,
    }
    const earlier = byRow.get(key)
    // One entry per row: the value before the first change, the kind and value of the last.
    byRow.set(key, earlier ? { ...change, from: earlier.from, fromStatus: earlier.fromStatus } : change)
  }
  const pending: RowRef[] = []
  if (phase !== null) {
    const clearAt = step.phases.findIndex((range) => range.kind === 'clearCache')
    const clear = step.phases[clearAt]
    if (clear && clearAt > phase)
      for (let i = clear.start; i < clear.end; i++) {
        const e = step.effects[i]
        if (isSet(e)) pending.push({ session: e.session, app: e.app, page: e.page, item: e.item })
      }
  }
  return { step, changes: [...byRow.values()], pending }
}

type SetEffect = Extract<Effect, { op: 'set' }>

/** Effects of kinds this build does not know are kept in the step and skipped here. */
function isSet(e: Effect | undefined): e is SetEffect {
  return e !== undefined && e.op === 'set'
}

function rowId(e: SetEffect): string {
  return `${e.session}|${e.app}|${e.page ?? ''}|${e.item}`
}
