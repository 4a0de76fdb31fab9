import { afterEach, describe, expect, it } from 'vitest'
import { AppDatabase } from '../../../src-main/engine/database/app-database.js'
import type { BindLookup } from '../../../src-main/engine/database/app-database.js'

const clock = (): Date => new Date('2024-03-15T10:20:30Z')
const open: AppDatabase[] = []
afterEach(() => {
  for (const db of open.splice(0)) db.close()
})
const noBinds: BindLookup = () => undefined

function loaded(): AppDatabase {
  const db = new AppDatabase({ clock, schema: 'SCOTT' })
  open.push(db)
  const report = db.runScript('setup', `
    create table emp (empno number(4) primary key, ename varchar2(5 char), sal number(7,2), bonus number(5,-2), note varchar2(4000), n number);
  `)
  expect(report.statements.filter((s) => !s.ok)).toEqual([])
  return db
}

describe('column limits in the application database', () => {
  it('rounds to the scale on insert, and the captured after-image is the stored value', () => {
    const db = loaded()
    const r = db.execute(`insert into emp (empno, ename, sal, bonus, n) values (1, 'ANN', 12345.678, 12350, 12345.678)`, noBinds)
    expect(r.changes[0]?.after).toMatchObject({ SAL: 12345.68, BONUS: 12400, N: 12345.678 })
    expect(db.query(`select sal, bonus, n from emp`, noBinds).rows).toEqual([[12345.68, 12400, 12345.678]])
  })

  it('raises ORA-01438 on insert and on update (form text binds too), and nothing is written', () => {
    const db = loaded()
    expect(() => db.execute(`insert into emp (empno, sal) values (1, 123456.7)`, noBinds)).toThrow(/^ORA-01438: value larger than specified precision allowed for this column/)
    db.execute(`insert into emp (empno, sal) values (1, 100)`, noBinds)
    expect(() => db.execute(`update emp set sal = :P2_SAL where empno = 1`, (name) => (name === 'P2_SAL' ? '9999999' : undefined))).toThrow(/^ORA-01438/)
    expect(() => db.execute(`update emp set sal = sal * 10000`, noBinds)).toThrow(/^ORA-01438/)
    expect(db.query(`select empno, sal from emp`, noBinds).rows).toEqual([[1, 100]])
  })

  it('raises ORA-12899 with schema, table, column, actual and maximum length', () => {
    const db = loaded()
    expect(() => db.execute(`insert into emp (empno, ename) values (1, 'abcdef')`, noBinds)).toThrow(
      'ORA-12899: value too large for column "SCOTT"."EMP"."ENAME" (actual: 6, maximum: 5)',
    )
    db.execute(`insert into emp (empno, ename) values (1, 'abcde')`, noBinds)
    expect(() => db.execute(`update emp set ename = ename || 'x'`, noBinds)).toThrow(/^ORA-12899: .*"ENAME" \(actual: 6, maximum: 5\)/)
    expect(db.query(`select ename from emp`, noBinds).rows).toEqual([['abcde']])
  })

  it('applies a captured rounded change back and forth exactly', () => {
    const db = loaded()
    const inserted = db.execute(`insert into emp (empno, sal) values (1, 10.005)`, noBinds).changes
    const updated = db.execute(`update emp set sal = 20.004 where empno = 1`, noBinds).changes
    expect(updated[0]?.after).toMatchObject({ SAL: 20 })
    for (const c of [...updated].reverse()) db.applyChange(c, 'backward')
    expect(db.query(`select sal from emp`, noBinds).rows).toEqual([[10.01]])
    for (const c of [...inserted].reverse()) db.applyChange(c, 'backward')
    expect(db.query(`select count(*) from emp`, noBinds).rows).toEqual([[0]])
    for (const c of [...inserted, ...updated]) db.applyChange(c, 'forward')
    expect(db.query(`select sal from emp`, noBinds).rows).toEqual([[20]])
  })
})
