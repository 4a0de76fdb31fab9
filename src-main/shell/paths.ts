/**
 * Where the shell keeps things. Built files sit next to the main bundle
 * (electron-vite: out/main, out/preload, out/renderer); user files under the
 * user-data folder (`SESSION_SCOPE_USER_DATA` overrides it, for tests and for
 * running several profiles side by side).
 */
import { join } from 'node:path'

export const USER_DATA_ENV = 'SESSION_SCOPE_USER_DATA'

export interface ShellPaths {
  rendererDir: string
  preload: string
  engineHost: string
  windowState: string
  recentFiles: string
  preferences: string
  /** The SQLite workspace (live sessions, recorded steps) that survives restarts. */
  workspace: string
}

export function shellPaths(mainDir: string, userData: string): ShellPaths {
  return {
    rendererDir: join(mainDir, '..', 'renderer'),
    preload: join(mainDir, '..', 'preload', 'index.cjs'),
    engineHost: join(mainDir, 'engine-host.js'),
    windowState: join(userData, 'window-state.json'),
    recentFiles: join(userData, 'recent-files.json'),
    preferences: join(userData, 'preferences.json'),
    workspace: join(userData, 'workspace', 'current.ssws'),
  }
}
