/**
 * PIVOT over a subquery that names its columns, as Sample Reporting's
 * "Pivot Query Syntax" page writes it (export lines 10554–10563): projects'
 * task statuses counted per status. Expected counts by hand from the rows
 * inserted below.
 */
import { describe, expect, it } from 'vitest'
import { fc, test as fcTest } from '@fast-check/vitest'
import { AppDatabase } from '../../../src-main/engine/database/app-database.js'
import { translateSql } from '../../../src-main/engine/sql/translate.js'

function db(): AppDatabase {
  const d = new AppDatabase({ clock: () => new Date(Date.UTC(2024, 0, 1)) })
  const rows: [string, string][] = [['A', 'Open'], ['A', 'Open'], ['A', 'Closed'], ['B', 'Pending'], ['B', 'On-Hold'], ['C', 'Closed'], ['C', 'Other']]
  const r = d.runScript('p', `create table tasks (project varchar2(10), status varchar2(10), cost number);\n${rows.map(([p, s], i) => `insert into tasks values ('${p}', '${s}', ${i + 1});`).join('\n')}`)
  expect(r.statements.every((s) => s.ok)).toBe(true)
  return d
}

describe('PIVOT', () => {
  it("Sample Reporting's query: one row per project, a count per listed status (Other is in none)", () => {
    const d = db()
    const q = d.query(`select * from (
    select project, status
    from tasks
)
pivot
(
    count(status)
    for status in ('Open' as "Open",'Closed' as "Closed",'Pending' as "Pending",'On-Hold' as "On-Hold")
)
order by project`, () => undefined)
    expect(q.columns).toEqual(['PROJECT', 'Open', 'Closed', 'Pending', 'On-Hold'])
    expect(q.rows).toEqual([['A', 2, 1, 0, 0], ['B', 0, 0, 1, 1], ['C', 0, 1, 0, 0]])
  })

  it('SUM with an aggregate alias names columns value_alias; values without alias are named by their text', () => {
    const d = db()
    const q = d.query("select * from (select project, status, cost from tasks) pivot (sum(cost) as total for status in ('Open', 'Closed')) order by project", () => undefined)
    expect(q.columns).toEqual(['PROJECT', 'OPEN_TOTAL', 'CLOSED_TOTAL'])
    // A: Open costs 1 + 2, Closed 3; B: none (NULL); C: Closed 6.
    expect(q.rows).toEqual([['A', 3, 3], ['B', null, null], ['C', null, 6]])
  })

  it('a source with * or a table, PIVOT XML and IN (ANY) are reported', () => {
    const msg = (sql: string) => {
      const r = translateSql(sql)
      return r.ok ? 'ok' : r.error.message
    }
    expect(msg("select * from tasks pivot (count(*) for status in ('Open'))")).toMatch(/subquery that names its columns/)
    expect(msg("select * from (select * from tasks) pivot (count(status) for status in ('Open'))")).toMatch(/subquery that names its columns/)
    expect(msg('select * from (select status from tasks) pivot xml (count(status) for status in (any))')).toMatch(/PIVOT XML/)
    expect(msg('select * from (select status from tasks) pivot (count(status) for status in (any))')).toMatch(/ANY/)
  })

  const piece = fc.constantFrom('pivot', '(', ')', 'count(status)', 'sum(cost)', 'as', 'x', 'for', 'status', 'in', "'Open'", ',', 'xml', 'any', '"Q"')
  fcTest.prop([fc.array(piece, { maxLength: 14 })], { numRuns: 600 })('the translator never fails internally on PIVOT pieces', (pieces) => {
    const r = translateSql(`select * from (select project, status, cost from tasks) ${pieces.join(' ')}`)
    if (!r.ok) expect(r.error.message).not.toMatch(/^cannot translate/)
  })
})
