/**
 * Report regions (issue #11 §4): their rows in the page, per-session
 * pagination kept as the pseudo item RP$<page>$<REGION>, moved by pagination
 * requests, reset by RP/RR (every report) and CR (interactive reports only),
 * copied by a clone, undone by stepping back.
 *
 * Expected values by hand:
 * - Sample Reporting (7810) installs EBA_DEMO_IR_PROJECTS with 73 inserts
 *   (export lines 16176–16320, one every two lines), so insert n is on line
 *   16176 + 2(n−1): #1 'Identify server requirements', #15 'Create ACME Web
 *   Express applications from spreadsheets', #16 'Send links to previous
 *   spreadsheet owners', #30 'Plan migration schedule', #61 … #73 'Publish
 *   development standards'. Page 3's classic report (15 rows a page, its
 *   p_query_num_rows; ROWID and ID hidden, headings Project, Task, … at
 *   export lines 4972–5060) and page 11's interactive report (its default
 *   report shows 5 rows, ID displayed as HIDDEN, export lines 6683–7197)
 *   select them without ORDER BY, so in insertion order.
 * - The hand-written app below inserts 42 rows named E1 … E42.
 */
import { beforeAll, describe, expect, it } from 'vitest'
import { importApexExport } from '../../src-main/apex-import/index.js'
import type { AppDefinition } from '../../src-main/engine/model/app-definition.js'
import type { Step } from '../../src-main/engine/model/step.js'
import type { ReportView } from '../../src-main/engine/runtime/report-regions.js'
import { describeWithSharedFixtures, sharedFixture } from '../helpers/shared-fixtures.js'
import { cell, expectReversible, idOf, makeEngine, phase, sets, show } from './helpers/engine-helpers.js'

function reports(steps: Step[]): ReportView[] {
  const step = steps[steps.length - 1]!
  return (phase(step, 'itemsRender').detail?.reports ?? []) as ReportView[]
}
const summary = (r: ReportView) => ({ first: r.first, last: r.last, total: r.total, rows: r.rows.length })

const EMP_ROWS = Array.from({ length: 42 }, (_, i) => `insert into emp (id, name) values (${i + 1}, 'E${i + 1}');`).join('\n')
const HAND: AppDefinition = {
  id: 200,
  name: 'Reports',
  homePage: 1,
  supportingObjects: { scripts: [{ name: 'emp', sequence: 1, text: `create table emp (id number primary key, name varchar2(20));\n${EMP_ROWS}\n` }] },
  pages: [
    {
      id: 1,
      name: 'List',
      items: [{ name: 'P1_X' }],
      regions: [
        { name: 'Employees', type: 'NATIVE_SQL_REPORT', query: 'select id, name from emp order by id', id: '11' },
        { name: 'Grid', type: 'NATIVE_IR', table: 'EMP', where: 'id > 40', id: '12', rowsPerPage: 1 },
        { name: 'Edit', type: 'NATIVE_FORM', table: 'EMP' },
      ],
    },
    { id: 2, name: 'Other', items: [{ name: 'P2_Y' }] },
  ],
} as AppDefinition

describe('report regions on a hand-written app', () => {
  it('shows the first page of rows with headings and the count: rows 1–15 of 42', () => {
    const engine = makeEngine([HAND])
    const [emp, grid] = reports(show(engine, 'f?p=200:1', { as: 'A' }))
    expect(emp).toMatchObject({ region: 'Employees', type: 'NATIVE_SQL_REPORT', columns: ['ID', 'NAME'], first: 1, last: 15, total: 42, pageSize: 15, paginate: 'pg_R_11' })
    expect(emp!.rows[0]).toEqual(['1', 'E1'])
    expect(emp!.rows[14]).toEqual(['15', 'E15'])
    // The table region with its where clause: ids 41 and 42, one row a page.
    expect(grid).toMatchObject({ region: 'Grid', columns: ['ID', 'NAME'], rows: [['41', 'E41']], first: 1, last: 1, total: 2 })
    // The form region is no report.
    expect(reports(show(engine, 'f?p=200:1', { session: 'A' }))).toHaveLength(2)
  })

  it('a pagination request moves one report, stored as the session value RP$1$EMPLOYEES', () => {
    const engine = makeEngine([HAND])
    show(engine, 'f?p=200:1', { as: 'A' })
    const steps = show(engine, 'f?p=200:1:&SESSION.:pg_R_11:NO&pg_min_row=31&pg_max_rows=15', { session: 'A' })
    const [emp, grid] = reports(steps)
    expect(summary(emp!)).toEqual({ first: 31, last: 42, total: 42, rows: 12 })
    expect(emp!.rows[11]).toEqual(['42', 'E42'])
    expect(grid!.first).toBe(1)
    expect(sets(steps[0]!).map((e) => [e.page, e.item, e.to, e.toStatus])).toEqual([[1, 'RP$1$EMPLOYEES', '31', 'I']])
    expect(cell(engine, 'A', 'RP$1$EMPLOYEES')).toEqual(['31', 'I'])
    // A later plain show keeps the session's page of rows.
    expect(summary(reports(show(engine, 'f?p=200:1', { session: 'A' }))[0]!)).toEqual({ first: 31, last: 42, total: 42, rows: 12 })
  })

  it('a first row past the end shows the last page; a bad pg_min_row changes nothing and says so', () => {
    const engine = makeEngine([HAND])
    show(engine, 'f?p=200:1', { as: 'A' })
    expect(summary(reports(show(engine, 'f?p=200:1:&SESSION.:pg_R_11:NO&pg_min_row=99', { session: 'A' }))[0]!)).toEqual({ first: 31, last: 42, total: 42, rows: 12 })
    const bad = show(engine, 'f?p=200:1:&SESSION.:pg_R_11:NO&pg_min_row=x', { session: 'A' })
    expect(sets(bad[0]!)).toEqual([])
    expect(bad[0]!.effects.some((e) => e.op === 'warning' && /pg_min_row "x" is not a row number/.test(e.message))).toBe(true)
  })

  it('RP on the target page resets its reports; RP aimed at another page leaves them', () => {
    const engine = makeEngine([HAND])
    show(engine, 'f?p=200:1', { as: 'A' })
    show(engine, 'f?p=200:1:&SESSION.:pg_R_11:NO&pg_min_row=16', { session: 'A' })
    show(engine, 'f?p=200:2:&SESSION.:::RP', { session: 'A' })
    expect(cell(engine, 'A', 'RP$1$EMPLOYEES')).toEqual(['16', 'I'])
    const steps = show(engine, 'f?p=200:1:&SESSION.:::RP', { session: 'A' })
    expect(cell(engine, 'A', 'RP$1$EMPLOYEES')).toEqual([null, 'R'])
    expect(summary(reports(steps)[0]!)).toEqual({ first: 1, last: 15, total: 42, rows: 15 })
    const cc = phase(steps[0]!, 'clearCache').detail?.tokens as { token: string; reset: string[] }[]
    expect(cc).toEqual([expect.objectContaining({ token: 'RP', kind: 'report', reset: ['1:RP$1$EMPLOYEES'] })])
  })

  it('CR clears interactive reports only; RR resets classic ones too', () => {
    const engine = makeEngine([HAND])
    show(engine, 'f?p=200:1', { as: 'A' })
    show(engine, 'f?p=200:1:&SESSION.:pg_R_11:NO&pg_min_row=16', { session: 'A' })
    show(engine, 'f?p=200:1:&SESSION.:pg_R_12:NO&pg_min_row=2', { session: 'A' })
    show(engine, 'f?p=200:1:&SESSION.:::CR', { session: 'A' })
    expect(cell(engine, 'A', 'RP$1$EMPLOYEES')).toEqual(['16', 'I'])
    expect(cell(engine, 'A', 'RP$1$GRID')).toEqual([null, 'R'])
    show(engine, 'f?p=200:1:&SESSION.:::RR', { session: 'A' })
    expect(cell(engine, 'A', 'RP$1$EMPLOYEES')).toEqual([null, 'R'])
  })

  it('an interactive report sorts by a column (kept as RR$1$GRID, back to row 1); RP keeps the sort, RR and CR drop it', () => {
    const engine = makeEngine([HAND])
    show(engine, 'f?p=200:1', { as: 'A' })
    show(engine, 'f?p=200:1:&SESSION.:pg_R_12:NO&pg_min_row=2', { session: 'A' })
    const sorted = show(engine, 'f?p=200:1:&SESSION.:pg_R_12:NO&ir_sort=id&ir_dir=desc', { session: 'A' })
    const grid = reports(sorted)[1]!
    // Ids 41 and 42, descending, one row a page: 42 first.
    expect(grid).toMatchObject({ rows: [['42', 'E42']], first: 1, sort: { column: 'ID', direction: 'desc' } })
    expect(sets(sorted[0]!).map((e) => [e.item, e.to])).toEqual([
      ['RR$1$GRID', 'ID DESC'],
      ['RP$1$GRID', null],
    ])
    expect(reports(show(engine, 'f?p=200:1:&SESSION.::NO:RP', { session: 'A' }))[1]!.rows).toEqual([['42', 'E42']])
    expect(cell(engine, 'A', 'RR$1$GRID')?.[0]).toBe('ID DESC')
    expect(reports(show(engine, 'f?p=200:1:&SESSION.::NO:RR', { session: 'A' }))[1]!.rows).toEqual([['41', 'E41']])
    expect(cell(engine, 'A', 'RR$1$GRID')).toEqual([null, 'R'])
    show(engine, 'f?p=200:1:&SESSION.:pg_R_12:NO&ir_sort=NAME&ir_dir=desc', { session: 'A' })
    show(engine, 'f?p=200:1:&SESSION.::NO:CR', { session: 'A' })
    expect(cell(engine, 'A', 'RR$1$GRID')).toEqual([null, 'R'])
  })

  it('a classic report does not sort; a bad direction changes nothing; both say so', () => {
    const engine = makeEngine([HAND])
    show(engine, 'f?p=200:1', { as: 'A' })
    const classic = show(engine, 'f?p=200:1:&SESSION.:pg_R_11:NO&ir_sort=NAME', { session: 'A' })
    expect(sets(classic[0]!)).toEqual([])
    expect(classic[0]!.effects.some((e) => e.op === 'warning' && /is no interactive report/.test(e.message))).toBe(true)
    const bad = show(engine, 'f?p=200:1:&SESSION.:pg_R_12:NO&ir_sort=NAME&ir_dir=sideways', { session: 'A' })
    expect(sets(bad[0]!)).toEqual([])
  })

  it('the clearCache event resets the reports of the session current page', () => {
    const engine = makeEngine([HAND])
    show(engine, 'f?p=200:1', { as: 'A' })
    show(engine, 'f?p=200:1:&SESSION.:pg_R_11:NO&pg_min_row=16', { session: 'A' })
    engine.run({ type: 'clearCache', session: 'A', tokens: 'RP' })
    expect(cell(engine, 'A', 'RP$1$EMPLOYEES')).toEqual([null, 'R'])
  })

  it('a clone copies the pagination, and the two sessions then page on their own', () => {
    const engine = makeEngine([HAND])
    show(engine, 'f?p=200:1', { as: 'A' })
    show(engine, 'f?p=200:1:&SESSION.:pg_R_11:NO&pg_min_row=16', { session: 'A' })
    const cloned = show(engine, `f?p=200:1:${idOf(engine, 'A')}:APEX_CLONE_SESSION`, { as: 'B' })
    expect(summary(reports(cloned)[0]!)).toEqual({ first: 16, last: 30, total: 42, rows: 15 })
    expect(cell(engine, 'B', 'RP$1$EMPLOYEES')?.[0]).toBe('16')
    show(engine, 'f?p=200:1:&SESSION.:pg_R_11:NO&pg_min_row=31', { session: 'B' })
    expect(cell(engine, 'A', 'RP$1$EMPLOYEES')?.[0]).toBe('16')
    expect(cell(engine, 'B', 'RP$1$EMPLOYEES')?.[0]).toBe('31')
  })

  it('stepping back over pagination and RP restores the session values exactly', () => {
    const engine = makeEngine([HAND])
    show(engine, 'f?p=200:1', { as: 'A' })
    const before = engine.state.clone()
    const steps = [
      ...show(engine, 'f?p=200:1:&SESSION.:pg_R_11:NO&pg_min_row=16', { session: 'A' }),
      ...show(engine, 'f?p=200:1:&SESSION.:::RP', { session: 'A' }),
      ...show(engine, 'f?p=200:1:&SESSION.:pg_R_11:NO&pg_min_row=31', { session: 'A' }),
    ]
    expectReversible(before, steps, engine.state)
  })

  it('a function body returning the SQL query runs first, then its query', () => {
    const fn = structuredClone(HAND) as AppDefinition
    fn.pages[0]!.regions = [
      { name: 'Dynamic', type: 'NATIVE_SQL_REPORT', queryFunction: "return 'select id, name from emp where id <= ' || (1 + 2) || ' order by id';" },
      { name: 'Broken', type: 'NATIVE_IR', queryFunction: 'return null;' },
    ] as AppDefinition['pages'][number]['regions']
    const engine = makeEngine([fn])
    const [dynamic, broken] = reports(show(engine, 'f?p=200:1', { as: 'A' }))
    expect(dynamic).toMatchObject({ rows: [['1', 'E1'], ['2', 'E2'], ['3', 'E3']], total: 3 })
    expect(broken!.error).toBe('the function body returned no query')
  })

  it('a query that fails shows its reason in the region; the page still renders', () => {
    const broken = structuredClone(HAND) as AppDefinition
    broken.pages[0]!.regions = [{ name: 'Broken', type: 'NATIVE_SQL_REPORT', query: 'select nope from emp' }]
    const engine = makeEngine([broken])
    const steps = show(engine, 'f?p=200:1', { as: 'A' })
    expect(steps[0]!.outcome).toBe('ok')
    const [r] = reports(steps)
    expect(r!.rows).toEqual([])
    expect(r!.error).toMatch(/NOPE/i)
  })
})

const SAMPLES = sharedFixture('oracle-samples-24.2')

describeWithSharedFixtures('report regions of Sample Reporting (7810)', () => {
  let apps: unknown[] = []
  beforeAll(async () => {
    apps = (await importApexExport(`${SAMPLES}/sample-reporting.sql`)).apps
  })

  it('page 3: the classic report shows rows 1–15 of 73; its pagination link moves to 16–30; RP brings row 1 back', () => {
    const engine = makeEngine(apps)
    const [first] = reports(show(engine, 'f?p=7810:3', { as: 'A' }))
    expect(first).toMatchObject({ region: 'Classic Report', first: 1, last: 15, total: 73, pageSize: 15, paginate: 'pg_R_2673740096999394540' })
    expect(first!.columns).toEqual(['PROJECT', 'TASK_NAME', 'START_DATE', 'END_DATE', 'STATUS', 'ASSIGNED_TO', 'COST', 'BUDGET'])
    expect(first!.headings).toEqual(['Project', 'Task', 'Start Date', 'End Date', 'Status', 'Assigned To', 'Cost', 'Budget'])
    const task = (r: ReportView, i: number) => r.rows[i]![1]
    expect(task(first!, 0)).toBe('Identify server requirements')
    expect(task(first!, 14)).toBe('Create ACME Web Express applications from spreadsheets')

    const [second] = reports(show(engine, 'f?p=7810:3:&SESSION.:pg_R_2673740096999394540:NO&pg_min_row=16&pg_max_rows=15&pg_rows_fetched=15', { session: 'A' }))
    expect(summary(second!)).toEqual({ first: 16, last: 30, total: 73, rows: 15 })
    expect(task(second!, 0)).toBe('Send links to previous spreadsheet owners')
    expect(task(second!, 14)).toBe('Plan migration schedule')
    expect(cell(engine, 'A', 'RP$3$CLASSIC REPORT')?.[0]).toBe('16')

    const [last] = reports(show(engine, 'f?p=7810:3:&SESSION.:pg_R_2673740096999394540:NO&pg_min_row=61', { session: 'A' }))
    expect(summary(last!)).toEqual({ first: 61, last: 73, total: 73, rows: 13 })
    expect(task(last!, 12)).toBe('Publish development standards')

    const [reset] = reports(show(engine, 'f?p=7810:3:&SESSION.::NO:RP', { session: 'A' }))
    expect(summary(reset!)).toEqual({ first: 1, last: 15, total: 73, rows: 15 })
    engine.close()
  })

  it('page 11: CR clears the interactive report; the classic report of page 3 keeps its page', () => {
    const engine = makeEngine(apps)
    show(engine, 'f?p=7810:3', { as: 'A' })
    show(engine, 'f?p=7810:3:&SESSION.:pg_R_2673740096999394540:NO&pg_min_row=16', { session: 'A' })
    const [ir] = reports(show(engine, 'f?p=7810:11:&SESSION.:pg_R_1313329093479088417:NO&pg_min_row=16', { session: 'A' }))
    expect(ir).toMatchObject({ region: 'Interactive Report', type: 'NATIVE_IR', first: 16, last: 20, total: 73, pageSize: 5 })
    expect(ir!.columns[0]).toBe('PROJECT')
    expect(ir!.headings.at(-1)).toBe('Available Budget')
    // Insert #16.
    expect(ir!.rows[0]![1]).toBe('Send links to previous spreadsheet owners')
    const [cleared] = reports(show(engine, 'f?p=7810:11:&SESSION.::NO:CR', { session: 'A' }))
    expect(summary(cleared!)).toEqual({ first: 1, last: 5, total: 73, rows: 5 })
    expect(cell(engine, 'A', 'RP$3$CLASSIC REPORT')?.[0]).toBe('16')
    engine.close()
  })
})
