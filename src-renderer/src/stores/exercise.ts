/**
 * Exercise mode (issue #14 part 5): on or off, the question being asked (an
 * expect line), and the learner's results per trace line. One store per
 * app's services (exerciseOf), like presentation.ts, so tests never share one.
 *
 * Only what the learner did lives here; the lines, their steps and the right
 * answers are the engine's (WorkspaceSummary.exercises). Where the playhead
 * stops is decided in views/exercise/use-exercise-stops.ts.
 */
import { useStore } from 'zustand'
import { createStore } from 'zustand/vanilla'
import type { StoreApi } from 'zustand/vanilla'
import { useServices } from './app-context.js'
import type { AppServices } from './app-context.js'

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

const stores = new WeakMap<AppServices, StoreApi<ExerciseState>>()

export function exerciseOf(s: AppServices): StoreApi<ExerciseState> {
  let store = stores.get(s)
  if (!store) {
    store = createExercise()
    stores.set(s, store)
  }
  return store
}

export function useExercise<T>(select: (s: ExerciseState) => T): T {
  return useStore(exerciseOf(useServices()), select)
}

/** "7 of 9 right": right lines among the lines listed, and how many were answered. */
export function scoreOf(results: Record<number, LineResult>, total: number): { right: number; answered: number; total: number } {
  const list = Object.values(results)
  return { right: list.filter((r) => r.allRight).length, answered: list.length, total }
}
