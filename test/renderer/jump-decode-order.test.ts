/**
 * Issue #13, End's first press: a jump's decode orders the rows' session
 * blocks and the known sessions in one pass when the engine's lists give the
 * order, instead of sorting with a comparator (cold on the first press). The
 * result is the table's order whatever the input (checked against an order
 * written here), and the comparator is called once per block at most when
 * the order is given (a count, not a time).
 */
import { describe, expect } from 'vitest'
import { it, fc } from '@fast-check/vitest'
import { knownSessionsOf, rowOrder, rowsOfState } from '../../src-renderer/src/model/state-at-playhead.js'
import type { SessionBrief } from '../../src-renderer/src/model/state-at-playhead.js'
import type { RowEntry } from '../../src-renderer/src/model/rows.js'
import type { TimelineState } from '../../src-renderer/src/transport/api-types.js'

/** The table's order, written out: session by creation time then ID, app, page (application items first), item. */
function tableOrder(createdAt: Map<number, number>) {
  return (a: Pick<RowEntry, 'session' | 'app' | 'page' | 'item'>, b: Pick<RowEntry, 'session' | 'app' | 'page' | 'item'>) =>
    (createdAt.get(a.session) ?? Infinity) - (createdAt.get(b.session) ?? Infinity) ||
    a.session - b.session ||
    a.app - b.app ||
    (a.page ?? -1) - (b.page ?? -1) ||
    (a.item < b.item ? -1 : a.item > b.item ? 1 : 0)
}

const byListOrder = (a: SessionBrief, b: SessionBrief) => a.createdAt - b.createdAt || a.id - b.id

/** Sessions with unique IDs and creation times with ties; each has one to three rows (unique items). */
const sessionsWithRows = fc
  .uniqueArray(fc.integer({ min: 1, max: 10_000 }), { minLength: 1, maxLength: 40 })
  .chain((ids) =>
    fc.tuple(
      fc.constant(ids),
      fc.array(fc.integer({ min: 0, max: 5 }), { minLength: ids.length, maxLength: ids.length }),
      fc.array(fc.uniqueArray(fc.constantFrom('A', 'B', 'C', 'D'), { minLength: 1, maxLength: 3 }), { minLength: ids.length, maxLength: ids.length }),
      // The order the engine sends the blocks in (any), as a permutation.
      fc.shuffledSubarray(ids.map((_, i) => i), { minLength: ids.length, maxLength: ids.length }),
    ),
  )

describe('a jump decode: the rows in the table order, the blocks placed in one pass', () => {
  it.prop([sessionsWithRows, fc.boolean()])('rowsOfState orders rows as the table does, with or without the sessions order', ([ids, created, items, blockOrder], withOrder) => {
    const sessions: SessionBrief[] = ids.map((id, i) => ({ id, alias: null, createdAt: created[i]! }))
    const createdAt = new Map(sessions.map((s) => [s.id, s.createdAt]))
    const rows = blockOrder.flatMap((i) => [...items[i]!].sort().map((item) => ({ session: ids[i]!, app: 1, page: 1, item, value: `${ids[i]}${item}`, status: 'S' as const })))
    const st = { rows } as unknown as TimelineState
    const compare = rowOrder(sessions)
    let calls = 0
    const counted = (a: RowEntry, b: RowEntry) => (calls++, compare(a, b))
    const order = [...sessions].sort(byListOrder).map((s) => s.id)
    const out = rowsOfState(st, counted, withOrder ? order : undefined)
    const expected = [...rows].sort(tableOrder(createdAt))
    expect(out.map((r) => [r.session, r.item])).toEqual(expected.map((r) => [r.session, r.item]))
    // Given the order, the comparator only checks the placed blocks: one call per neighbouring pair.
    if (withOrder) expect(calls).toBeLessThanOrEqual(ids.length - 1)
  })

  it('blocks of sessions the order does not name are still in the table order', () => {
    const sessions: SessionBrief[] = [
      { id: 5, alias: null, createdAt: 2 },
      { id: 9, alias: null, createdAt: 1 },
    ]
    const row = (session: number) => ({ session, app: 1, page: 1, item: 'X', value: 'v', status: 'S' as const })
    const st = { rows: [row(7), row(5), row(3), row(9)] } as unknown as TimelineState
    const out = rowsOfState(st, rowOrder(sessions), [9, 5])
    // 9 then 5 by creation time; 3 and 7 have none: after them, by ID.
    expect(out.map((r) => r.session)).toEqual([9, 5, 3, 7])
  })

  it.prop([
    fc.uniqueArray(fc.record({ id: fc.integer({ min: 1, max: 500 }), createdAt: fc.integer({ min: 0, max: 20 }) }), { selector: (s) => s.id, maxLength: 30 }),
    fc.uniqueArray(fc.record({ id: fc.integer({ min: 1, max: 500 }), createdAt: fc.integer({ min: 0, max: 20 }) }), { selector: (s) => s.id, maxLength: 30 }),
    fc.boolean(),
  ])('knownSessionsOf: every session once, in the list order, a listed one with its full record', (briefs, listed, sortedInput) => {
    // A session in both lists has the same creation time in each (the engine's one record).
    const created = new Map(briefs.map((b) => [b.id, b.createdAt]))
    const rowSessions: SessionBrief[] = briefs.map((b) => ({ id: b.id, alias: null, createdAt: b.createdAt }))
    const sessions = listed.map((l) => ({ id: l.id, alias: null, createdAt: created.get(l.id) ?? l.createdAt, status: 'active' }))
    if (sortedInput) {
      rowSessions.sort(byListOrder)
      sessions.sort(byListOrder)
    }
    const known = knownSessionsOf({ rowSessions, sessions } as unknown as Pick<TimelineState, 'sessions' | 'rowSessions'>)
    const all = new Map<number, SessionBrief>()
    for (const s of [...rowSessions, ...sessions]) if (!all.has(s.id) || 'status' in s) all.set(s.id, s)
    const expected = [...all.values()].sort(byListOrder)
    expect([...known.keys()]).toEqual(expected.map((s) => s.id))
    for (const s of sessions) expect('status' in known.get(s.id)!).toBe(true)
  })
})
