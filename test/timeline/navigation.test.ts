import { describe, expect, it } from 'vitest'
import { fc, test } from '@fast-check/vitest'
import { chainHead, chainTail, comparePoints, navigate, nextPoint, playbackDelays, prevPoint, FIXED_STEP_MS, MAX_ORIGINAL_GAP_MS } from '../../src-main/timeline/navigation.js'
import type { NavPoint, TimedStepShape } from '../../src-main/timeline/navigation.js'

/** Steps: phase counts, causedBy links, times. */
function shape(phases: number[], causedBy: number[] = [], times: number[] = []): TimedStepShape {
  return { count: phases.length, phaseCount: (s) => phases[s]!, causedBy: (s) => causedBy[s] ?? -1, time: (s) => times[s] ?? s }
}

// 0: submit (3 phases) → 1: its redirect show (2 phases) → 2: a wait (1 phase) → 3: an error step (no phases)
const S = shape([3, 2, 1, 0], [-1, 0, -1, -1], [0, 0, 30, 95])
const P = (step: number, phase?: number | null): NavPoint => (phase === undefined ? { step } : { step, phase })

describe('step into / over / out', () => {
  it('into walks every phase, then the next step', () => {
    const seen: NavPoint[] = []
    let p: NavPoint | null = P(-1)
    while ((p = nextPoint(p, 'into', S))) seen.push(p)
    expect(seen).toEqual([P(0, 0), P(0, 1), P(0, 2), P(1, 0), P(1, 1), P(2, 0), P(3, null)])
  })

  it('over steps a submit together with its redirect follow-up', () => {
    expect(nextPoint(P(-1), 'over', S)).toEqual(P(1, null))
    expect(nextPoint(P(1, null), 'over', S)).toEqual(P(2, null))
    expect(nextPoint(P(2, null), 'over', S)).toEqual(P(3, null))
    expect(nextPoint(P(3, null), 'over', S)).toBeNull()
    // Inside a step, over moves to the next phase (phases are leaves).
    expect(nextPoint(P(0, 0), 'over', S)).toEqual(P(0, 1))
    // From the end of the submit (before its follow-up), over finishes the chain.
    expect(nextPoint(P(0, null), 'over', S)).toEqual(P(1, null))
  })

  it('out leaves the phases to the end of the step, and a follow-up to the end of its chain', () => {
    expect(nextPoint(P(0, 1), 'out', S)).toEqual(P(0, null))
    expect(nextPoint(P(0, null), 'out', S)).toEqual(P(1, null))
    expect(nextPoint(P(2, null), 'out', S)).toBeNull()
    expect(nextPoint(P(-1), 'out', S)).toBeNull()
  })

  it('backward mirrors', () => {
    expect(prevPoint(P(1, 0), 'into', S)).toEqual(P(0, 2))
    expect(prevPoint(P(1, null), 'into', S)).toEqual(P(1, 0))
    expect(prevPoint(P(0, 0), 'into', S)).toEqual(P(-1))
    expect(prevPoint(P(2, null), 'over', S)).toEqual(P(1, null))
    expect(prevPoint(P(1, null), 'over', S)).toEqual(P(-1))
    expect(prevPoint(P(1, 1), 'over', S)).toEqual(P(1, 0))
    expect(prevPoint(P(1, 0), 'over', S)).toEqual(P(0, null))
    expect(prevPoint(P(1, 1), 'out', S)).toEqual(P(0, null))
    expect(prevPoint(P(1, null), 'out', S)).toEqual(P(-1))
    expect(prevPoint(P(2, null), 'out', S)).toBeNull()
    expect(navigate(P(3, null), 'backInto', S)).toEqual(P(2, 0))
    expect(navigate(P(-1), 'backOver', S)).toBeNull()
  })

  it('chains', () => {
    expect(chainHead(1, S)).toBe(0)
    expect(chainTail(0, S)).toBe(1)
    expect(chainTail(2, S)).toBe(2)
  })

  const shapeArb = fc
    .array(fc.tuple(fc.integer({ min: 0, max: 4 }), fc.boolean()), { minLength: 1, maxLength: 30 })
    .map((xs) => shape(xs.map((x) => x[0]), xs.map((x, i) => (x[1] && i > 0 ? i - 1 : -1))))

  test.prop([shapeArb])('into forward then backInto back retraces the same points', (sh) => {
    const forward: NavPoint[] = [P(-1)]
    let p: NavPoint | null = P(-1)
    while ((p = nextPoint(p, 'into', sh))) forward.push(p)
    const back: NavPoint[] = [forward[forward.length - 1]!]
    let q: NavPoint | null = back[0]!
    while ((q = prevPoint(q, 'into', sh))) back.push(q)
    // Backward shows a step's last phase where forward showed the step end (the same state).
    const norm = (x: NavPoint) => (x.step >= 0 && (x.phase ?? null) === null && sh.phaseCount(x.step) > 0 ? { step: x.step, phase: sh.phaseCount(x.step) - 1 } : { step: x.step, phase: x.phase ?? null })
    expect(back.reverse().map(norm)).toEqual(forward.map(norm))
  })

  test.prop([shapeArb])('over lands on every chain end, in order, and backOver returns through them', (sh) => {
    const ends: number[] = []
    for (let s = 0; s < sh.count; s++) if (chainTail(s, sh) === s) ends.push(s)
    const seen: number[] = []
    let p: NavPoint | null = P(-1)
    while ((p = nextPoint(p, 'over', sh))) seen.push(p.step)
    expect(seen).toEqual(ends)
    const back: number[] = []
    let q: NavPoint | null = P(sh.count - 1, null)
    while ((q = prevPoint(q, 'over', sh))) back.push(q.step)
    expect(back).toEqual([...ends.slice(0, -1)].reverse().concat(-1))
  })
})

describe('playback pacing', () => {
  it('fixed speeds: 500 ms per point at 1×, 250 at 2×, 125 at 4×', () => {
    for (const speed of [1, 2, 4] as const) {
      const ticks = playbackDelays(S, P(-1), speed, 10)
      expect(ticks.map((t) => t.point)).toEqual([P(1, null), P(2, null), P(3, null)])
      expect(ticks.every((t) => t.delayMs === FIXED_STEP_MS / speed)).toBe(true)
    }
  })

  it('original timing waits the simulated time between steps, capped', () => {
    const ticks = playbackDelays(S, P(-1), 'original', 10, { unit: 'into' })
    expect(ticks.map((t) => t.delayMs)).toEqual([0, 0, 0, 0, 0, 30_000 > MAX_ORIGINAL_GAP_MS ? MAX_ORIGINAL_GAP_MS : 30_000, MAX_ORIGINAL_GAP_MS])
    const capped = playbackDelays(shape([1, 1], [], [0, 2.5]), P(0, null), 'original', 5)
    expect(capped).toEqual([{ point: P(1, null), delayMs: 2500 }])
  })
})

describe('whole steps and point order', () => {
  const shapeArb2 = fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 1, maxLength: 12 }).map((phases) => shape(phases))
  /** Every point in order, with its rank (the end of a step and its last phase share one). */
  const pointsOf = (sh: TimedStepShape) => {
    const out: { p: NavPoint; rank: number }[] = [{ p: P(-1), rank: 0 }]
    let rank = 0
    for (let s = 0; s < sh.count; s++) {
      const n = sh.phaseCount(s)
      for (let k = 0; k < n - 1; k++) out.push({ p: P(s, k), rank: ++rank })
      rank++
      if (n > 0) out.push({ p: P(s, n - 1), rank })
      out.push({ p: P(s, null), rank })
    }
    return out
  }
  test.prop([shapeArb2])('comparePoints follows the order of points', (sh) => {
    const pts = pointsOf(sh)
    for (const a of pts) for (const b of pts) expect(Math.sign(comparePoints(a.p, b.p, sh))).toBe(Math.sign(a.rank - b.rank))
  })
  test.prop([shapeArb2])('next: the first step end strictly after the point; first and last: the ends', (sh) => {
    const pts = pointsOf(sh)
    for (const a of pts) {
      const want = pts.find((b) => b.rank > a.rank && b.p.phase === null && b.p.step >= 0)
      expect(navigate(a.p, 'next', sh)).toEqual(want ? P(want.p.step, null) : null)
      const first = navigate(a.p, 'first', sh)
      expect(first === null ? a.p.step === 0 && a.rank === pts.find((x) => x.p.step === 0 && x.p.phase === null)!.rank : first).toEqual(first === null ? true : P(0, null))
    }
    expect(navigate(P(-1), 'last', sh)).toEqual(P(sh.count - 1, null))
    expect(navigate(P(sh.count - 1, null), 'last', sh)).toBeNull()
  })
})
