/**
 * A replace (new workspace, demo, another trace) waiting for the user: the
 * workspace holds live steps no file has. The prompt's Save saves them
 * first; `answer(true)` lets the replace go on, `answer(false)` keeps the
 * workspace.
 */
import { createStore } from 'zustand/vanilla'
import type { StoreApi } from 'zustand/vanilla'
import type { EngineApi } from '../transport/api-types.js'
import { call } from './api-call.js'

export interface UnsavedPromptState {
  /** The request shown (a new object per ask: an answer names the one it is for). */
  pending: { count: number; what: string } | null
  ask(count: number, what: string): Promise<boolean>
  /** Answers `pending`; with `to`, only if that is still the request shown (a save that finished late must not answer a newer one). */
  answer(mayReplace: boolean, to?: UnsavedPromptState['pending']): void
}

export function createUnsavedPrompt(): StoreApi<UnsavedPromptState> {
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

/**
 * Before a replace: when the engine says the workspace holds live steps no
 * file has, the user is asked. True when the replace may go on. The count is
 * asked again after the answer: steps recorded meanwhile (another window, a
 * classroom) were not part of it, so the user is asked about them too. An
 * engine that cannot say does not block it.
 */
export async function mayReplace(api: EngineApi, prompt: StoreApi<UnsavedPromptState>, what: string): Promise<boolean> {
  let answered = 0
  for (;;) {
    let count: number
    try {
      count = (await call(api, 'workspace.summary', {})).unsavedSteps ?? 0
    } catch {
      return true
    }
    if (count === 0 || count <= answered) return true
    if (!(await prompt.getState().ask(count, what))) return false
    answered = count
  }
}
