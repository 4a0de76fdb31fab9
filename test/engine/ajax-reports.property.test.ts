/**
 * Properties of Ajax calls and report pagination on random sequences:
 * - no operation ends in an internal error or throws (bad input is refused
 *   with a reason, the schema refuses malformed events);
 * - a report always shows a page inside its rows: 1 ≤ first ≤ last ≤ total,
 *   between one row and a page of rows (a first row past the end shows the
 *   last page);
 * - reversing every step's effects restores the state exactly.
 */
import { fc, test } from '@fast-check/vitest'
import { expect } from 'vitest'
import type { AppDefinition } from '../../src-main/engine/model/app-definition.js'
import type { Operation } from '../../src-main/engine/model/operation.js'
import type { Step } from '../../src-main/engine/model/step.js'
import type { ReportView } from '../../src-main/engine/runtime/report-regions.js'
import { expectReversible, makeEngine } from './helpers/engine-helpers.js'

const TOTAL = 23
const PAGE_SIZE = 5
const plsql = (text: string) => ({ kind: 'Ajax Callback process', text, language: 'plsql', apexType: 'NATIVE_PLSQL', run: 'plsqlBlock' })
const APP = {
  id: 400,
  name: 'Props',
  homePage: 1,
  supportingObjects: {
    scripts: [
      {
        name: 't',
        sequence: 1,
        text: `create table t (id number primary key, v varchar2(10));\n${Array.from({ length: TOTAL }, (_, i) => `insert into t values (${i + 1}, 'v${i + 1}');`).join('\n')}\n`,
      },
    ],
  },
  pages: [
    {
      id: 1,
      name: 'P',
      items: [{ name: 'P1_A' }, { name: 'P1_B' }, { name: 'P1_LOCK', protection: 'I' }],
      regions: [
        { name: 'Rows', type: 'NATIVE_SQL_REPORT', query: 'select id, v from t order by id', id: '1', rowsPerPage: PAGE_SIZE },
        { name: 'Sorted', type: 'NATIVE_IR', table: 'T', id: '2', rowsPerPage: PAGE_SIZE },
      ],
      onDemand: [
        { name: 'SET_B', notSimulated: plsql(':P1_B := :P1_A || apex_application.g_x01;') },
        { name: 'FAIL', notSimulated: plsql("begin :P1_B := 'x'; raise_application_error(-20001, 'no'); end;") },
        { name: 'TOUCH', notSimulated: plsql('update t set v = v where id = 1;') },
      ],
    },
  ],
} as unknown as AppDefinition

const value = fc.constantFrom('1', 'x', '', 'long value', null)
const op: fc.Arbitrary<Operation> = fc.oneof(
  fc.record({
    process: fc.constantFrom('SET_B', 'FAIL', 'TOUCH', 'NOPE', 'set_b'),
    values: fc.dictionary(fc.constantFrom('P1_A', 'P1_B', 'P1_LOCK', 'P9_Z'), value, { maxKeys: 2 }),
    x: fc.option(fc.record({ x01: fc.constantFrom('a', '') }), { nil: undefined }),
    returnItems: fc.option(fc.subarray(['P1_A', 'P1_B', 'NOPE']), { nil: undefined }),
  }).map((r) => ({ type: 'ajax', session: 'A', page: 1, process: r.process, values: r.values, ...(r.x ? { x: r.x } : {}), ...(r.returnItems ? { returnItems: r.returnItems } : {}) }) as Operation),
  fc.constantFrom<Operation>({ type: 'ajax', session: 'A', page: 1, plugin: 'P' }),
  fc.tuple(fc.constantFrom('1', '2', '9'), fc.constantFrom('1', '6', '11', '21', '23', '24', '100', '0', 'x')).map(
    ([region, row]) => ({ type: 'request', session: 'A', url: `f?p=400:1:&SESSION.:pg_R_${region}:NO&pg_min_row=${row}` }) as Operation,
  ),
  fc.tuple(fc.constantFrom('ID', 'V', 'NOPE', '1x'), fc.constantFrom('asc', 'desc', 'up')).map(
    ([column, dir]) => ({ type: 'request', session: 'A', url: `f?p=400:1:&SESSION.:pg_R_2:NO&ir_sort=${column}&ir_dir=${dir}` }) as Operation,
  ),
  fc.constantFrom<Operation>(
    { type: 'request', session: 'A', url: 'f?p=400:1:&SESSION.::NO:RP' },
    { type: 'request', session: 'A', url: 'f?p=400:1:&SESSION.::NO:RR' },
    { type: 'request', session: 'A', url: 'f?p=400:1:&SESSION.::NO:CR' },
    { type: 'clearCache', session: 'A', tokens: 'RP,CIR' },
    { type: 'request', session: 'A', url: 'f?p=400:1' },
  ),
)

function reportsOf(step: Step): ReportView[] {
  return (step.phases.filter((p) => p.kind === 'itemsRender').at(-1)?.detail?.reports ?? []) as ReportView[]
}

test.prop([fc.array(op, { minLength: 1, maxLength: 12 })], { numRuns: 40 })('ajax and pagination: never an internal error, pages within the rows, reversible', (ops) => {
  const engine = makeEngine([APP])
  engine.run({ type: 'request', url: 'f?p=400:1', as: 'A' })
  const before = engine.state.clone()
  const steps: Step[] = []
  for (const o of ops) steps.push(...engine.run(o))
  for (const s of steps) {
    expect(s.reason ?? '').not.toMatch(/internal error/)
    for (const r of reportsOf(s)) {
      expect(r.total).toBe(TOTAL)
      expect(r.first).toBeGreaterThanOrEqual(1)
      expect(r.last).toBeLessThanOrEqual(r.total)
      expect(r.last - r.first + 1).toBe(r.rows.length)
      expect(r.rows.length).toBeLessThanOrEqual(PAGE_SIZE)
      expect(r.rows.length).toBeGreaterThan(0)
    }
  }
  expectReversible(before, steps, engine.state)
  engine.close()
})
