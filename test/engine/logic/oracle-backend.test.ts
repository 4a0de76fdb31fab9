/**
 * The engine on the real backend (SQL translator, AppDatabase, PL/SQL
 * interpreter) with a small hand-written app: Oracle DDL and data in its
 * install script, a key filled by a BEFORE INSERT trigger from a sequence,
 * a form, a PL/SQL process with SELECT INTO, a SQL validation, and a runaway
 * loop. Expected values are read off the script by hand.
 */
import { describe, expect, it } from 'vitest'
import type { AppDefinition } from '../../../src-main/engine/model/app-definition.js'
import type { Effect, RowEffect } from '../../../src-main/engine/model/effect.js'
import { makeEngine, valueOf } from '../helpers/engine-helpers.js'

const SCRIPT = `create table dept (
  deptno number(4) not null constraint dept_pk primary key,
  dname  varchar2(30),
  loc    varchar2(30)
);
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

const code = (kind: string, text: string, run: string, apexType: string) => ({ kind, text, language: run.startsWith('plsql') ? 'plsql' : 'sql', apexType, run })
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
      items: [{ name: 'P1_DEPTNO' }, { name: 'P1_DNAME' }, { name: 'P1_LOC' }, { name: 'P1_TOTAL' }],
      validations: [
        {
          name: 'Known city',
          expression: '1 = 1',
          message: 'Unknown city',
          notSimulated: code('SQL "rows returned" validation', "select 1 from dual where upper(:P1_LOC) in ('NEW YORK', 'DALLAS', 'CHICAGO', 'BOSTON')", 'sqlExists', 'EXISTS'),
        },
      ],
      processes: [
        { name: 'Fetch', point: 'beforeHeader', type: 'notSimulated', notSimulated: code('Form - Initialization', 'NATIVE_FORM_INIT', 'formFetch', 'NATIVE_FORM_INIT'), form },
        { name: 'DML', point: 'processing', type: 'notSimulated', notSimulated: code('Form - Automatic Row Processing (DML)', 'NATIVE_FORM_DML', 'formDml', 'NATIVE_FORM_DML'), form },
        {
          name: 'Count',
          point: 'processing',
          type: 'notSimulated',
          notSimulated: code('PL/SQL process', "declare\n  n number;\nbegin\n  select count(*) into n from dept;\n  :P1_TOTAL := n || ' departments';\nend;", 'plsqlBlock', 'NATIVE_PLSQL'),
        },
        {
          name: 'Spin',
          point: 'processing',
          type: 'notSimulated',
          notSimulated: code('PL/SQL process', 'begin\n  loop\n    null;\n  end loop;\nend;', 'plsqlBlock', 'NATIVE_PLSQL'),
          when: { button: 'SPIN' },
        },
      ],
    },
  ],
} as AppDefinition

const rows = (effects: readonly Effect[]): RowEffect[] => effects.filter((e): e is RowEffect => e.op === 'row')

describe('engine on the real SQL/PL/SQL backend', () => {
  it('fetches a row, saves a change with its row effect, and runs a PL/SQL process with SELECT INTO', () => {
    const engine = makeEngine([app])
    engine.run({ type: 'request', url: 'f?p=100:1:::::P1_DEPTNO:20', as: 'A' })
    expect([valueOf(engine, 'A', 'P1_DNAME'), valueOf(engine, 'A', 'P1_LOC')]).toEqual(['RESEARCH', 'DALLAS'])
    const [save] = engine.run({ type: 'submit', session: 'A', page: 1, request: 'SAVE', values: { P1_DEPTNO: '20', P1_DNAME: 'LAB', P1_LOC: 'DALLAS' } })
    expect(save?.outcome).toBe('ok')
    expect(rows(save!.effects).map((e) => [e.change, e.table, e.from?.DNAME, e.to?.DNAME])).toEqual([['update', 'DEPT', 'RESEARCH', 'LAB']])
    expect(valueOf(engine, 'A', 'P1_TOTAL')).toBe('3 departments')
  })

  it('CREATE: the trigger fills the key from the sequence (50), and it comes back into the key item', () => {
    const engine = makeEngine([app])
    engine.run({ type: 'request', url: 'f?p=100:1', as: 'A' })
    const [create] = engine.run({ type: 'submit', session: 'A', page: 1, request: 'CREATE', values: { P1_DEPTNO: '', P1_DNAME: 'OPERATIONS', P1_LOC: 'BOSTON' } })
    expect(create?.outcome).toBe('ok')
    expect(rows(create!.effects).map((e) => [e.change, e.to])).toEqual([['insert', { DEPTNO: 50, DNAME: 'OPERATIONS', LOC: 'BOSTON' }]])
    expect(valueOf(engine, 'A', 'P1_DEPTNO')).toBe('50')
    expect(valueOf(engine, 'A', 'P1_TOTAL')).toBe('4 departments')
  })

  it('a SQL validation fails for an unknown city and nothing is written', () => {
    const engine = makeEngine([app])
    engine.run({ type: 'request', url: 'f?p=100:1:::::P1_DEPTNO:10', as: 'A' })
    const [step] = engine.run({ type: 'submit', session: 'A', page: 1, request: 'SAVE', values: { P1_DEPTNO: '10', P1_DNAME: 'ACCOUNTING', P1_LOC: 'PARIS' } })
    expect(step?.outcome).toBe('validationFailed')
    expect(step?.errors).toEqual([{ validation: 'Known city', message: 'Unknown city' }])
    expect(rows(step!.effects)).toEqual([])
  })

  it('a runaway loop is stopped by the step budget: an error naming page, process and line, and the DML before it is undone', () => {
    const engine = makeEngine([app])
    engine.run({ type: 'request', url: 'f?p=100:1:::::P1_DEPTNO:30', as: 'A' })
    const [spin] = engine.run({ type: 'submit', session: 'A', page: 1, request: 'SPIN', values: { P1_DEPTNO: '30', P1_DNAME: 'GONE', P1_LOC: 'CHICAGO' } })
    expect(spin?.outcome).toBe('error')
    expect(spin?.reason).toMatch(/^process 'Spin' on page 1: .*\(line [2-4], column \d+\)$/)
    expect(spin?.effects).toEqual([])
    engine.run({ type: 'request', url: 'f?p=100:1:::::P1_DEPTNO:30', session: 'A' })
    expect(valueOf(engine, 'A', 'P1_DNAME')).toBe('SALES')
  })
})
