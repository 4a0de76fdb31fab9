/**
 * A block that is one DML statement runs without an interpreter
 * (plsql/one-statement.ts). It must answer as the interpreter does: the same
 * result (or the same error, line and column) and the same table contents,
 * over random statements, item values, step budgets and a package whose
 * variable a `pkg.x` in the statement may name.
 */
import { afterEach, describe, expect, it } from 'vitest'
import { fc, test as fcTest } from '@fast-check/vitest'
import { AppDatabase } from '../../../src-main/engine/database/app-database.js'
import { compilePlsql, PackageRegistry, runPlsql, type PlsqlHost } from '../../../src-main/engine/plsql/index.js'
import { runInterpreted } from '../../../src-main/engine/plsql/program.js'
import { oneStatementOf } from '../../../src-main/engine/plsql/one-statement.js'
import type { PlsqlProgram } from '../../../src-main/engine/plsql/ast.js'
import { fakeHost } from './helpers/fake-host.js'

const open: AppDatabase[] = []
afterEach(() => {
  for (const db of open.splice(0)) db.close()
})

function host(items: Record<string, string | null>, steps: number, withPackage: boolean): PlsqlHost & { db: AppDatabase } {
  const db = new AppDatabase({ clock: () => new Date('2024-03-15T10:20:30Z') })
  open.push(db)
  const report = db.runScript('setup', `create table t (id number(4) primary key, name varchar2(5), n number(5,2));
create sequence s start with 10;
insert into t (id, name, n) values (1, 'ONE', 1.5);`)
  expect(report.statements.filter((x) => !x.ok)).toEqual([])
  const packages = new PackageRegistry()
  if (withPackage) expect(packages.load('create or replace package p as x number := 7; end;\n/')).toMatchObject({ ok: true })
  return { ...fakeHost({ items, steps, packages }), db }
}

function compiled(text: string): PlsqlProgram {
  const c = compilePlsql(text, 'block')
  if (!c.ok) throw new Error(`${text}: ${c.reason.message}`)
  return c.program
}

const value = fc.constantFrom(':P1', ':P2', ':P3', "'x' || :P1", 'upper(:P2)', '3', "'abcdef'", 'null', 's.nextval', 'p.x', 't.n', 'nvl(:P3, 0) + 1')
const statement = fc.oneof(
  fc.tuple(value, value, value).map(([a, b, c]) => `insert into t (id, name, n) values (${a}, ${b}, ${c})`),
  fc.tuple(value, value, value).map(([a, b, c]) => `update t set name = ${a}, n = ${b} where id = ${c}`),
  value.map((a) => `delete from t where id = ${a}`),
  fc.tuple(value, value).map(([a, b]) => `insert into t (id, name) values (s.nextval, ${a} || ${b})`),
  value.map((a) => `merge into t using dual on (t.id = 1) when matched then update set n = ${a}`),
)
/** The ways APEX code holds one statement, and some that are not one statement (the interpreter's path on both sides). */
const block = fc.tuple(statement, fc.constantFrom('bare', 'begin', 'nested', 'declared', 'handled', 'two')).map(([s, form]) => {
  switch (form) {
    case 'bare':
      return `${s};`
    case 'begin':
      return `begin ${s}; end;`
    case 'nested':
      return `begin\n  begin\n    ${s};\n  end;\nend;`
    case 'declared':
      return `declare v number := 1; begin ${s}; end;`
    case 'handled':
      return `begin ${s}; exception when dup_val_on_index then null; end;`
    default:
      return `begin ${s}; ${s}; end;`
  }
})
const item = fc.constantFrom<string | null | undefined>('1', '2', '12.345', '999.995', 'abcdef', 'ab', '', null, undefined)

describe('one-statement blocks without the interpreter', () => {
  fcTest.prop([block, item, item, item, fc.integer({ min: 0, max: 4 }), fc.boolean()], { numRuns: 400 })(
    'answer and write as the interpreter does',
    (text, p1, p2, p3, steps, withPackage) => {
      const items: Record<string, string | null> = {}
      for (const [name, v] of [['P1', p1], ['P2', p2], ['P3', p3]] as const) if (v !== undefined) items[name] = v
      const program = compiled(text)
      const fast = host(items, steps, withPackage)
      const interpreted = host(items, steps, withPackage)
      expect(runPlsql(program, fast)).toEqual(runInterpreted(program, interpreted))
      expect(fast.db.snapshotTable('T')).toEqual(interpreted.db.snapshotTable('T'))
      expect(fast.db.sequenceState()).toEqual(interpreted.db.sequenceState())
    },
  )

  it('takes the blocks that are one DML statement naming no variable, and only those', () => {
    const taken = (text: string): boolean => oneStatementOf(compiled(text)) !== null
    expect(taken("insert into log (msg) values ('saved ' || :P2_ENAME);")).toBe(true)
    expect(taken('begin update t set n = p.x where id = :P1; end;')).toBe(true)
    expect(taken('begin begin delete from t; end; end;')).toBe(true)
    expect(taken('declare v number; begin delete from t where id = v; end;')).toBe(false)
    expect(taken('begin delete from t; exception when others then null; end;')).toBe(false)
    expect(taken('<<outer>> begin delete from t; end;')).toBe(false)
    expect(taken('begin delete from t; commit; end;')).toBe(false)
    expect(taken('insert into t (id) values (1) returning id into :P1;')).toBe(false)
    expect(taken('insert into t (name) values (apex_application.g_x01);')).toBe(false)
    expect(taken('insert into t (name) select c001 from apex_collections;')).toBe(false)
    expect(taken('select 1 into :P1 from dual;')).toBe(false)
  })

  it('reports a failing statement at its own line and column', () => {
    const h = host({ P1: '1' }, 100, false)
    expect(runPlsql(compiled('begin\n  begin\n    insert into t (id) values (:P1);\n  end;\nend;'), h)).toEqual({
      ok: false,
      error: { message: expect.stringMatching(/^ORA-00001/), line: 3, col: 5, oraCode: 1 },
    })
  })
})
