/**
 * cloneTreeOrder (the Sessions panel's order) in one pass equals the rule
 * written out the long way: group the sessions by clone group, sort each
 * group's members by creation (ties by ID), sort the groups by their first
 * member, list each root then its clones — on random sessions in any input
 * order, with ties in creation time.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { cloneTreeOrder } from '../../src-main/timeline/session-filter.js'
import type { TimelineSession } from '../../src-main/timeline/results.js'

/** The rule as it reads, slowly. */
function byTheRule(sessions: readonly TimelineSession[]): [number, number, number][] {
  const byCreation = (a: TimelineSession, b: TimelineSession) => a.createdAt - b.createdAt || a.id - b.id
  const groups = new Map<number, TimelineSession[]>()
  for (const s of sessions) groups.set(s.groupId, [...(groups.get(s.groupId) ?? []), s])
  const trees = [...groups.values()].map((g) => [...g].sort(byCreation)).sort((a, b) => byCreation(a[0]!, b[0]!))
  return trees.flatMap((t) => t.map((s, i): [number, number, number] => [s.id, i === 0 ? 0 : 1, i === 0 ? t.length - 1 : 0]))
}

const sessionsArb = fc
  .uniqueArray(fc.record({ id: fc.integer({ min: 1, max: 10_000 }), groupId: fc.integer({ min: 1, max: 6 }), createdAt: fc.integer({ min: 0, max: 5 }) }), { selector: (s) => s.id, maxLength: 40 })
  .map((xs) => xs.map((x) => ({ ...x, alias: null, user: null, status: 'active' }) as unknown as TimelineSession))

describe('cloneTreeOrder', () => {
  it('equals the rule written out, for sessions in any order', () => {
    fc.assert(
      fc.property(sessionsArb, (sessions) => {
        expect(cloneTreeOrder(sessions).map((r) => [r.session.id, r.depth, r.clones])).toEqual(byTheRule(sessions))
      }),
      { numRuns: 500 },
    )
  })

  it('and for sessions already in creation order (the usual case, taken without sorting)', () => {
    fc.assert(
      fc.property(sessionsArb, (sessions) => {
        const inOrder = [...sessions].sort((a, b) => a.createdAt - b.createdAt || a.id - b.id)
        expect(cloneTreeOrder(inOrder).map((r) => [r.session.id, r.depth, r.clones])).toEqual(byTheRule(inOrder))
      }),
      { numRuns: 300 },
    )
  })
})
