/**
 * Property (issue #11): whatever a session does through a form — saves,
 * inserts, deletes, failures — applying every recorded row effect backward,
 * last first, restores the app database exactly, and applying them forward
 * again gives the state the engine reached. Runs on the real backend.
 */
import { fc, test } from '@fast-check/vitest'
import { expect } from 'vitest'
import type { AppDefinition } from '../../../src-main/engine/model/app-definition.js'
import type { RowEffect } from '../../../src-main/engine/model/effect.js'
import type { LogicDatabase } from '../../../src-main/engine/logic/backend.js'
import { makeEngine } from '../helpers/engine-helpers.js'

const SCRIPT = `create table dept (deptno number(4) not null constraint dept_pk primary key, dname varchar2(10), loc varchar2(30));
create sequence dept_seq start with 50 increment by 10;
create or replace trigger dept_bi before insert on dept for each row
begin
  if :new.deptno is null then
    :new.deptno := dept_seq.nextval;
  end if;
end;
/
insert into dept values (10, 'ACCOUNTING', 'NEW YORK');
insert into dept values (20, 'RESEARCH', 'DALLAS');
insert into dept values (30, 'SALES', 'CHICAGO');
`
const form = { table: 'DEPT', keys: [{ column: 'DEPTNO', item: 'P1_DEPTNO' }], columns: { P1_DEPTNO: 'DEPTNO', P1_DNAME: 'DNAME', P1_LOC: 'LOC' } }
const app = {
  id: 100,
  name: 'Depts',
  homePage: 1,
  supportingObjects: { scripts: [{ name: 'dept', sequence: 10, text: SCRIPT }] },
  pages: [
    {
      id: 1,
      name: 'Dept',
      items: [{ name: 'P1_DEPTNO' }, { name: 'P1_DNAME' }, { name: 'P1_LOC' }],
      processes: [
        { name: 'DML', point: 'processing', type: 'notSimulated', notSimulated: { kind: 'Form DML', text: '', language: 'sql', apexType: 'NATIVE_FORM_DML', run: 'formDml' }, form },
      ],
    },
  ],
} as AppDefinition

type Action = { request: 'CREATE' | 'SAVE' | 'DELETE'; deptno: string; dname: string }

/** Every row of DEPT with its key, in key order. */
function snapshot(db: LogicDatabase): unknown {
  return (db as unknown as { snapshotTableWithKeys(name: string): unknown }).snapshotTableWithKeys('DEPT')
}

test.prop(
  [
    fc.array(
      fc.record({
        request: fc.constantFrom('CREATE', 'SAVE', 'DELETE'),
        deptno: fc.constantFrom('', '10', '20', '30', '50', '60'),
        // Up to 12 characters into a VARCHAR2(10): some saves fail and roll back.
        dname: fc.string({ minLength: 0, maxLength: 12 }),
      }),
      { maxLength: 12 },
    ),
  ],
  { numRuns: 25 },
)('reversing the row effects restores the database exactly', (actions: Action[]) => {
  const engine = makeEngine([app])
  const db = engine.appLogic!.db
  const initial = snapshot(db)
  engine.run({ type: 'request', url: 'f?p=100:1', as: 'A' })
  const effects: RowEffect[] = []
  for (const a of actions) {
    for (const step of engine.run({ type: 'submit', session: 'A', page: 1, request: a.request, values: { P1_DEPTNO: a.deptno, P1_DNAME: a.dname, P1_LOC: 'X' } })) {
      for (const e of step.effects) if (e.op === 'row') effects.push(e)
    }
  }
  const reached = snapshot(db)
  const change = (e: RowEffect) => ({ table: e.table, op: e.change, key: e.key, before: e.from, after: e.to })
  for (const e of [...effects].reverse()) db.applyChange(change(e), 'backward')
  expect(snapshot(db)).toEqual(initial)
  for (const e of effects) db.applyChange(change(e), 'forward')
  expect(snapshot(db)).toEqual(reached)
  engine.close()
})
