/**
 * TABLE() over a PL/SQL function returning a collection — the common APEX
 * case, `table(apex_string.split(:P1_IDS, ':'))` — as rows with one
 * COLUMN_VALUE each, in the collection's order. Expected rows by hand from
 * the inputs.
 */
import { describe, expect, it } from 'vitest'
import { fc, test as fcTest } from '@fast-check/vitest'
import { AppDatabase } from '../../../src-main/engine/database/app-database.js'
import { PackageRegistry, callPlsqlFunction, callPlsqlTableFunction, createPlsqlUnitHook, scriptHost, type PlsqlHost } from '../../../src-main/engine/plsql/index.js'
import { translateSql } from '../../../src-main/engine/sql/translate.js'

const clock = (): Date => new Date(Date.UTC(2024, 0, 15, 9, 0, 0))
function engineDb(): AppDatabase {
  const packages = new PackageRegistry()
  const ref: { db?: AppDatabase } = {}
  const host = (): PlsqlHost => scriptHost({ db: ref.db as AppDatabase, packages, clock })
  ref.db = new AppDatabase({
    clock,
    onPlsqlUnit: createPlsqlUnitHook({ packages, host }),
    callFunction: (name, args, names) => callPlsqlFunction(name, args, host(), names),
    callTableFunction: (name, args, names) => callPlsqlTableFunction(name, args, host(), names),
  })
  return ref.db
}
const binds = (values: Record<string, string>) => (n: string) => values[n]

describe('TABLE() collection expressions', () => {
  it('APEX_STRING.SPLIT and SPLIT_NUMBERS give one COLUMN_VALUE per element, in order', () => {
    const db = engineDb()
    expect(db.query("select column_value from table(apex_string.split('b,a,c', ','))", () => undefined).rows).toEqual([['b'], ['a'], ['c']])
    expect(db.query("select t.column_value * 2 from table(apex_string.split_numbers('1:2:3', ':')) t", () => undefined).rows).toEqual([[2], [4], [6]])
    expect(db.query("select count(*) from table(apex_string.split(null, ','))", () => undefined).rows).toEqual([[0]])
  })

  it('a multi-select item joined to a table (the APEX idiom), with a bind and named arguments', () => {
    const db = engineDb()
    db.runScript('emp', "create table emp (empno number primary key, ename varchar2(10));\ninsert into emp values (7839, 'KING');\ninsert into emp values (7566, 'JONES');\ninsert into emp values (7902, 'FORD');")
    const sql = "select e.ename from emp e where e.empno in (select column_value from table(apex_string.split(p_str => :P1_IDS, p_sep => ':'))) order by e.ename"
    expect(db.query(sql, binds({ P1_IDS: '7902:7839' })).rows).toEqual([['FORD'], ['KING']])
  })

  it('a function returning no collection is ORA-22905; TABLE() over a non-call is a reported syntax error', () => {
    const db = engineDb()
    expect(() => db.query("select column_value from table(apex_string.get_initials('John Doe'))", () => undefined)).toThrow(/ORA-22905/)
    const r = translateSql('select * from table(:x)')
    expect(r.ok ? '' : r.error.message).toMatch(/TABLE\(\) is supported over a PL\/SQL function call/)
    const b = translateSql("select * from table(nvl('a', 'b'))")
    expect(b.ok ? '' : b.error.message).toMatch(/not NVL/)
  })

  const piece = fc.constantFrom('table', '(', ')', 'apex_string.split', "'a,b'", ',', "','", 't', 'column_value', 'p_str =>', 'x', 'join', 'on', '=', '1')
  fcTest.prop([fc.array(piece, { maxLength: 14 })], { numRuns: 600 })('the translator never fails internally on TABLE() pieces', (pieces) => {
    const r = translateSql(`select * from ${pieces.join(' ')}`)
    if (!r.ok) expect(r.error.message).not.toMatch(/^cannot translate/)
  })
})
