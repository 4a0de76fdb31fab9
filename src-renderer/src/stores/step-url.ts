/**
 * The page's address follows the playhead (issue #14): `?step=N` in the
 * browser host, so a reload, a bookmark or a link sent to a student opens
 * the same step. Written with history.replaceState (no history entry per
 * step: Back leaves the page as before), at most once per URL_EVERY_MS
 * while the playhead moves, and once more when it rests; each write waits
 * for the page to be idle (after the step's paint). The Electron
 * window has no address bar worth updating: main.tsx starts this for the
 * WebSocket transport only.
 *
 * Opening the page with `?step=` is read by stores/workspace.ts (N, `last`,
 * `-N` from the end); this file checks the value first: anything else is
 * not passed on (the workspace opens at step 0) and a notice says why once
 * the workspace is open, as does a step past the end (the last step opens).
 */
import type { AppServices } from './app-context.js'

/** At most one address change per this many ms while the playhead moves (browsers throttle replaceState storms). */
export const URL_EVERY_MS = 250

/** What the `step` parameter asks for, or why it cannot be used. */
export type StartStep = { ok: true; value: string | null } | { ok: false; given: string; why: string }

/** Checks the page's `step` parameter: a step number, `last`, or `-N` (N steps before the end). */
export function parseStartStep(given: string | null): StartStep {
  if (given === null || given === '') return { ok: true, value: null }
  const v = given.trim()
  if (v === 'last' || /^-?\d{1,15}$/.test(v)) return { ok: true, value: v === '-0' ? '0' : v }
  return { ok: false, given, why: `step=${JSON.stringify(given).slice(1, -1).slice(0, 40)} is not a step number, "last" or -N (steps before the end)` }
}

/** The address with `step` set to `step` (or removed when the playhead is before the first step), other parameters kept. */
export function urlWithStep(href: string, step: number): string {
  const url = new URL(href)
  if (step >= 0) url.searchParams.set('step', String(step))
  else url.searchParams.delete('step')
  const search = url.searchParams.toString()
  return url.pathname + (search ? `?${search}` : '') + url.hash
}

export interface StepUrlOptions {
  /** Defaults: the page's window (location and history) and its timers. */
  location?: { href: string }
  history?: { replaceState(data: unknown, unused: string, url: string): void }
  setTimeout?: (f: () => void, ms: number) => unknown
  now?: () => number
  /** Runs a write when the page is idle (default: requestIdleCallback, within URL_EVERY_MS). */
  whenIdle?: (f: () => void) => void
}

/**
 * A write waits for the page to be idle: history.replaceState took ~5 ms of the page's main thread
 * in Chromium (measured at a million-event trace), and made in the store's update it landed inside
 * the step it followed — about one step press in four while an arrow key is held (issue #13).
 */
function idleCallback(f: () => void): void {
  if (typeof requestIdleCallback === 'function') requestIdleCallback(f, { timeout: URL_EVERY_MS })
  else setTimeout(f, 0)
}

/**
 * Follows the playhead into the address; says (a notice) when the `step`
 * the page was opened with could not be used. Returns a function that stops
 * following.
 */
export function followPlayheadInUrl(s: AppServices, start: StartStep, opts: StepUrlOptions = {}): () => void {
  const location = opts.location ?? window.location
  const history = opts.history ?? window.history
  const later = opts.setTimeout ?? ((f: () => void, ms: number) => setTimeout(f, ms))
  const now = opts.now ?? (() => Date.now())
  const whenIdle = opts.whenIdle ?? idleCallback
  let lastWrite = -Infinity
  let pending = false
  let written: number | null = null
  let stopped = false
  /** The start was told about (once: after the first workspace opened). */
  let startTold = false

  const write = () => {
    pending = false
    if (stopped) return
    const step = s.engine.getState().point.step
    if (step === written) return
    written = step
    lastWrite = now()
    history.replaceState(history === window.history ? window.history.state : null, '', urlWithStep(location.href, step))
  }
  const schedule = () => {
    if (pending) return
    const wait = lastWrite + URL_EVERY_MS - now()
    pending = true
    if (wait <= 0) whenIdle(write)
    else later(() => whenIdle(write), wait)
  }
  const tellStart = () => {
    const e = s.engine.getState()
    if (startTold || e.loading || e.stepCount === 0 || e.point.step < 0) return
    startTold = true
    schedule() // the address now says where the playhead is (a bad value goes)
    if (!start.ok) {
      s.ui.toasts.getState().push({ kind: 'info', title: 'The address’s step could not be used', detail: `${start.why}; the timeline opened at step ${e.point.step}.` })
      return
    }
    const asked = start.value !== null && /^\d+$/.test(start.value) ? Number(start.value) : null
    if (asked !== null && asked > e.stepCount - 1)
      s.ui.toasts.getState().push({ kind: 'info', title: `There is no step ${asked}`, detail: `This timeline has steps 0–${e.stepCount - 1}; it opened at step ${e.point.step}.` })
  }
  const unsubscribe = s.engine.subscribe((e, before) => {
    if (start.ok && start.value === null) startTold = true
    if (!startTold) tellStart()
    if (e.point.step !== before.point.step && startTold) schedule()
  })
  return () => {
    stopped = true
    unsubscribe()
  }
}
