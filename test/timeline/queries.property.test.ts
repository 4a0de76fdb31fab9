/**
 * Search, item history, "why" and breakpoints against brute force over the
 * Step objects (no timeline): random traces, random queries, random points.
 */
import { describe, expect } from 'vitest'
import { fc, test } from '@fast-check/vitest'
import type { Step } from '../../src-main/engine/model/step.js'
import { SessionState } from '../../src-main/engine/state/session-state.js'
import { findBreakpoint } from '../../src-main/timeline/breakpoints.js'
import type { BreakpointSpec } from '../../src-main/timeline/breakpoints.js'
import { allPoints, applyEffect, engineTrace, flatEffects, phaseOf, rotationClasses, synthTrace, timelineOf, valueIn } from './helpers.js'

const traceArb = fc.record({ seed: fc.integer({ min: 1, max: 1_000_000 }), events: fc.integer({ min: 5, max: 60 }), users: fc.integer({ min: 1, max: 5 }), recorded: fc.boolean() })
const traceOf = (t: { seed: number; events: number; users: number; recorded: boolean }) => (t.recorded ? synthTrace(t.seed, t.events, t.users) : engineTrace(t.seed, t.events, t.users))

/** Substrings that occur in generated names and values (and some that do not). */
const queryArb = fc.constantFrom('king', 'KING', 'sku-', '@example', 'P30_', 'p10_query', 'g_', 'CLERK', 'eur', 'dark', '1', 'zz-none', 'Smith', 'theme', 'x')

describe('search finds every change whose item or new value contains the text', () => {
  test.prop([traceArb, queryArb, fc.boolean()], { numRuns: 40 })('search vs brute force', (t, q, caseSensitive) => {
    const c = traceOf(t)
    const tl = timelineOf(c)
    const has = (s: string | null) => s !== null && (caseSensitive ? s.includes(q) : s.toLowerCase().includes(q.toLowerCase()))
    const expected: unknown[] = []
    const steps = new Set<number>()
    for (const { e, step } of flatEffects(c.steps)) {
      if (e.op !== 'set' && !(e.op === 'userSet' && e.session !== undefined)) continue
      if (!has(e.item) && !has(e.to)) continue
      steps.add(step.index)
      expected.push({ step: step.index, session: e.session, app: e.app, page: e.op === 'set' ? e.page : null, item: e.item, value: e.to })
    }
    const got = tl.search(q, { limit: 100_000, caseSensitive })
    expect(got.hits).toEqual(expected)
    expect(got.total).toBe(expected.length)
    expect(got.steps).toBe(steps.size)
    const page = tl.search(q, { limit: 3, offset: 2, caseSensitive })
    expect(page.hits).toEqual(expected.slice(2, 5))
    // The nearest hit after / before a step, whatever the page asked for.
    const at = c.steps.length > 0 ? (t.seed % (c.steps.length + 1)) - 1 : -1
    const hitSteps = expected as { step: number }[]
    const after = tl.search(q, { limit: 1, caseSensitive, near: { step: at, direction: 'forward' } }).next
    expect(after).toEqual(hitSteps.find((h) => h.step > at) ?? null)
    const lastBefore = hitSteps.filter((h) => h.step < at).pop()
    const before = tl.search(q, { limit: 1, caseSensitive, near: { step: at, direction: 'backward' } }).next
    expect(before).toEqual(lastBefore ? hitSteps.find((h) => h.step === lastBefore.step)! : null)
  })
})

describe('item history and why', () => {
  test.prop([traceArb, fc.nat(), fc.nat(), fc.boolean()], { numRuns: 40 })('history and why vs brute force', (t, pick, at, bySession) => {
    const c = traceOf(t)
    const tl = timelineOf(c)
    const sets = flatEffects(c.steps).filter((x) => x.e.op === 'set')
    if (sets.length === 0) return
    const chosen = sets[pick % sets.length]!.e as Extract<Step['effects'][number], { op: 'set' }>
    const cls = rotationClasses(c.steps)
    const session = bySession ? chosen.session : undefined
    const expected = sets
      .filter((x) => {
        const e = x.e as typeof chosen
        return e.item === chosen.item && (session === undefined || cls(e.session) === cls(session))
      })
      .map(({ e, step, rel }) => {
        const s = e as typeof chosen
        return { step: step.index, phase: phaseOf(step, rel), session: s.session, app: s.app, page: s.page, item: s.item, from: s.from, fromStatus: s.fromStatus, to: s.to, toStatus: s.toStatus, cause: s.cause }
      })
    expect(tl.itemHistory({ item: chosen.item.toLowerCase(), ...(session !== undefined ? { session } : {}) })).toEqual(expected)
    // why: at a random point, the last change of that row (same logical session) at or before it.
    const points = allPoints(c.steps)
    const p = points[at % points.length]!
    const all = flatEffects(c.steps)
    let want: unknown = null
    for (let i = 0; i < p.pos; i++) {
      const { e, step, rel } = all[i]!
      if (e.op === 'set' && e.item === chosen.item && e.app === chosen.app && e.page === chosen.page && cls(e.session) === cls(chosen.session))
        want = { step: step.index, phase: phaseOf(step, rel), session: e.session, app: e.app, page: e.page, item: e.item, from: e.from, fromStatus: e.fromStatus, to: e.to, toStatus: e.toStatus, cause: e.cause }
    }
    expect(tl.why(p, { session: chosen.session, app: chosen.app, page: chosen.page, item: chosen.item })).toEqual(want)
  })
})

// ---------------------------------------------------------------------------
// Breakpoints

interface Hit {
  step: number
  /** Raw phase, Infinity for "after the step". */
  phase: number
  bp: number
}

/** Every hit of every breakpoint, by the definitions in breakpoints.ts, computed from replayed state. */
function refHits(steps: readonly Step[], bps: BreakpointSpec[]): Hit[] {
  const cls = rotationClasses(steps)
  const hits: Hit[] = []
  const st = new SessionState()
  for (const step of steps) {
    step.effects.forEach((e, rel) => {
      const before = valueIn(st, e)
      applyEffect(st, e, 'forward')
      const after = valueIn(st, e)
      bps.forEach((bp, i) => {
        if (bp.kind !== 'itemChanges' && bp.kind !== 'itemEquals') return
        if ((e.op !== 'set' && e.op !== 'userSet') || e.item !== bp.item) return
        if (bp.session !== undefined) {
          if (e.session === undefined || cls(e.session) !== cls(bp.session)) return
        }
        if (bp.kind === 'itemEquals' && !(after === bp.value && before !== bp.value)) return
        const ph = phaseOf(step, rel)
        hits.push({ step: step.index, phase: ph < 0 ? Infinity : ph, bp: i })
      })
    })
    const flags = {
      clone: step.kind === 'clone' || step.effects.some((e) => e.op === 'session' && e.event === 'cloned'),
      clearCache: step.kind === 'clearCache' || step.phases.some((p) => p.kind === 'clearCache') || step.effects.some((e) => e.op === 'set' && e.toStatus === 'R'),
      login: step.kind === 'login' || step.effects.some((e) => e.op === 'rekey' || (e.op === 'session' && e.event === 'loggedIn')),
      logout: step.kind === 'logout' || step.effects.some((e) => e.op === 'session' && e.event === 'deleted'),
      expiry: step.outcome === 'expired' || step.effects.some((e) => e.op === 'session' && e.event === 'expired'),
    }
    bps.forEach((bp, i) => {
      const hit = bp.kind === 'outcomeNotOk' ? step.outcome !== 'ok' : bp.kind === 'event' ? bp.events.some((ev) => flags[ev]) : bp.kind === 'step' && bp.step === step.index
      if (hit) hits.push({ step: step.index, phase: Infinity, bp: i })
    })
  }
  return hits
}

function refFind(steps: readonly Step[], bps: BreakpointSpec[], from: { step: number; phase: number | null }, dir: 'forward' | 'backward') {
  const n = (s: number) => steps[s]?.phases.length ?? 0
  // "After the last phase" is the end of the step.
  const ord = (s: number, k: number) => (s < 0 ? [-1, Infinity] : [s, k >= n(s) - 1 ? Infinity : k]) as [number, number]
  const [fs, fk] = ord(from.step, from.phase ?? Infinity)
  const cmp = (a: [number, number], b: [number, number]) => a[0] - b[0] || (a[1] === b[1] ? 0 : a[1] < b[1] ? -1 : 1)
  let best: Hit | null = null
  for (const h of refHits(steps, bps)) {
    const o = ord(h.step, h.phase)
    const c = cmp(o, [fs, fk])
    if (dir === 'forward' ? c <= 0 : c >= 0) continue
    if (!best) best = h
    else {
      const d = h.step - best.step || (h.phase === best.phase ? 0 : h.phase < best.phase ? -1 : 1)
      if (dir === 'forward' ? d < 0 : d > 0) best = h
    }
  }
  return best
}

const bpArb = (items: string[], sessions: number[], values: (string | null)[], steps: number) =>
  fc.oneof(
    fc.record({ kind: fc.constant('step' as const), step: fc.nat({ max: steps + 2 }) }),
    fc.record({ kind: fc.constant('itemChanges' as const), item: fc.constantFrom(...items) }),
    fc.record({ kind: fc.constant('itemChanges' as const), item: fc.constantFrom(...items), session: fc.constantFrom(...sessions) }),
    fc.record({ kind: fc.constant('itemEquals' as const), item: fc.constantFrom(...items), value: fc.constantFrom(...values) }),
    fc.record({ kind: fc.constant('itemEquals' as const), item: fc.constantFrom(...items), value: fc.constantFrom(...values), session: fc.constantFrom(...sessions) }),
    fc.constant({ kind: 'outcomeNotOk' as const }),
    fc.record({ kind: fc.constant('event' as const), events: fc.subarray(['clone', 'clearCache', 'login', 'logout', 'expiry'] as const, { minLength: 1 }) }),
  ) as fc.Arbitrary<BreakpointSpec>

describe('breakpoints', () => {
  test.prop([traceArb, fc.integer({ min: 1, max: 1_000_000 })], { numRuns: 40 })('findBreakpoint vs brute force, forward and backward from every point', (t, bpSeed) => {
    const c = traceOf(t)
    const tl = timelineOf(c)
    const sets = flatEffects(c.steps).flatMap((x) => (x.e.op === 'set' || x.e.op === 'userSet' ? [x.e] : []))
    const items = [...new Set(sets.map((e) => e.item))].slice(0, 6)
    const sessions = [...new Set(sets.flatMap((e) => (e.session !== undefined ? [e.session] : [])))].slice(0, 4)
    const values = [null, ...new Set(sets.map((e) => e.to))].slice(0, 6)
    if (items.length === 0 || sessions.length === 0) return
    const bps = fc.sample(fc.array(bpArb(items, sessions, values, c.steps.length), { minLength: 1, maxLength: 4 }), { seed: bpSeed, numRuns: 1 })[0]!
    for (const p of allPoints(c.steps)) {
      for (const dir of ['forward', 'backward'] as const) {
        const want = refFind(c.steps, bps, p, dir)
        const got = findBreakpoint(tl, p, dir, bps)
        const norm = got ? { step: got.point.step, phase: got.point.phase ?? Infinity, bp: got.breakpoint } : null
        expect(norm, `${dir} from ${p.step}/${p.phase} with ${JSON.stringify(bps)}`).toEqual(want)
      }
    }
  })
})
