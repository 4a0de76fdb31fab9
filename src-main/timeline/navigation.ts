/**
 * Debugger-style navigation over timeline points, as pure functions: the
 * engine service answers `timeline.navigate` with them, and the UI may call
 * or mirror them (they need only step counts, phase counts, `causedBy` links
 * and times).
 *
 * Points, in order:
 *   -1 (before the first step) < (0, 0) < (0, 1) < … < (0, null) < (1, 0) < …
 * where (s, k) is "after phase k of step s" and (s, null) "after step s".
 * (s, n-1) and (s, null) are the same state: `into` shows the last phase
 * and then moves on to the next step; `out` from any phase shows the step.
 *
 * A *chain* is a step with its linked follow-ups (`causedBy`: the redirect
 * show after a submit, and its own redirects): they run as one operation.
 *
 *   into  — the next phase, or the first phase of the next step (follow-ups included)
 *   over  — the next phase while inside a step; from a step boundary, the end of the next whole chain
 *   out   — from inside a step: the end of the step; from the end of a follow-up
 *           or a chain head with follow-ups: the end of the chain; else nowhere (null)
 * and the backward mirrors `backInto`, `backOver`, `backOut`:
 *   backInto — the previous phase, or the last phase of the previous step
 *   backOver — the previous phase while inside a step; from a step boundary, the point before the whole chain
 *   backOut  — from inside a step: the point before the step; from a boundary inside
 *              a chain: the point before the chain; else nowhere (null)
 * and whole steps, as the arrow keys and Home/End move:
 *   next  — the end of the step (from inside its phases), else the end of the next step
 *   prev  — the end of the previous step; never before step 0 (the first step is
 *           where a timeline starts showing), so from step 0 nowhere (null) — from
 *           inside step 0's phases, its end
 *   first — the end of step 0;  last — the end of the last step
 */

export interface NavPoint {
  step: number
  phase?: number | null
}

export type NavMode = 'into' | 'over' | 'out' | 'backInto' | 'backOver' | 'backOut' | 'next' | 'prev' | 'first' | 'last'

/** What navigation needs to know about the steps. */
export interface StepShape {
  readonly count: number
  phaseCount(step: number): number
  /** Index of the step this one is a follow-up of, or -1. */
  causedBy(step: number): number
}

/** With times, for playback pacing. */
export interface TimedStepShape extends StepShape {
  /** Simulated seconds at which the step ran. */
  time(step: number): number
}

const BEFORE: NavPoint = { step: -1 }

function firstPointOf(s: number, shape: StepShape): NavPoint {
  return shape.phaseCount(s) > 0 ? { step: s, phase: 0 } : { step: s, phase: null }
}

function lastPointOf(s: number): NavPoint {
  return s < 0 ? BEFORE : { step: s, phase: null }
}

/**
 * Order of two points (negative: a comes first). (s, n-1) and (s, null) are
 * the same place: the end of the step.
 */
export function comparePoints(a: NavPoint, b: NavPoint, shape: StepShape): number {
  const rank = (p: NavPoint) => (p.step < 0 || p.phase === undefined || p.phase === null || p.phase >= shape.phaseCount(p.step) - 1 ? Infinity : p.phase)
  if (a.step !== b.step) return a.step - b.step
  const ra = rank(a)
  const rb = rank(b)
  return ra === rb ? 0 : ra < rb ? -1 : 1
}

/** The first step of the chain containing s. */
export function chainHead(s: number, shape: StepShape): number {
  let h = s
  for (let guard = 0; guard < 10_000; guard++) {
    const c = shape.causedBy(h)
    if (c < 0 || c >= h) return h
    h = c
  }
  return h
}

/** The last step of the chain containing s (follow-ups directly after it). */
export function chainTail(s: number, shape: StepShape): number {
  const head = chainHead(s, shape)
  let e = s
  while (e + 1 < shape.count && shape.causedBy(e + 1) >= 0 && chainHead(e + 1, shape) === head) e++
  return e
}

/** The point a navigation command moves to from `from`, or null when there is nowhere to go. */
export function navigate(from: NavPoint, mode: NavMode, shape: StepShape): NavPoint | null {
  switch (mode) {
    case 'into':
    case 'over':
    case 'out':
      return nextPoint(from, mode, shape)
    case 'backInto':
      return prevPoint(from, 'into', shape)
    case 'backOver':
      return prevPoint(from, 'over', shape)
    case 'backOut':
      return prevPoint(from, 'out', shape)
    case 'next':
    case 'prev':
    case 'first':
    case 'last':
      return wholeStep(from, mode, shape)
  }
}

/** Moves by whole steps (next, prev) or to the ends (first, last); null when the move goes nowhere. */
export function wholeStep(from: NavPoint, mode: 'next' | 'prev' | 'first' | 'last', shape: StepShape): NavPoint | null {
  const n = shape.count
  if (n === 0) return null
  const s = from.step
  const k = from.phase ?? null
  const inside = s >= 0 && k !== null && k < shape.phaseCount(s) - 1
  let to: NavPoint
  switch (mode) {
    case 'first':
      to = { step: 0, phase: null }
      break
    case 'last':
      to = { step: n - 1, phase: null }
      break
    case 'next':
      if (inside) return { step: s, phase: null }
      if (s + 1 >= n) return null
      return { step: s + 1, phase: null }
    case 'prev':
      if (s < 0) return null
      to = { step: Math.max(0, s - 1), phase: null }
      break
  }
  // Already there (the end of a step is also its last phase): nowhere to go.
  const here = s >= 0 && (k === null || k >= shape.phaseCount(s) - 1)
  return here && to.step === s ? null : to
}

export function nextPoint(from: NavPoint, mode: 'into' | 'over' | 'out', shape: StepShape): NavPoint | null {
  if (shape.count === 0) return null
  const s = from.step
  if (s < 0) {
    if (mode === 'out') return null
    return mode === 'into' ? firstPointOf(0, shape) : { step: chainTail(0, shape), phase: null }
  }
  const n = shape.phaseCount(s)
  const k = from.phase ?? null
  if (mode === 'out') {
    if (k !== null) return { step: s, phase: null }
    const tail = chainTail(s, shape)
    return tail > s ? { step: tail, phase: null } : null
  }
  // Inside a step: phases are leaves, so into and over both go to the next one.
  if (k !== null && k < n - 1) return { step: s, phase: k + 1 }
  const next = s + 1
  if (next >= shape.count) return null
  return mode === 'into' ? firstPointOf(next, shape) : { step: chainTail(next, shape), phase: null }
}

export function prevPoint(from: NavPoint, mode: 'into' | 'over' | 'out', shape: StepShape): NavPoint | null {
  const s = from.step
  if (s < 0) return null
  const n = shape.phaseCount(s)
  const k = from.phase ?? null
  if (mode === 'out') {
    if (k !== null) return lastPointOf(s - 1)
    const head = chainHead(s, shape)
    return head < s || chainTail(s, shape) > s ? lastPointOf(head - 1) : null
  }
  if (mode === 'into') {
    // The end of a step is its last phase; the phase before is one back.
    const at = k ?? n - 1
    if (at > 0) return { step: s, phase: at - 1 }
    if (s === 0) return BEFORE
    const np = shape.phaseCount(s - 1)
    return np > 0 ? { step: s - 1, phase: np - 1 } : { step: s - 1, phase: null }
  }
  if (k !== null) return k > 0 ? { step: s, phase: k - 1 } : lastPointOf(s - 1)
  return lastPointOf(chainHead(s, shape) - 1)
}

// ---------------------------------------------------------------------------
// Playback pacing

export type PlaybackSpeed = 'original' | 1 | 2 | 4

/** Fixed pacing at 1×: one point every 500 ms (Redux DevTools' slider uses the same). */
export const FIXED_STEP_MS = 500
/** Original timing never waits longer than this between two points (rrweb skips inactivity over 10 s too). */
export const MAX_ORIGINAL_GAP_MS = 10_000

export interface PlaybackTick {
  point: NavPoint
  /** Wait this long after showing the previous point before showing this one. */
  delayMs: number
}

/**
 * The next `count` points of a playback from `from`, each with the delay to
 * wait before showing it. `unit` is the navigation mode each tick advances
 * by (default `over`: whole operations; `into` plays phases too). Fixed
 * speeds wait 500 ms / speed per point; `original` waits the simulated time
 * between the points' steps (phases of one step take no time), capped at
 * `maxGapMs`. The UI drives its timer with these and stops at breakpoints.
 */
export function playbackDelays(
  shape: TimedStepShape,
  from: NavPoint,
  speed: PlaybackSpeed,
  count: number,
  opts: { unit?: 'into' | 'over'; maxGapMs?: number } = {},
): PlaybackTick[] {
  const unit = opts.unit ?? 'over'
  const maxGap = opts.maxGapMs ?? MAX_ORIGINAL_GAP_MS
  const out: PlaybackTick[] = []
  let at: NavPoint = from
  for (let i = 0; i < count; i++) {
    const next = nextPoint(at, unit, shape)
    if (!next) break
    let delayMs: number
    if (speed === 'original') {
      const before = at.step < 0 ? (shape.count > 0 ? shape.time(0) : 0) : shape.time(at.step)
      const gap = (shape.time(next.step) - before) * 1000
      delayMs = Math.max(0, Math.min(maxGap, gap))
    } else {
      delayMs = FIXED_STEP_MS / speed
    }
    out.push({ point: next, delayMs })
    at = next
  }
  return out
}
