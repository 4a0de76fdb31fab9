/**
 * The main window's constructor options, built by a pure function so a unit
 * test can assert every security-relevant preference (the checklist items 2–4,
 * 6, 8–11) without launching Electron.
 */
import type { BrowserWindowConstructorOptions, WebPreferences } from 'electron'

export const MIN_WIDTH = 900
export const MIN_HEIGHT = 600
export const DEFAULT_WIDTH = 1400
export const DEFAULT_HEIGHT = 900

export interface WindowOptionsInput {
  /** Absolute path of the built CommonJS preload (out/preload/index.cjs). */
  preloadPath: string
  bounds?: { x?: number; y?: number; width: number; height: number }
  platform: NodeJS.Platform
  /** DevTools are available in development builds only. */
  devTools: boolean
  /** Painted before the renderer's first frame (avoids a white flash in dark mode). */
  backgroundColor?: string
  /** Linux/Windows window icon (macOS takes it from the bundle). */
  icon?: string
}

/**
 * Every preference is spelled out even where Electron's default already is the
 * safe value: a future default change, or a refactor, cannot weaken them silently.
 */
export function secureWebPreferences(preloadPath: string, devTools: boolean): WebPreferences {
  return {
    preload: preloadPath,
    sandbox: true,
    contextIsolation: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    experimentalFeatures: false,
    webviewTag: false,
    navigateOnDragDrop: false,
    safeDialogs: true,
    spellcheck: false,
    enableWebSQL: false,
    // Middle-click would try to open links in a new window (denied anyway by setWindowOpenHandler).
    disableBlinkFeatures: 'Auxclick',
    devTools,
  }
}

export function buildWindowOptions(input: WindowOptionsInput): BrowserWindowConstructorOptions {
  const bounds = input.bounds ?? { width: DEFAULT_WIDTH, height: DEFAULT_HEIGHT }
  return {
    ...(bounds.x !== undefined && bounds.y !== undefined ? { x: bounds.x, y: bounds.y } : { center: true }),
    width: Math.max(MIN_WIDTH, bounds.width),
    height: Math.max(MIN_HEIGHT, bounds.height),
    minWidth: MIN_WIDTH,
    minHeight: MIN_HEIGHT,
    show: false,
    title: 'Session Scope',
    backgroundColor: input.backgroundColor ?? '#1e1e1e',
    ...(input.icon && input.platform !== 'darwin' ? { icon: input.icon } : {}),
    webPreferences: secureWebPreferences(input.preloadPath, input.devTools),
  }
}
