/**
 * What the state view highlights at a point, against replayed state: the
 * rows the step (or the phase shown) changed, with their value before the
 * first change there and after the last, and when they are gone; the rows a
 * later clear-cache phase resets. And the expiry deadline against the
 * engine's own rule.
 */
import { describe, expect } from 'vitest'
import { fc, test } from '@fast-check/vitest'
import type { GroupRecord } from '../../src-main/engine/model/effect.js'
import { expiryReason } from '../../src-main/engine/runtime/session-lifecycle.js'
import { expiryDeadline } from '../../src-main/timeline/session-expiry.js'
import { allPoints, engineTrace, refState, synthTrace, timelineOf } from './helpers.js'

const traceArb = fc.record({ seed: fc.integer({ min: 1, max: 1_000_000 }), events: fc.integer({ min: 5, max: 40 }), users: fc.integer({ min: 1, max: 4 }), recorded: fc.boolean() })

describe('here: the rows changed at a point', () => {
  test.prop([traceArb], { numRuns: 30 })('vs the states replayed before and after the effects shown', (t) => {
    const c = t.recorded ? synthTrace(t.seed, t.events, t.users) : engineTrace(t.seed, t.events, t.users)
    const tl = timelineOf(c)
    let start = 0
    for (const p of allPoints(c.steps)) {
      if (p.step < 0) continue
      const step = c.steps[p.step]!
      const stepStart = start
      // The effects shown: the whole step, or the phase's range.
      const lo = stepStart + (p.phase === null ? 0 : step.phases[p.phase]!.start)
      const hi = stepStart + (p.phase === null ? step.effects.length : step.phases[p.phase]!.end)
      const before = refState(c.steps, lo)
      const after = refState(c.steps, hi)
      const touched = new Map<string, { session: number; app: number; page: number | null; item: string }>()
      for (const e of step.effects.slice(lo - stepStart, hi - stepStart)) if (e.op === 'set') touched.set(`${e.session}|${e.app}|${e.page}|${e.item}`, { session: e.session, app: e.app, page: e.page, item: e.item })
      const want = [...touched.values()].map((r) => {
        const a = before.getRow(r.session, r.app, r.page, r.item) ?? null
        const b = after.getRow(r.session, r.app, r.page, r.item) ?? null
        return { ...r, from: a?.value ?? null, fromStatus: a?.status ?? null, to: b?.value ?? null, toStatus: b?.status ?? null, gone: b === null }
      })
      const here = tl.stateAt(p, { here: true }).here!
      expect(here.step).toEqual(step)
      const got = here.changes.map((x) => ({ session: x.session, app: x.app, page: x.page, item: x.item, from: x.from, fromStatus: x.fromStatus, to: x.to, toStatus: x.toStatus, gone: x.kind === 'removed' }))
      expect(got, `step ${p.step} phase ${p.phase}`).toEqual(want)
      // Pending: only inside the phases before a clear-cache phase.
      const clearAt = step.phases.findIndex((x) => x.kind === 'clearCache')
      if (p.phase === null || clearAt <= p.phase) expect(here.pending).toEqual([])
      else expect(here.pending.length).toBe(step.effects.slice(step.phases[clearAt]!.start, step.phases[clearAt]!.end).filter((e) => e.op === 'set').length)
      if (p.phase === null) start += step.effects.length
    }
  })
})

describe('expiry deadline', () => {
  const groupArb = fc.record({
    id: fc.nat(),
    createdAt: fc.integer({ min: 0, max: 10_000 }),
    lastActivity: fc.integer({ min: 0, max: 10_000 }),
    maxSessionLengthSec: fc.integer({ min: 0, max: 5_000 }),
    maxSessionIdleSec: fc.integer({ min: 0, max: 5_000 }),
  }) as fc.Arbitrary<GroupRecord>
  test.prop([groupArb, fc.integer({ min: 0, max: 30_000 })])('expired exactly after the deadline, as the engine rules', (g, now) => {
    const d = expiryDeadline(g)
    const expired = expiryReason(g, now) !== null
    expect(expired).toBe(d !== null && now > d.at)
    // Just past the deadline, the engine names the limit the deadline names.
    if (d) expect(expiryReason(g, d.at + 0.5)).toContain(d.limit === 'idle' ? 'idle' : 'length')
  })
})
