/**
 * Taskbar / dock progress while a trace loads: `load.progress` events set it,
 * the end of the load (or a replaced workspace) clears it. Updates are
 * rate-limited; the OS does not need 1000 updates a second.
 */
import type { EventPayloads } from '../api/contract.js'

/** `BrowserWindow.setProgressBar` value: 0..1, or -1 to remove the bar. */
export function progressBarValue(p: EventPayloads['load.progress'] | null): number {
  if (!p) return -1
  if (Number.isFinite(p.fraction)) return Math.min(1, Math.max(0, p.fraction))
  if (p.totalBytes && p.totalBytes > 0) return Math.min(1, Math.max(0, p.bytesRead / p.totalBytes))
  // Unknown total: an indeterminate bar (values above 1 mean "indeterminate" on Windows).
  return 2
}

export function createProgressReporter(set: (value: number) => void, minIntervalMs = 100, now: () => number = Date.now) {
  let last = -Infinity
  let current = -1
  return {
    update(p: EventPayloads['load.progress']): void {
      const v = progressBarValue(p)
      const t = now()
      if (v !== 1 && t - last < minIntervalMs) return
      last = t
      current = v
      set(v)
    },
    clear(): void {
      if (current === -1) return
      current = -1
      last = -Infinity
      set(-1)
    },
    set(v: number): void {
      current = v
      set(v)
    },
  }
}
