/**
 * Builds a big timeline's step-text index in the background, between the
 * engine's requests (review finding 7). Reading every event line of a
 * million steps takes about a minute; a search must not wait for it, nor
 * re-run the whole search to get it on. The first step-word search starts
 * the build; it then goes on in slices of STEP_TEXT_SLICE_MS, each only
 * when the engine has had no request for STEP_TEXT_IDLE_MS — so a held key
 * or a jump to a search hit never waits behind a slice (a request arriving
 * during a slice waits at most one slice). The renderer asks how far it got
 * (timeline.searchStepWords) while it builds.
 */
import { stepTextIndexOf, stepTextIndexSoFar } from './step-text-index.js'
import type { Timeline } from './timeline.js'

/**
 * Work per background slice: a request arriving during one (a key pressed, a search hit) waits for
 * its end. 10 ms, with the clock read every 64 events, ran 17 ms at the median and 49 ms at p95 on a
 * loaded machine (issue #13's search-hit and step timings): 4 ms, read every EVENTS_PER_CLOCK_READ.
 */
export const STEP_TEXT_SLICE_MS = 4
/** Quiet time (no request) the engine has before a slice runs. */
export const STEP_TEXT_IDLE_MS = 100

export interface StepTextBuildOptions {
  /** When the engine last received a request (by `now`). */
  lastRequestAt: () => number
  /** False once the timeline is no longer the workspace's (another was opened): the build stops. */
  keepGoing: () => boolean
  now?: () => number
  /** Runs `fn` after `ms` (0: as soon as pending I/O is served). */
  schedule?: (fn: () => void, ms: number) => void
  sliceMs?: number
  idleMs?: number
}

const defaultSchedule = (fn: () => void, ms: number) => {
  if (ms <= 0) setImmediate(fn)
  else setTimeout(fn, ms).unref?.()
}

/** Timelines whose index is being built now (one build each). */
const building = new WeakSet<Timeline>()

/**
 * Starts building the timeline's step-text index in the background, unless
 * it is complete or already being built. True when a build was started.
 */
export function buildStepTextIndexInBackground(tl: Timeline, opts: StepTextBuildOptions): boolean {
  if (building.has(tl) || (stepTextIndexSoFar(tl)?.steps ?? -1) >= tl.stepCount) return false
  const now = opts.now ?? (() => performance.now())
  const schedule = opts.schedule ?? defaultSchedule
  const sliceMs = opts.sliceMs ?? STEP_TEXT_SLICE_MS
  const idleMs = opts.idleMs ?? STEP_TEXT_IDLE_MS
  building.add(tl)
  const tick = () => {
    if (!opts.keepGoing()) {
      building.delete(tl)
      return
    }
    const quietFor = now() - opts.lastRequestAt()
    if (quietFor < idleMs) return schedule(tick, idleMs - quietFor)
    let done: boolean
    try {
      done = stepTextIndexOf(tl, sliceMs, now).steps >= tl.stepCount
    } catch {
      // The timeline's file went away under it (closed): nobody waits for this build; a search builds and reports for itself.
      done = true
    }
    if (done) building.delete(tl)
    else schedule(tick, 0)
  }
  schedule(tick, 0)
  return true
}

/** Whether a background build of the timeline's index is under way. */
export function isBuildingStepText(tl: Timeline): boolean {
  return building.has(tl)
}
