/**
 * The renderer's services — the engine store, the UI stores and the
 * actions on them (workspace, playhead, operations, breakpoints, playback,
 * queries; one file each) — created once per app, or per test. No React
 * here: the entry creates them and starts talking to the engine while the
 * views' code is still loading.
 */
import type { EngineApi, Step } from '../transport/api-types.js'
import { continueToBreakpoint } from './breakpoints.js'
import type { EngineStore } from './engine-store.js'
import { createEngineStore } from './engine-store.js'
import { createOperations } from './operate.js'
import type { Operations } from './operate.js'
import { createPlayback } from './playback.js'
import { createPlayhead } from './playhead.js'
import type { Playhead } from './playhead.js'
import { StepCache } from './step-cache.js'
import type { StoreContext } from './store-context.js'
import { diffAgainst, searchTimeline } from './timeline-queries.js'
import type { DiffRow } from './timeline-queries.js'
import type { UiStores } from './ui-stores.js'
import { createUiStores } from './ui-stores.js'
import { createWorkspaces } from './workspace.js'
import type { Workspaces } from './workspace.js'

/** What the views (and shortcuts, menus) can do. */
export interface AppActions extends Workspaces, Playhead, Omit<Operations, 'busy'> {
  /** The step at `index`, when its page is loaded. */
  step(index: number): Step | undefined
  /** Loads the pages of steps covering [from, to]. */
  ensurePages(from: number, to: number): Promise<void>
  togglePlay(): void
  /** Runs to the next (or previous) step where a breakpoint hits; stays put when none does. */
  continueTo(direction: 'forward' | 'backward'): Promise<boolean>
  search(query: string): Promise<void>
  diff(from: number): Promise<DiffRow[]>
  /** An error as a toast (title: what failed). */
  reportError(err: unknown, title?: string): void
}

export interface AppServices {
  api: EngineApi
  engine: EngineStore
  ui: UiStores
  actions: AppActions
}

export function createServices(api: EngineApi): AppServices {
  const engine = createEngineStore()
  const ui = createUiStores()
  const steps = new StepCache(
    api,
    () => engine.getState().stepCount,
    () => engine.setState((s) => ({ stepsVersion: s.stepsVersion + 1 })),
  )
  const ctx: StoreContext = { api, engine, ui, steps }
  const playhead = createPlayhead(ctx)
  const operations = createOperations(ctx, playhead)
  const workspaces = createWorkspaces(ctx, playhead, operations)
  const playback = createPlayback(ctx, playhead)
  const actions: AppActions = {
    ...workspaces,
    ...playhead,
    operate: operations.operate,
    dispose() {
      playback.pause()
      workspaces.dispose()
    },
    step: (index) => steps.step(index),
    ensurePages: (from, to) => steps.ensure(from, to),
    togglePlay: playback.toggle,
    continueTo: (direction) => continueToBreakpoint(ctx, playhead, direction),
    search: (query) => searchTimeline(ctx, query),
    diff: (from) => diffAgainst(ctx, from),
    reportError: (err, title) => ui.toasts.getState().error(err, title),
  }
  return { api, engine, ui, actions }
}
