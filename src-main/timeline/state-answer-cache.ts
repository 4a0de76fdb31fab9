/**
 * The last few `timeline.state` answers, kept while the timeline is as it
 * was. At a million-event trace's end an answer takes the engine 15–30 ms
 * (a thousand sessions with their groups, 8,000 rows with their last
 * change), and the points people jump to come back: End, Home, the step a
 * breakpoint stops at, the search hit they return to. A timeline only grows
 * (steps are appended; a failed append is rolled back to what it was), so
 * its step and effect counts say whether an answer still holds.
 */
import type { TimelineState } from './results.js'
import type { Timeline } from './timeline.js'
import { runWhole } from './work-slices.js'

/** An answer being made in idle slices (warm): asked for meanwhile, it is finished at once. */
interface Pending {
  job: Generator<void, TimelineState>
}

export class StateAnswerCache {
  /** Answers made for asks, least recently asked first. */
  private readonly answers = new Map<string, TimelineState>()
  /**
   * Answers made while the engine was idle (warm), or being made: kept apart from the asked ones, so the
   * few moves a user makes before pressing End do not push out the answer End was warmed for.
   */
  private readonly warmed = new Map<string, TimelineState | Pending>()
  /** The timeline the answers are about (weakly: a closed workspace's timeline is not kept alive by its answers). */
  private timeline: WeakRef<Timeline> | null = null
  private counts = ''

  constructor(private readonly size = 4) {}

  /**
   * The answer for `key` (the point and the options asked, as one string) from `tl` as it is now:
   * kept (one being warmed is finished now), or made by `make` and kept. A shallow copy: the caller may
   * add fields (e.g. `diff`).
   */
  answer(tl: Timeline, key: string, make: () => TimelineState): TimelineState {
    const kept = this.keptAnswer(tl, key)
    if (kept) return { ...kept }
    const made = make()
    // Most recently asked last: the first is the one to drop.
    this.answers.set(key, made)
    if (this.answers.size > this.size) this.answers.delete(this.answers.keys().next().value!)
    return { ...made }
  }

  /** The answer kept for `key` (a copy; one being warmed is finished now), or null — without making one. */
  peek(tl: Timeline, key: string): TimelineState | null {
    const kept = this.keptAnswer(tl, key)
    return kept ? { ...kept } : null
  }

  /**
   * Makes the answer for `key` with `job` (stateAtInParts) one part per step of this generator, to be run
   * in idle slices (idle-work.ts), and keeps it apart from the asked ones. An ask for it meanwhile finishes
   * it at once. Stops without keeping anything once the timeline grew or another is asked about, or when
   * the answer is kept already.
   */
  *warm(tl: Timeline, key: string, job: () => Generator<void, TimelineState>): Generator<void, void> {
    this.validate(tl)
    if (this.answers.has(key) || this.warmed.has(key)) return
    const pending: Pending = { job: job() }
    this.warmed.set(key, pending)
    const counts = this.counts
    for (;;) {
      // Finished by an ask, or the answers were about another timeline or a shorter one: nothing left to do.
      if (this.warmed.get(key) !== pending || countsOf(tl) !== counts || this.timeline?.deref() !== tl) return
      const r = pending.job.next()
      if (r.done) {
        this.warmed.set(key, r.value)
        return
      }
      yield
    }
  }

  /** How many answers are kept (for tests). */
  get kept(): number {
    return this.answers.size + this.warmed.size
  }

  /** Forgets every answer when `tl` is not the timeline they are about, or has grown since. */
  private validate(tl: Timeline): void {
    const counts = countsOf(tl)
    if (this.timeline?.deref() !== tl || this.counts !== counts) {
      this.answers.clear()
      this.warmed.clear()
      this.timeline = new WeakRef(tl)
      this.counts = counts
    }
  }

  private keptAnswer(tl: Timeline, key: string): TimelineState | null {
    this.validate(tl)
    const warmed = this.warmed.get(key)
    if (warmed) {
      if (!('job' in warmed)) return warmed
      // Being warmed: finished now (each part seeks for itself); the warm job sees it is no longer pending and stops.
      const made = runWhole(warmed.job)
      this.warmed.set(key, made)
      return made
    }
    const kept = this.answers.get(key)
    if (!kept) return null
    // Most recently asked last.
    this.answers.delete(key)
    this.answers.set(key, kept)
    return kept
  }
}

function countsOf(tl: Timeline): string {
  return `${tl.stepCount}/${tl.effectCount}`
}
