/**
 * Interactive Grid - Automatic Row Processing (DML) on the real backend
 * (issue #11, database.md §4): a submit's `grids` rows are inserted, updated
 * and deleted in the grid's table by key or ROWID, each a row effect; a row
 * that matches nothing fails the request and rolls every row back. Expected
 * rows are read off the install script by hand.
 */
import { describe, expect, it } from 'vitest'
import type { AppDefinition } from '../../../src-main/engine/model/app-definition.js'
import type { Effect, RowEffect } from '../../../src-main/engine/model/effect.js'
import { makeEngine, notices } from '../helpers/engine-helpers.js'

const SCRIPT = `create table emp (
  empno number(4) primary key,
  ename varchar2(10) not null,
  sal   number(7,2)
);
create sequence emp_seq start with 8000;
create or replace trigger emp_bi before insert on emp for each row
begin
  if :new.empno is null then
    :new.empno := emp_seq.nextval;
  end if;
end;
/
insert into emp values (7839, 'KING', 5000);
insert into emp values (7698, 'BLAKE', 2850);
insert into emp values (7782, 'CLARK', 2450);
`

const grid = { region: 'emps', regionName: 'Employees', table: 'EMP', keys: ['EMPNO'], columns: ['EMPNO', 'ENAME', 'SAL'] }
const rowidGrid = { ...grid, region: 'emps_by_rowid', keys: ['ROWID'] }
/** No key named: the table's primary key (EMPNO), read from the app database; no column list: every column the rows carry. */
const pkGrid = { region: 'emps_by_pk', table: 'EMP', keys: [], columns: [] }
const dml = (name: string, g: object) => ({
  name,
  point: 'processing',
  type: 'notSimulated',
  notSimulated: { kind: 'Interactive Grid - Automatic Row Processing (DML)', text: 'NATIVE_IG_DML', apexType: 'NATIVE_IG_DML', run: 'gridDml' },
  grid: g,
})

const app = {
  id: 100,
  name: 'Emps',
  homePage: 1,
  supportingObjects: { scripts: [{ name: 'emp', sequence: 10, text: SCRIPT }] },
  pages: [
    { id: 1, name: 'Grid', items: [{ name: 'P1_X' }], processes: [dml('Save grid', grid), dml('Save grid by rowid', rowidGrid), dml('Save grid by pk', pkGrid)] },
  ],
} as unknown as AppDefinition

const rows = (effects: readonly Effect[]) => effects.filter((e): e is RowEffect => e.op === 'row').map((e) => [e.change, e.key, e.from, e.to])
const emps = (engine: ReturnType<typeof makeEngine>) => engine.appLogic!.db.query('select empno, ename, sal from emp order by empno', () => undefined).rows

function setup() {
  const engine = makeEngine([app])
  engine.run({ type: 'request', url: 'f?p=100:1', as: 'A' })
  return engine
}

describe('Interactive Grid DML', () => {
  it('C inserts (the trigger fills the key), U updates by key, D deletes, in the order submitted', () => {
    const engine = setup()
    const [step] = engine.run({
      type: 'submit',
      session: 'A',
      page: 1,
      request: 'SAVE',
      grids: {
        emps: [
          { status: 'U', values: { EMPNO: '7698', ENAME: 'BLAKE', SAL: '3000' } },
          { status: 'C', values: { EMPNO: null, ENAME: 'ADAMS', SAL: 1100 } },
          { status: 'D', values: { EMPNO: '7782', ENAME: 'CLARK', SAL: '2450' } },
        ],
      },
    })
    expect(step?.outcome).toBe('ok')
    // Row keys are rowids: KING 1, BLAKE 2, CLARK 3 (install order), ADAMS 4.
    expect(rows(step!.effects)).toEqual([
      ['update', '2', { EMPNO: 7698, ENAME: 'BLAKE', SAL: 2850 }, { EMPNO: 7698, ENAME: 'BLAKE', SAL: 3000 }],
      ['insert', '4', null, { EMPNO: 8000, ENAME: 'ADAMS', SAL: 1100 }],
      ['delete', '3', { EMPNO: 7782, ENAME: 'CLARK', SAL: 2450 }, null],
    ])
    expect(emps(engine)).toEqual([[7698, 'BLAKE', 3000], [7839, 'KING', 5000], [8000, 'ADAMS', 1100]])
    expect(notices(step!, 'gridDml').map((n) => n.message)).toEqual([
      "process 'Save grid' on page 1: grid emps: 1 inserted, 1 updated, 1 deleted",
      "process 'Save grid by rowid' on page 1: no rows of grid emps_by_rowid submitted; nothing written",
      "process 'Save grid by pk' on page 1: no rows of grid emps_by_pk submitted; nothing written",
    ])
  })

  it("a grid naming no key uses the table's primary key", () => {
    const engine = setup()
    const [step] = engine.run({ type: 'submit', session: 'A', page: 1, grids: { emps_by_pk: [{ status: 'U', values: { EMPNO: '7839', ENAME: 'KONG' } }] } })
    expect(step?.outcome).toBe('ok')
    expect(emps(engine)).toEqual([[7698, 'BLAKE', 2850], [7782, 'CLARK', 2450], [7839, 'KONG', 5000]])
  })

  it('a grid keyed by ROWID; the grid may be named by its region name; columns it does not write are named, not written', () => {
    const engine = setup()
    const [step] = engine.run({
      type: 'submit',
      session: 'A',
      page: 1,
      grids: { emps_by_rowid: [{ status: 'U', values: { ROWID: '1', SAL: '5500', BONUS: '9' } }], Employees: [{ status: 'D', values: { EMPNO: '7698' } }] },
    })
    expect(step?.outcome).toBe('ok')
    expect(emps(engine)).toEqual([[7782, 'CLARK', 2450], [7839, 'KING', 5500]])
    expect(notices(step!, 'gridDml').map((n) => n.message)).toEqual([
      "process 'Save grid' on page 1: grid emps: 0 inserted, 0 updated, 1 deleted",
      "process 'Save grid by rowid' on page 1: grid emps_by_rowid: 0 inserted, 1 updated, 0 deleted; not written by the grid: BONUS",
      "process 'Save grid by pk' on page 1: no rows of grid emps_by_pk submitted; nothing written",
    ])
  })

  it('a row that matches nothing fails the request, naming the grid row, and every row of it is rolled back', () => {
    const engine = setup()
    const [step] = engine.run({
      type: 'submit',
      session: 'A',
      page: 1,
      grids: { emps: [{ status: 'U', values: { EMPNO: '7839', SAL: '1' } }, { status: 'D', values: { EMPNO: '1234' } }] },
    })
    expect(step?.outcome).toBe('error')
    expect(step?.reason).toMatch(/grid emps row 2 \(D\): no row of EMP with EMPNO = 1234/)
    expect(emps(engine)).toEqual([[7698, 'BLAKE', 2850], [7782, 'CLARK', 2450], [7839, 'KING', 5000]])
  })

  it("a database error names the row; a U or D without its key value is refused", () => {
    const engine = setup()
    const tooBig = engine.run({ type: 'submit', session: 'A', page: 1, grids: { emps: [{ status: 'C', values: { ENAME: 'X', SAL: '123456789' } }] } })[0]!
    expect(tooBig.outcome).toBe('error')
    expect(tooBig.reason).toMatch(/grid emps row 1 \(C\): .*ORA-01438/)
    const noKey = engine.run({ type: 'submit', session: 'A', page: 1, grids: { emps: [{ status: 'U', values: { ENAME: 'Y' } }] } })[0]!
    expect(noKey.reason).toMatch(/grid emps row 1 \(U\): no value for its key EMPNO/)
  })
})
