/**
 * Work cut into slices, so that the engine answers other calls between them.
 *
 * Why: the engine runs on one thread. At 100,000 sessions the Sessions
 * panel's ask at a new point (timeline.sessions, timeline.browsers) cost the
 * engine 75–325 ms in one go, and a key press's timeline.navigate sent
 * meanwhile waited for all of it. Written as a generator that yields after
 * each slice of sessions, the same code runs whole (`runWhole`, for callers
 * that need the answer now and for tests) or in slices with a turn of the
 * event loop between them (`answerInSlices`), where calls that arrived
 * meanwhile are answered.
 *
 * Slices are counted in sessions, not time: the same work gives the same
 * slices on any machine.
 */

/** Work that yields after each slice and returns T. */
export type Sliced<T> = Generator<void, T, void>

/**
 * Sessions per slice. At 100,000 sessions a panel ask's passes cost ~1 µs per session each on a quiet
 * machine (docs/decisions.md), so 4,096 sessions is a few ms of work between two chances to answer a key.
 */
export const SLICE_SESSIONS = 4096

/** Counts work and says when a slice is over (every `size` units). */
export class SliceCounter {
  private left: number
  constructor(private readonly size: number = SLICE_SESSIONS) {
    this.left = size
  }
  /** Adds `units` of work done; true when the slice is full (the caller yields, and a new slice starts). */
  add(units = 1): boolean {
    this.left -= units
    if (this.left > 0) return false
    this.left = this.size
    return true
  }
}

/** Work done in one slice: `make`'s value, where sliced work is expected (a kept tree, a caller's own build). */
// eslint-disable-next-line require-yield -- work of a single slice has nowhere to yield
export function* inOneSlice<T>(make: () => T): Sliced<T> {
  return make()
}

/** Runs the work to its end now, without yielding to anyone. */
export function runWhole<T>(work: Sliced<T>): T {
  for (;;) {
    const r = work.next()
    if (r.done) return r.value
  }
}

/** One turn of the event loop: the calls and I/O waiting are served before the next slice. */
export function nextTurn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve))
}

export interface SlicedRun {
  /**
   * What the answer depends on (the timeline object, its step and effect counts…), compared value by value
   * before each slice: a difference means a call run between two slices changed it (an operation, another
   * workspace), and the work so far is thrown away rather than mixed with the new state.
   */
  generation(): readonly unknown[]
  /** Between two slices (default: one turn of the event loop). Tests pass their own to act between slices. */
  between?: () => Promise<void>
  /** Tries before the work is done whole, without yielding (a steady stream of operations must not starve it). */
  tries?: number
}

/** What one run did (for tests and measurements). */
export interface SliceCount {
  slices: number
  restarts: number
}

const sameGeneration = (a: readonly unknown[], b: readonly unknown[]) => a.length === b.length && a.every((x, i) => Object.is(x, b[i]))

/**
 * Runs `make()`'s work in slices, restarting it (`make` again) when the generation changed between two
 * slices; after `tries` restarts it runs whole. `make` is called anew for each try, so it reads the state
 * of that moment (a replaced workspace, a longer timeline), and may throw as a call would then.
 */
export async function answerInSlices<T>(make: () => Sliced<T>, run: SlicedRun, count?: SliceCount): Promise<T> {
  const between = run.between ?? nextTurn
  const tries = run.tries ?? 3
  for (let attempt = 0; attempt < tries; attempt++) {
    const before = run.generation()
    const work = make()
    let r = work.next()
    if (count) count.slices++
    let stale = false
    while (!r.done) {
      await between()
      if (!sameGeneration(before, run.generation())) {
        stale = true
        break
      }
      r = work.next()
      if (count) count.slices++
    }
    if (!stale) return r.value as T
    if (count) count.restarts++
    work.return(undefined as never)
  }
  return runWhole(make())
}
