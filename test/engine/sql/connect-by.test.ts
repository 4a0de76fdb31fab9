/**
 * Hierarchical queries (START WITH / CONNECT BY / PRIOR / LEVEL /
 * SYS_CONNECT_BY_PATH / ORDER SIBLINGS BY) through the recursive-WITH
 * rewrite. The data is Oracle's classic EMP table, the rows Sample
 * Reporting installs into EBA_DEMO_IR_EMP (export lines 16097–16110), and
 * its page 26 query. Expected order by hand from the MGR column: KING's
 * reports BLAKE, CLARK, JONES (by name); BLAKE's ALLEN, JAMES, MARTIN,
 * TURNER, WARD; CLARK's MILLER; JONES's FORD (→ SMITH) and SCOTT (→ ADAMS).
 */
import { describe, expect, it } from 'vitest'
import { fc, test as fcTest } from '@fast-check/vitest'
import { AppDatabase } from '../../../src-main/engine/database/app-database.js'
import { translateSql } from '../../../src-main/engine/sql/translate.js'

const EMP: [number, string, number | null][] = [
  [7839, 'KING', null], [7698, 'BLAKE', 7839], [7782, 'CLARK', 7839], [7566, 'JONES', 7839], [7788, 'SCOTT', 7566], [7902, 'FORD', 7566], [7369, 'SMITH', 7902],
  [7499, 'ALLEN', 7698], [7521, 'WARD', 7698], [7654, 'MARTIN', 7698], [7844, 'TURNER', 7698], [7876, 'ADAMS', 7788], [7900, 'JAMES', 7698], [7934, 'MILLER', 7782],
]

function empDb(): AppDatabase {
  const db = new AppDatabase({ clock: () => new Date(Date.UTC(2024, 0, 1)) })
  const inserts = EMP.map(([n, e, m]) => `insert into emp (empno, ename, mgr) values (${n}, '${e}', ${m ?? 'null'});`).join('\n')
  const r = db.runScript('emp', `create table emp (empno number primary key, ename varchar2(10), mgr number);\n${inserts}`)
  expect(r.statements.every((s) => s.ok)).toBe(true)
  return db
}
const rows = (db: AppDatabase, sql: string) => db.query(sql, () => undefined).rows

describe('CONNECT BY', () => {
  it("Sample Reporting's page 26 query: depth-first, siblings by name, LEVEL indents, SYS_CONNECT_BY_PATH", () => {
    const db = empDb()
    const r = rows(db, `select empno, mgr, ename,
       case when level > 1 then lpad(' ',((level-1)*3)+1,' . ') end || ename padded_ename,
       ltrim(sys_connect_by_path(ename,' > '),' > ') manager_hierarchy
from emp
connect by prior empno = mgr
start with mgr is null
order siblings by ename`)
    expect(r.map((x) => x[2])).toEqual(['KING', 'BLAKE', 'ALLEN', 'JAMES', 'MARTIN', 'TURNER', 'WARD', 'CLARK', 'MILLER', 'JONES', 'FORD', 'SMITH', 'SCOTT', 'ADAMS'])
    // LPAD(' ', 4, ' . ') is ' .  ' (pad ' . ' then the blank): one level down.
    expect(r[1]).toEqual([7698, 7839, 'BLAKE', ' .  BLAKE', 'KING > BLAKE'])
    expect(r[11]).toEqual([7369, 7902, 'SMITH', ' .  .  .  SMITH', 'KING > JONES > FORD > SMITH'])
  })

  it('START WITH after CONNECT BY, an alias, WHERE applied after the hierarchy, ORDER BY sorting the result', () => {
    const db = empDb()
    expect(rows(db, "select e.ename, level from emp e connect by e.mgr = prior e.empno start with e.ename = 'JONES' order by 2, 1")).toEqual([
      ['JONES', 1], ['FORD', 2], ['SCOTT', 2], ['ADAMS', 3], ['SMITH', 3],
    ])
    // SMITH's manager FORD is filtered out, SMITH stays (WHERE comes after CONNECT BY).
    expect(rows(db, "select ename from emp where ename <> 'FORD' and level = 4 connect by prior empno = mgr start with mgr is null order by ename")).toEqual([['ADAMS'], ['SMITH']])
  })

  it('no START WITH: every row is a root (14 roots + their descendants)', () => {
    const db = empDb()
    // Each employee appears once per ancestor-or-self: KING 1, level-2 three ×2, … summed by hand: 1 + 3·2 + 8·3 + 2·4 = 39.
    expect(rows(db, 'select count(*) from emp connect by prior empno = mgr')).toEqual([[39]])
  })

  it('a loop is ORA-01436; NOCYCLE leaves the looping row out', () => {
    const db = empDb()
    db.execute('update emp set mgr = 7369 where empno = 7839', () => undefined)
    expect(() => rows(db, "select ename from emp connect by prior empno = mgr start with ename = 'KING'")).toThrow(/ORA-01436/)
    const r = rows(db, "select ename from emp connect by nocycle prior empno = mgr start with ename = 'KING'")
    expect(r).toHaveLength(14)
  })

  it('unsupported shapes are reported with a reason, not run', () => {
    const msg = (sql: string) => {
      const r = translateSql(sql)
      return r.ok ? 'ok' : r.error.message
    }
    expect(msg('select level from emp a, dept b connect by prior a.empno = a.mgr')).toMatch(/one table or view/)
    expect(msg('select level from dual')).toMatch(/LEVEL is only available in a CONNECT BY query/)
    expect(msg('select prior empno from emp')).toMatch(/PRIOR is only allowed in a CONNECT BY condition/)
    expect(msg('select ename from emp start with mgr is null')).toMatch(/START WITH needs CONNECT BY/)
    expect(msg('select ename from emp order siblings by ename')).toMatch(/ORDER SIBLINGS BY needs a CONNECT BY query/)
  })

  const piece = fc.constantFrom('select', 'ename', 'level', 'from', 'emp', 'e', 'connect', 'by', 'prior', 'nocycle', 'start', 'with', 'order', 'siblings', '=', ',', 'mgr', 'empno', 'sys_connect_by_path(ename, \'/\')', 'where', '1', '(', ')')
  fcTest.prop([fc.array(piece, { maxLength: 16 })], { numRuns: 600 })('the translator never fails internally on hierarchical pieces', (pieces) => {
    const r = translateSql(`select ename from emp ${pieces.join(' ')}`)
    if (!r.ok) expect(r.error.message).not.toMatch(/^cannot translate/)
  })
})
