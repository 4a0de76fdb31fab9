/**
 * Small UI stores, one concern each: selection, state-table filters,
 * playback, theme and layout, and messages. Created together per app (and
 * per test) so nothing leaks between instances.
 */
import { createStore } from 'zustand/vanilla'
import type { StoreApi } from 'zustand/vanilla'
import type { Breakpoint, SearchHit } from '../transport/api-types.js'

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
  setPlaying(playing: boolean): void
  setSpeed(speed: number): void
  toggleStepBreakpoint(step: number): void
  setConditions(c: Breakpoint[]): void
  setSearch(query: string, hits: SearchHit[], total: number): void
}

export type ThemeChoice = 'system' | 'light' | 'dark'

export interface LayoutState {
  theme: ThemeChoice
  helpOpen: boolean
  setTheme(t: ThemeChoice): void
  setHelp(open: boolean): void
}

export interface Toast {
  id: number
  kind: 'error' | 'info'
  title: string
  detail?: string
}

export interface ToastState {
  toasts: Toast[]
  push(t: Omit<Toast, 'id'>): void
  dismiss(id: number): void
}

/**
 * A replace (new workspace, demo, another trace) waiting for the user: the
 * workspace holds live steps no file has. The prompt's Save saves them
 * first; `answer(true)` lets the replace go on, `answer(false)` keeps the
 * workspace.
 */
export interface UnsavedPromptState {
  /** The request shown (a new object per ask: an answer names the one it is for). */
  pending: { count: number; what: string } | null
  ask(count: number, what: string): Promise<boolean>
  /** Answers `pending`; with `to`, only if that is still the request shown (a save that finished late must not answer a newer one). */
  answer(mayReplace: boolean, to?: UnsavedPromptState['pending']): void
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
  let toastId = 1
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
      setSearch: (searchQuery, searchHits, searchTotal) => set({ searchQuery, searchHits, searchTotal }),
    })),
    layout: createStore<LayoutState>()((set) => ({
      theme: 'system',
      helpOpen: false,
      setTheme: (theme) => set({ theme }),
      setHelp: (helpOpen) => set({ helpOpen }),
    })),
    toasts: createStore<ToastState>()((set) => ({
      toasts: [],
      push: (t) => set((s) => ({ toasts: [...s.toasts.slice(-4), { ...t, id: toastId++ }] })),
      dismiss: (id) => set((s) => ({ toasts: s.toasts.filter((x) => x.id !== id) })),
    })),
    unsaved: createUnsavedPrompt(),
  }
}

function createUnsavedPrompt(): StoreApi<UnsavedPromptState> {
  let resolve: ((mayReplace: boolean) => void) | null = null
  return createStore<UnsavedPromptState>()((set, get) => ({
    pending: null,
    ask: (count, what) => {
      // A second replace while one is asked about: the first one is not wanted any more.
      resolve?.(false)
      set({ pending: { count, what } })
      return new Promise<boolean>((r) => (resolve = r))
    },
    answer: (mayReplace, to) => {
      if (to !== undefined && to !== get().pending) return
      const r = resolve
      resolve = null
      set({ pending: null })
      r?.(mayReplace)
    },
  }))
}
