/**
 * F8 / Shift+F8: the engine's timeline finds the next (previous) step where
 * a breakpoint hits, over the whole timeline, and sends the state there in
 * the same answer. Step breakpoints (B) go with the conditions.
 */
import type { Breakpoint } from '../transport/api-types.js'
import { call } from './api-call.js'
import type { Playhead } from './playhead.js'
import { jumpState, shownSessions } from './playhead.js'
import type { StoreContext } from './store-context.js'

/** The contract takes at most this many breakpoints in one question. */
const MAX_BREAKPOINTS = 100

/** Every breakpoint set: the conditions, and a `step` breakpoint per B. */
export function breakpointsOf(stepBreakpoints: ReadonlySet<number>, conditions: readonly Breakpoint[]): Breakpoint[] {
  return [...conditions, ...[...stepBreakpoints].map((step): Breakpoint => ({ kind: 'step', step }))].slice(0, MAX_BREAKPOINTS)
}

type RowBreakpoint = Extract<Breakpoint, { kind: 'rowChanges' }>

/** A row breakpoint in words, as the breakpoint list shows it: "DEPT[20] changes", "DEPT[20].DNAME changes", "any DEPT row changes". */
export function rowBreakpointLabel(bp: RowBreakpoint): string {
  const where = bp.key === undefined ? `any ${bp.table} row` : `${bp.table}[${bp.key}]${bp.column !== undefined ? `.${bp.column}` : ''}`
  return `${where} changes${bp.app !== undefined ? ` (app ${bp.app})` : ''}`
}

/** Adds a row breakpoint unless the same one is set already; answers whether it was added. */
export function addRowBreakpoint({ ui }: Pick<StoreContext, 'ui'>, bp: RowBreakpoint): boolean {
  const { conditions, setConditions } = ui.playback.getState()
  const same = (c: Breakpoint) => c.kind === 'rowChanges' && c.table === bp.table && c.app === bp.app && c.key === bp.key && c.column === bp.column
  if (conditions.some(same) || conditions.length >= MAX_BREAKPOINTS) return false
  setConditions([...conditions, bp])
  return true
}

export async function continueToBreakpoint({ api, engine, ui }: StoreContext, playhead: Playhead, direction: 'forward' | 'backward'): Promise<boolean> {
  const { stepBreakpoints, conditions } = ui.playback.getState()
  const from = engine.getState().point
  const breakpoints = breakpointsOf(stepBreakpoints, conditions)
  try {
    const found = breakpoints.length > 0 ? await call(api, 'timeline.findBreakpoint', { from: { step: from.step, phase: null }, direction, breakpoints, state: jumpState(engine.getState().endedSessionsListed, shownSessions(ui)) }) : null
    if (found?.state) {
      await playhead.show(found.state, true)
      return true
    }
    ui.toasts.getState().push({ kind: 'info', title: `No breakpoint ${direction === 'forward' ? 'after' : 'before'} step ${from.step}` })
  } catch (err) {
    ui.toasts.getState().error(err, 'Breakpoints')
  }
  return false
}
