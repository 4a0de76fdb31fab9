/**
 * The browser the page simulator's URL bar acts in (issue #16), shared by the
 * Sessions panel (which opens browsers) and the URL bar (which chooses one).
 * One store per app's services (perServices), so two app instances in one
 * page or test process never share a choice.
 */
import { useStore } from 'zustand'
import { createStore } from 'zustand/vanilla'
import { useServices } from './app-context.js'
import { perServices } from './per-services.js'

export interface BrowserChoice {
  /** The browser chosen in the URL bar; null: the one that owns the selected session (none: a new one on the first request). */
  chosen: string | null
  /** The workspace (engine store's workspaceVersion) the choice was made in: another workspace starts with none. */
  chosenIn: number
  /** Counts browsers opened here: the Sessions panel asks for its tree again. */
  openedCount: number
  choose(name: string | null, workspaceVersion: number): void
  /** A browser was opened (browser.open answered): the URL bar acts in it from now on. */
  opened(name: string, workspaceVersion: number): void
}

export const browserChoiceOf = perServices(() =>
  createStore<BrowserChoice>((set) => ({
    chosen: null,
    chosenIn: -1,
    openedCount: 0,
    choose: (name, workspaceVersion) => set({ chosen: name, chosenIn: workspaceVersion }),
    opened: (name, workspaceVersion) => set((s) => ({ chosen: name, chosenIn: workspaceVersion, openedCount: s.openedCount + 1 })),
  })),
)

export function useBrowserChoice<T>(selector: (s: BrowserChoice) => T): T {
  return useStore(browserChoiceOf(useServices()), selector)
}

/** The browser chosen for the current workspace (null: the selected session's own). */
export function useChosenBrowser(): string | null {
  const s = useServices()
  const version = useStore(s.engine, (e) => e.workspaceVersion)
  return useStore(browserChoiceOf(s), (c) => (c.chosenIn === version ? c.chosen : null))
}
