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

export class StateAnswerCache {
  private readonly answers = new Map<string, TimelineState>()
  /** The timeline the answers are about (weakly: a closed workspace's timeline is not kept alive by its answers). */
  private timeline: WeakRef<Timeline> | null = null
  private counts = ''

  constructor(private readonly size = 4) {}

  /**
   * The answer for `key` (the point and the options asked, as one string) from `tl` as it is now:
   * kept, or made by `make` and kept. A shallow copy: the caller may add fields (e.g. `diff`).
   */
  answer(tl: Timeline, key: string, make: () => TimelineState): TimelineState {
    const counts = `${tl.stepCount}/${tl.effectCount}`
    if (this.timeline?.deref() !== tl || this.counts !== counts) {
      this.answers.clear()
      this.timeline = new WeakRef(tl)
      this.counts = counts
    }
    let kept = this.answers.get(key)
    if (kept) this.answers.delete(key)
    else kept = make()
    // Most recently asked last: the first is the one to drop.
    this.answers.set(key, kept)
    if (this.answers.size > this.size) this.answers.delete(this.answers.keys().next().value!)
    return { ...kept }
  }

  /** How many answers are kept (for tests). */
  get kept(): number {
    return this.answers.size
  }
}
