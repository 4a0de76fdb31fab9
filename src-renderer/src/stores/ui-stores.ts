/**
 * Small UI stores, one concern each: selection, state-table filters,
 * playback, theme and layout; messages (toasts.ts) and the unsaved-steps
 * prompt (unsaved-prompt.ts) have their own files. Created together per app (and
 * per test) so nothing leaks between instances.
 */
import { createStore } from 'zustand/vanilla'
import type { StoreApi } from 'zustand/vanilla'
import type { AnswerHit, Breakpoint, SearchHit } from '../transport/api-types.js'
import { createToasts } from './toasts.js'
import type { ToastState } from './toasts.js'
import { createUnsavedPrompt } from './unsaved-prompt.js'
import type { UnsavedPromptState } from './unsaved-prompt.js'

export type { Toast, ToastState } from './toasts.js'
export type { UnsavedPromptState } from './unsaved-prompt.js'

export type SidePanel = 'inspector' | 'simulator' | 'flow' | 'tables'

export interface SelectionState {
  /** The session the simulator, flow and actions work on. */
  session: number | null
  rowKey: string | null
  /** A step pinned for the inspector's diff. */
  pinnedStep: number | null
  panel: SidePanel
  select(session: number | null): void
  selectRow(key: string | null): void
  pin(step: number | null): void
  showPanel(panel: SidePanel): void
}

export interface FilterState {
  session: number | null
  app: number | null
  /** 'app' = application items only; a number = that page. */
  page: number | 'app' | null
  search: string
  groupByPage: boolean
  compare: boolean
  compareSessions: number[]
  set(patch: Partial<Omit<FilterState, 'set' | 'toggleCompareSession' | 'reset'>>): void
  toggleCompareSession(id: number): void
  reset(): void
}

export const SPEEDS = [0.5, 1, 2, 4, 8] as const

export interface PlaybackState {
  playing: boolean
  speed: number
  /** Step breakpoints (B on a step). */
  stepBreakpoints: ReadonlySet<number>
  /** Conditional breakpoints (checked as playback passes a step). */
  conditions: Breakpoint[]
  searchQuery: string
  searchHits: SearchHit[]
  searchTotal: number
  /** Hits in the real server's answers (traces made from a browser recording): not changes, so listed apart. */
  answerHits: AnswerHit[]
  answerTotal: number
  setPlaying(playing: boolean): void
  setSpeed(speed: number): void
  toggleStepBreakpoint(step: number): void
  setConditions(c: Breakpoint[]): void
  setSearch(query: string, hits: SearchHit[], total: number, answers?: { hits: AnswerHit[]; total: number }): void
}

export type ThemeChoice = 'system' | 'light' | 'dark'

export interface LayoutState {
  theme: ThemeChoice
  helpOpen: boolean
  setTheme(t: ThemeChoice): void
  setHelp(open: boolean): void
}

export interface UiStores {
  selection: StoreApi<SelectionState>
  filters: StoreApi<FilterState>
  playback: StoreApi<PlaybackState>
  layout: StoreApi<LayoutState>
  toasts: StoreApi<ToastState>
  unsaved: StoreApi<UnsavedPromptState>
}

const FILTER_DEFAULTS = { session: null, app: null, page: null, search: '', groupByPage: false, compare: false, compareSessions: [] as number[] }

export function createUiStores(): UiStores {
  return {
    selection: createStore<SelectionState>()((set) => ({
      session: null,
      rowKey: null,
      pinnedStep: null,
      panel: 'inspector',
      select: (session) => set({ session }),
      selectRow: (rowKey) => set({ rowKey }),
      pin: (pinnedStep) => set({ pinnedStep }),
      showPanel: (panel) => set({ panel }),
    })),
    filters: createStore<FilterState>()((set) => ({
      ...FILTER_DEFAULTS,
      set: (patch) => set(patch),
      toggleCompareSession: (id) =>
        set((s) => ({ compareSessions: s.compareSessions.includes(id) ? s.compareSessions.filter((x) => x !== id) : [...s.compareSessions, id] })),
      reset: () => set({ ...FILTER_DEFAULTS }),
    })),
    playback: createStore<PlaybackState>()((set) => ({
      playing: false,
      speed: 1,
      stepBreakpoints: new Set<number>(),
      conditions: [],
      searchQuery: '',
      searchHits: [],
      searchTotal: 0,
      answerHits: [],
      answerTotal: 0,
      setPlaying: (playing) => set({ playing }),
      setSpeed: (speed) => set({ speed }),
      toggleStepBreakpoint: (step) =>
        set((s) => {
          const next = new Set(s.stepBreakpoints)
          if (next.has(step)) next.delete(step)
          else next.add(step)
          return { stepBreakpoints: next }
        }),
      setConditions: (conditions) => set({ conditions }),
      setSearch: (searchQuery, searchHits, searchTotal, answers) => set({ searchQuery, searchHits, searchTotal, answerHits: answers?.hits ?? [], answerTotal: answers?.total ?? 0 }),
    })),
    layout: createStore<LayoutState>()((set) => ({
      theme: 'system',
      helpOpen: false,
      setTheme: (theme) => set({ theme }),
      setHelp: (helpOpen) => set({ helpOpen }),
    })),
    toasts: createToasts(),
    unsaved: createUnsavedPrompt(),
  }
}
