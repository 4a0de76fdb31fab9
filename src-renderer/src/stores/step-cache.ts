/**
 * Steps fetched from the engine by pages of indices (`steps.range`), as the
 * timeline scrolls and around the playhead. A page loading twice is fetched
 * once; a cleared cache drops answers still on their way. The last page,
 * short until steps are appended, is fetched again once the count grows;
 * steps another answer carried (operate) are put in directly.
 */
import type { EngineApi, Step } from '../transport/api-types.js'
import { call } from './api-call.js'

export const PAGE_SIZE = 256

export class StepCache {
  private readonly pages = new Map<number, Step[]>()
  private readonly loads = new Map<number, Promise<void>>()
  /** Bumped by clear(): answers for a cleared cache are dropped. */
  private generation = 0

  constructor(
    private readonly api: EngineApi,
    private readonly count: () => number,
    private readonly onLoaded: () => void,
  ) {}

  step(index: number): Step | undefined {
    return this.pages.get(Math.floor(index / PAGE_SIZE))?.[index % PAGE_SIZE]
  }

  /** Loads the pages covering steps [from, to] (clamped to the timeline, of `stepCount` steps when given). */
  async ensure(from: number, to: number, stepCount?: number): Promise<void> {
    const count = stepCount ?? this.count()
    if (count === 0) return
    const lo = Math.max(0, Math.floor(Math.max(0, from) / PAGE_SIZE))
    const hi = Math.floor(Math.min(count - 1, Math.max(0, to)) / PAGE_SIZE)
    const waits: Promise<void>[] = []
    for (let p = lo; p <= hi; p++) {
      const page = this.pages.get(p)
      if (page && (page.length === PAGE_SIZE || p * PAGE_SIZE + page.length >= count)) continue
      waits.push(this.load(p))
    }
    if (waits.length) await Promise.all(waits)
  }

  /** Steps the engine sent in another answer (operate, timeline.state's `here`): kept, not fetched again. */
  put(steps: readonly Step[]): void {
    for (const s of steps) {
      const p = Math.floor(s.index / PAGE_SIZE)
      const page = this.pages.get(p)
      const offset = s.index % PAGE_SIZE
      // A page is a run from its start: a step beyond its end would leave a hole.
      if (page && offset <= page.length) page[offset] = s
      else if (!page && offset === 0) this.pages.set(p, [s])
    }
    this.onLoaded()
  }

  clear(): void {
    this.generation++
    this.pages.clear()
    this.loads.clear()
  }

  private load(p: number): Promise<void> {
    const inflight = this.loads.get(p)
    if (inflight) return inflight
    const generation = this.generation
    const load = call(this.api, 'steps.range', { from: p * PAGE_SIZE, count: PAGE_SIZE })
      .then((steps) => {
        if (generation !== this.generation) return
        this.pages.set(p, steps)
        this.onLoaded()
      })
      .finally(() => {
        if (this.loads.get(p) === load) this.loads.delete(p)
      })
    this.loads.set(p, load)
    return load
  }
}
