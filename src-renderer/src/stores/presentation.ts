/**
 * Presenter mode (issue #14): on or off, and the type size for the room
 * (100–200 %, kept per user in localStorage). One store per app's services
 * (presentationOf), like the other UI stores, so tests never share one.
 */
import { useStore } from 'zustand'
import { createStore } from 'zustand/vanilla'
import type { StoreApi } from 'zustand/vanilla'
import { useServices } from './app-context.js'
import type { AppServices } from './app-context.js'
import { perServices } from './per-services.js'

export const FONT_SCALE_MIN = 100
export const FONT_SCALE_MAX = 200
export const FONT_SCALE_STEP = 10
/** A projector needs more than the desk: presenter mode starts at 150 % until the user picks a size. */
export const FONT_SCALE_DEFAULT = 150
export const FONT_SCALE_KEY = 'session-scope.presenter.fontScale'

export interface PresentationState {
  presenting: boolean
  /** Percent of the normal size while presenting. */
  fontScale: number
  toggle(): void
  setPresenting(on: boolean): void
  setFontScale(percent: number): void
}

/** The storage the size is kept in (absent or refusing: the size lasts for this page only). */
export interface SizeStorage {
  getItem(key: string): string | null
  setItem(key: string, value: string): void
}

/** A whole percent within 100–200 on the 10 % steps, or the default for anything else. */
export function clampFontScale(v: unknown): number {
  const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN
  if (!Number.isFinite(n)) return FONT_SCALE_DEFAULT
  const stepped = Math.round(n / FONT_SCALE_STEP) * FONT_SCALE_STEP
  return Math.min(FONT_SCALE_MAX, Math.max(FONT_SCALE_MIN, stepped))
}

function defaultStorage(): SizeStorage | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage
  } catch {
    return null // a sandboxed page may refuse access
  }
}

export function createPresentation(storage: SizeStorage | null = defaultStorage()): StoreApi<PresentationState> {
  let saved: string | null = null
  try {
    saved = storage?.getItem(FONT_SCALE_KEY) ?? null
  } catch {
    saved = null
  }
  return createStore<PresentationState>()((set, get) => ({
    presenting: false,
    fontScale: clampFontScale(saved),
    toggle: () => set({ presenting: !get().presenting }),
    setPresenting: (presenting) => set({ presenting }),
    setFontScale: (percent) => {
      const fontScale = clampFontScale(percent)
      set({ fontScale })
      try {
        storage?.setItem(FONT_SCALE_KEY, String(fontScale))
      } catch {
        // Storage full or refused: the size still applies to this page.
      }
    },
  }))
}

export const presentationOf: (s: AppServices) => StoreApi<PresentationState> = perServices(createPresentation)

export function usePresentation<T>(selector: (p: PresentationState) => T): T {
  return useStore(presentationOf(useServices()), selector)
}
