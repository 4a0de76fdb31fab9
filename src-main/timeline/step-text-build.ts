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
import { runWhenIdle } from './idle-work.js'
import type { IdleWorkOptions } from './idle-work.js'

/**
 * Work per background slice: a request arriving during one (a key pressed, a search hit) waits for
 * its end. 10 ms, with the clock read every 64 events, ran 17 ms at the median and 49 ms at p95 on a
 * loaded machine (issue #13's search-hit and step timings): 4 ms, read every EVENTS_PER_CLOCK_READ.
 */
export const STEP_TEXT_SLICE_MS = 4
/** Quiet time (no request) the engine has before a slice runs. */
export const STEP_TEXT_IDLE_MS = 100

/** How the build is scheduled (idle-work.ts); its slice and quiet time default to this build's own. */
export type StepTextBuildOptions = IdleWorkOptions

/** Timelines whose index is being built now (one build each). */
const building = new WeakSet<Timeline>()

/**
 * The build as idle work: each part extends the index for one slice's budget. Whether it ends, fails (the
 * timeline's file went away under it: nobody waits for this build; a search builds and reports for itself)
 * or is stopped (another timeline opened), the timeline is no longer being built.
 */
function* extendInParts(tl: Timeline, sliceMs: number, now: () => number): Generator<void, void> {
  try {
    while (stepTextIndexOf(tl, sliceMs, now).steps < tl.stepCount) yield
  } finally {
    building.delete(tl)
  }
}

/**
 * Starts building the timeline's step-text index in the background, unless
 * it is complete or already being built. True when a build was started.
 */
export function buildStepTextIndexInBackground(tl: Timeline, opts: StepTextBuildOptions): boolean {
  if (building.has(tl) || (stepTextIndexSoFar(tl)?.steps ?? -1) >= tl.stepCount) return false
  const now = opts.now ?? (() => performance.now())
  const sliceMs = opts.sliceMs ?? STEP_TEXT_SLICE_MS
  building.add(tl)
  void runWhenIdle(extendInParts(tl, sliceMs, now), { ...opts, now, sliceMs, idleMs: opts.idleMs ?? STEP_TEXT_IDLE_MS })
  return true
}

/** Whether a background build of the timeline's index is under way. */
export function isBuildingStepText(tl: Timeline): boolean {
  return building.has(tl)
}
