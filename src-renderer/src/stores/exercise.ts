/**
 * Exercise mode (issue #14 part 5): on or off, the question being asked (an
 * expect line), and the learner's results per trace line. One store per
 * app's services (exerciseOf), like presentation.ts, so tests never share one.
 *
 * What the learner did lives here, beside the engine's listing of the lines,
 * their steps and the right answers (`workspace.exercises`), fetched once per
 * workspace by loadExerciseListing — not sent with every workspace summary,
 * since it reaches megabytes on a big trace. Where the playhead stops is
 * decided in views/exercise/exercise-stops.ts.
 */
import { useStore } from 'zustand'
import { createStore } from 'zustand/vanilla'
import type { StoreApi } from 'zustand/vanilla'
import type { MethodResults } from '../transport/api-types.js'
import { call } from './api-call.js'
import { useServices } from './app-context.js'
import type { AppServices } from './app-context.js'
import { perServices } from './per-services.js'

/** The engine's listing of a workspace's expect lines (null: none, or not fetched yet). */
export type ExpectLineList = NonNullable<MethodResults['workspace.exercises']>

/** The learner's answers to one expect line and whether each was right. */
export interface LineResult {
  line: number
  answers: string[]
  right: boolean[]
  /** Every question of the line answered right. */
  allRight: boolean
}

export interface ExerciseState {
  on: boolean
  /** The workspace the results belong to (engine store's workspaceVersion): another workspace starts afresh. */
  workspaceVersion: number
  /** Results by trace line. */
  results: Record<number, LineResult>
  /** The trace line being asked (the playhead waits before its step), or null. */
  asking: number | null
  /** The step whose lines were just answered and revealed (the verdicts show while the playhead is there). */
  revealedStep: number | null
  /** The engine's expect lines of the workspace `listingVersion` (engine store's workspaceVersion), or null. */
  listing: ExpectLineList | null
  /** The workspace the listing belongs to (−1: none fetched yet). */
  listingVersion: number
  setOn(on: boolean): void
  toggle(): void
  ask(line: number | null): void
  record(result: LineResult, revealedStep: number | null): void
  /** Forgets the wrong answers (they are asked again); the right ones stay. */
  forgetWrong(): void
  /** A new workspace: every result goes. */
  startOver(workspaceVersion: number): void
}

export function createExercise(): StoreApi<ExerciseState> {
  return createStore<ExerciseState>()((set, get) => ({
    on: false,
    workspaceVersion: -1,
    results: {},
    asking: null,
    revealedStep: null,
    listing: null,
    listingVersion: -1,
    setOn: (on) => set(on ? { on } : { on, asking: null, revealedStep: null }),
    toggle: () => get().setOn(!get().on),
    ask: (asking) => set({ asking }),
    record: (result, revealedStep) => set((s) => ({ results: { ...s.results, [result.line]: result }, revealedStep })),
    forgetWrong: () =>
      set((s) => ({
        results: Object.fromEntries(Object.entries(s.results).filter(([, r]) => r.allRight)),
        asking: null,
        revealedStep: null,
      })),
    startOver: (workspaceVersion) => set({ workspaceVersion, results: {}, asking: null, revealedStep: null }),
  }))
}

export const exerciseOf: (s: AppServices) => StoreApi<ExerciseState> = perServices(createExercise)

const fetching = new WeakMap<AppServices, { version: number; done: Promise<ExpectLineList | null> }>()

/**
 * The expect lines of the workspace open now: asked of the engine once per
 * workspace (a trace without expects is not asked); the answer for a workspace
 * replaced meanwhile is dropped.
 */
export function loadExerciseListing(s: AppServices): Promise<ExpectLineList | null> {
  const ex = exerciseOf(s)
  const { workspaceVersion: version, workspace } = s.engine.getState()
  if (ex.getState().listingVersion === version) return Promise.resolve(ex.getState().listing)
  const pending = fetching.get(s)
  if (pending && pending.version === version) return pending.done
  const keep = (listing: ExpectLineList | null) => {
    if (s.engine.getState().workspaceVersion === version) ex.setState({ listing, listingVersion: version })
    return listing
  }
  const done =
    !workspace || workspace.expects.total === 0
      ? Promise.resolve(keep(null))
      : call(s.api, 'workspace.exercises', {}).then(keep, (err: unknown) => {
          s.actions.reportError(err, 'Could not list the expect lines')
          return null
        })
  fetching.set(s, { version, done })
  return done
}

/** The listing of the workspace open now (null while it is on its way, or when the trace has no expect lines). */
export function useExerciseListing(): ExpectLineList | null {
  const version = useStore(useServices().engine, (e) => e.workspaceVersion)
  return useExercise((x) => (x.listingVersion === version ? x.listing : null))
}

export function useExercise<T>(select: (s: ExerciseState) => T): T {
  return useStore(exerciseOf(useServices()), select)
}

/** "7 of 9 right": right lines among the lines listed, and how many were answered. */
export function scoreOf(results: Record<number, LineResult>, total: number): { right: number; answered: number; total: number } {
  const list = Object.values(results)
  return { right: list.filter((r) => r.allRight).length, answered: list.length, total }
}
