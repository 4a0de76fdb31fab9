/**
 * SYSDATE's text is kept while the simulated clock stands still
 * (oracle-functions.ts): for any sequence of clock readings — repeated,
 * moved forward or back, a millisecond apart, invalid — every call answers
 * what formatting that reading afresh answers.
 */
import Database from 'better-sqlite3'
import { fc, test } from '@fast-check/vitest'
import { afterAll, expect } from 'vitest'
import { formatCanonical, fromJsDate } from '../../../src-main/engine/sql/dates.js'
import { registerOracleFunctions } from '../../../src-main/engine/sql/oracle-functions.js'

let now = new Date(0)
const db = new Database(':memory:')
registerOracleFunctions(db, {
  clock: () => new Date(now.getTime()),
  user: () => 'NOBODY',
  nextval: () => 1,
  currval: () => 1,
  call: () => null,
})
const sysdate = db.prepare('SELECT ORA_SYSDATE()').pluck()
afterAll(() => db.close())

const base = Date.UTC(2026, 11, 7, 23, 59, 59, 500)
/** A reading: the last one again, a step from it (ms to days, either way), anywhere in years 1–9999, or invalid. */
const move = fc.oneof(
  fc.constant({ k: 'same' as const }),
  fc.integer({ min: -86_400_000 * 3, max: 86_400_000 * 3 }).map((by) => ({ k: 'by' as const, by })),
  fc.date({ min: new Date('0001-01-01T00:00:00Z'), max: new Date('9999-12-31T23:59:59Z'), noInvalidDate: true }).map((d) => ({ k: 'at' as const, at: d.getTime() })),
  fc.constant({ k: 'invalid' as const }),
)

test.prop([fc.array(move, { minLength: 1, maxLength: 30 })])('every SYSDATE is the clock reading formatted afresh', (moves) => {
  now = new Date(base)
  for (const m of moves) {
    if (m.k === 'by') now = new Date(now.getTime() + m.by)
    else if (m.k === 'at') now = new Date(m.at)
    else if (m.k === 'invalid') now = new Date(Number.NaN)
    else if (Number.isNaN(now.getTime())) now = new Date(base)
    expect(sysdate.get()).toBe(formatCanonical(fromJsDate(now, false)))
  }
})
