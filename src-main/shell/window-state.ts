/**
 * Remembering the window's size and position. `restoreWindowState` is pure:
 * it validates what was saved and keeps the position only when the window's
 * title bar would still be reachable on one of the current displays (a
 * monitor may have been unplugged since); otherwise the window is centred.
 */
import { z } from 'zod'
import type { BrowserWindow, Screen } from 'electron'
import { readJsonFile, writeJsonFileAtomic } from './json-file.js'
import { DEFAULT_HEIGHT, DEFAULT_WIDTH, MIN_HEIGHT, MIN_WIDTH } from './window-options.js'

export interface Rect {
  x: number
  y: number
  width: number
  height: number
}

const coord = z.number().int().min(-100_000).max(100_000)
export const WindowStateSchema = z.object({
  x: coord.optional(),
  y: coord.optional(),
  width: z.number().int().positive().max(100_000),
  height: z.number().int().positive().max(100_000),
  maximized: z.boolean().default(false),
  fullScreen: z.boolean().default(false),
})
export type WindowState = z.output<typeof WindowStateSchema>

export const DEFAULT_WINDOW_STATE: WindowState = { width: DEFAULT_WIDTH, height: DEFAULT_HEIGHT, maximized: false, fullScreen: false }

/** How much of the title bar must overlap a display for the saved position to be kept. */
const VISIBLE_TITLE_BAR = { width: 120, height: 24 }

function overlap(a: Rect, b: Rect): { width: number; height: number } {
  return {
    width: Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x),
    height: Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y),
  }
}

export function restoreWindowState(saved: unknown, workAreas: readonly Rect[]): WindowState {
  const parsed = WindowStateSchema.safeParse(saved)
  if (!parsed.success) return { ...DEFAULT_WINDOW_STATE }
  const s = parsed.data
  const largest = workAreas.reduce<Rect | null>((best, a) => (!best || a.width * a.height > best.width * best.height ? a : best), null)
  const width = Math.max(MIN_WIDTH, largest ? Math.min(s.width, largest.width) : s.width)
  const height = Math.max(MIN_HEIGHT, largest ? Math.min(s.height, largest.height) : s.height)
  const out: WindowState = { width, height, maximized: s.maximized, fullScreen: s.fullScreen }
  if (s.x !== undefined && s.y !== undefined) {
    const titleBar: Rect = { x: s.x, y: s.y, width, height: VISIBLE_TITLE_BAR.height }
    const reachable = workAreas.some((a) => {
      const o = overlap(titleBar, a)
      return o.width >= VISIBLE_TITLE_BAR.width && o.height >= VISIBLE_TITLE_BAR.height && s.y! >= a.y
    })
    if (reachable) {
      out.x = s.x
      out.y = s.y
    }
  }
  return out
}

export interface WindowLike {
  getNormalBounds(): Rect
  isMaximized(): boolean
  isFullScreen(): boolean
}

export function captureWindowState(win: WindowLike): WindowState {
  const b = win.getNormalBounds()
  return { x: Math.round(b.x), y: Math.round(b.y), width: Math.round(b.width), height: Math.round(b.height), maximized: win.isMaximized(), fullScreen: win.isFullScreen() }
}

export function loadWindowState(file: string, screen: Pick<Screen, 'getAllDisplays'>): WindowState {
  const saved = readJsonFile(file, WindowStateSchema, DEFAULT_WINDOW_STATE)
  return restoreWindowState(saved, screen.getAllDisplays().map((d) => d.workArea))
}

/** Saves the state when the window moves, resizes (debounced) or closes. */
export function trackWindowState(win: BrowserWindow, file: string, debounceMs = 500): void {
  let timer: NodeJS.Timeout | null = null
  const save = () => {
    if (timer) clearTimeout(timer)
    timer = null
    if (win.isDestroyed()) return
    try {
      writeJsonFileAtomic(file, captureWindowState(win))
    } catch {
      // Not being able to remember the window size is not worth an error dialog.
    }
  }
  const later = () => {
    if (timer) clearTimeout(timer)
    timer = setTimeout(save, debounceMs)
  }
  win.on('resize', later)
  win.on('move', later)
  win.on('maximize', later)
  win.on('unmaximize', later)
  win.on('close', save)
}
