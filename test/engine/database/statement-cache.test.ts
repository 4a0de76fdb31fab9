/**
 * The AppDatabase keeps each Oracle text's translation and prepared statement
 * (and the column names it reads) for the next run of the same text. DDL must
 * drop them: a statement kept across a schema change would read the table as
 * it was. Each case runs the same text before and after the change.
 */
import { afterEach, describe, expect, it } from 'vitest'
import { AppDatabase } from '../../../src-main/engine/database/app-database.js'
import type { BindLookup } from '../../../src-main/engine/database/app-database.js'

const open: AppDatabase[] = []
function loaded(script: string): AppDatabase {
  const db = new AppDatabase({ clock: () => new Date('2024-03-15T10:20:30Z') })
  open.push(db)
  expect(db.runScript('setup', script).statements.filter((s) => !s.ok)).toEqual([])
  return db
}
afterEach(() => {
  for (const db of open.splice(0)) db.close()
})
const noBinds: BindLookup = () => undefined
const ddl = (db: AppDatabase, text: string): void => expect(db.runScript('change', text).statements.filter((s) => !s.ok)).toEqual([])

describe('statement cache and DDL', () => {
  it('a query of * after ALTER TABLE ADD reads the new column', () => {
    const db = loaded(`create table t (a number); insert into t values (1);`)
    expect(db.query('select * from t', noBinds)).toEqual({ columns: ['A'], rows: [[1]] })
    ddl(db, `alter table t add (b varchar2(5) default 'x');`)
    expect(db.query('select * from t', noBinds)).toEqual({ columns: ['A', 'B'], rows: [[1, 'x']] })
  })

  it('a query of a view after CREATE OR REPLACE VIEW reads the new definition', () => {
    const db = loaded(`create view v as select 1 as one from dual;`)
    expect(db.query('select * from v', noBinds)).toEqual({ columns: ['ONE'], rows: [[1]] })
    ddl(db, `create or replace view v as select 2 as two from dual;`)
    expect(db.query('select * from v', noBinds)).toEqual({ columns: ['TWO'], rows: [[2]] })
  })

  it('an INSERT after a column limit changes (ALTER TABLE MODIFY) checks the new limit', () => {
    const db = loaded(`create table t (name varchar2(10));`)
    const insert = (v: string) => () => db.execute('insert into t (name) values (:V)', (n) => (n === 'V' ? v : undefined))
    expect(insert('abcdef')().rowCount).toBe(1)
    ddl(db, `alter table t modify (name varchar2(3));`)
    expect(insert('abcdef')).toThrow(/ORA-12899/)
  })
})
