/**
 * A live operation: the engine runs it, and its answer carries everything
 * the view needs — the new steps (kept in the cache, not fetched again), the
 * step count, the unsaved count and the state after the last step, where
 * the playhead goes.
 */
import type { Operation, Step } from '../transport/api-types.js'
import { call } from './api-call.js'
import type { Playhead } from './playhead.js'
import { fullState } from './playhead.js'
import type { StoreContext } from './store-context.js'

export interface Operations {
  /** Runs a live operation and moves the playhead to its last step; null when it failed (the error is a toast). */
  operate(op: Operation): Promise<Step[] | null>
  /** True while an operation of this window is on its way (its own answer moves the playhead). */
  busy(): boolean
}

export function createOperations({ api, engine, ui, steps }: StoreContext, playhead: Playhead): Operations {
  let running = 0
  return {
    busy: () => running > 0,
    async operate(op) {
      running++
      try {
        const r = await call(api, 'operate', { op, state: fullState(engine.getState().endedSessionsListed) })
        steps.put(r.steps)
        engine.setState((s) => ({
          stepCount: r.stepCount ?? s.stepCount,
          workspace: s.workspace ? { ...s.workspace, steps: r.stepCount ?? s.workspace.steps, unsavedSteps: r.unsavedSteps ?? s.workspace.unsavedSteps } : null,
        }))
        if (r.state) playhead.show(r.state)
        return r.steps
      } catch (err) {
        ui.toasts.getState().error(err)
        return null
      } finally {
        running--
      }
    },
  }
}
