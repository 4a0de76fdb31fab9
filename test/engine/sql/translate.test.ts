import { describe, expect, it } from 'vitest'
import { fc, test as fcTest } from '@fast-check/vitest'
import { translateSql } from '../../../src-main/engine/sql/translate.js'

function sql(text: string): string {
  const t = translateSql(text)
  if (!t.ok) throw new Error(`${t.error.message} at ${t.error.line}:${t.error.col}`)
  return t.sql
}

describe('translateSql', () => {
  it('quotes identifiers in their Oracle case: unquoted upper-cased, quoted as written', () => {
    expect(sql('select ename, "Mixed" from scott.emp e')).toBe('SELECT "ENAME", "Mixed" FROM "EMP" AS "E"')
  })

  it('collects bind names in order, repeated names repeated, v() and nv() as binds', () => {
    const t = translateSql(`select * from emp where deptno = :P1_DEPTNO or ename = :"P1 Name" or mgr = v('p1_mgr') or sal > nv('P1_SAL') or deptno = :p1_deptno`)
    expect(t.ok && t.bindNames).toEqual(['P1_DEPTNO', 'P1 Name', 'P1_MGR', 'P1_SAL', 'P1_DEPTNO'])
  })

  it("makes '' NULL and || a NULL-ignoring concatenation", () => {
    expect(sql("select 'a' || '' || ename from emp")).toContain("ORA_CONCAT('a', NULL, \"ENAME\")")
  })

  it('turns WHERE ROWNUM <= n, < n and = 1 into LIMIT, keeping the other conditions', () => {
    expect(sql('select * from emp where deptno = 10 and rownum <= 5')).toBe('SELECT * FROM "EMP" WHERE ("DEPTNO" = 10) LIMIT 5')
    expect(sql('select * from emp where rownum < 3')).toBe('SELECT * FROM "EMP" LIMIT (3 - 1)')
    expect(sql('select * from emp where rownum = 1')).toBe('SELECT * FROM "EMP" LIMIT 1')
  })

  it('numbers rows for ROWNUM in the select list and refuses ROWNUM elsewhere', () => {
    expect(sql('select rownum, ename from emp')).toBe('SELECT row_number() OVER () AS "ROWNUM", "ENAME" FROM "EMP"')
    const t = translateSql('select * from emp where rownum > 2')
    expect(t.ok).toBe(false)
    expect(!t.ok && t.error.message).toMatch(/ROWNUM/)
  })

  it('turns FETCH FIRST / OFFSET into LIMIT / OFFSET', () => {
    expect(sql('select * from emp order by sal desc offset 10 rows fetch next 5 rows only')).toBe('SELECT * FROM "EMP" ORDER BY "SAL" DESC NULLS FIRST LIMIT 5 OFFSET 10')
  })

  it("sorts NULLs as Oracle does: last ascending, first descending, unless NULLS FIRST/LAST says otherwise", () => {
    expect(sql('select * from emp order by comm, sal desc, mgr nulls first')).toBe('SELECT * FROM "EMP" ORDER BY "COMM" NULLS LAST, "SAL" DESC NULLS FIRST, "MGR" NULLS FIRST')
  })

  it('drops FROM DUAL and maps the clock, sequences and USER to registered functions', () => {
    expect(sql('select sysdate, systimestamp, emp_seq.nextval, emp_seq.currval, user from dual')).toBe(
      `SELECT ORA_SYSDATE() AS "SYSDATE", ORA_SYSTIMESTAMP() AS "SYSTIMESTAMP", ORA_NEXTVAL('EMP_SEQ') AS "EMP_SEQ.NEXTVAL", ORA_CURRVAL('EMP_SEQ') AS "EMP_SEQ.CURRVAL", ORA_USER() AS "USER"`,
    )
  })

  it('rewrites an old-style outer join (+) as a LEFT JOIN', () => {
    expect(sql('select e.ename, d.dname from emp e, dept d where e.deptno = d.deptno(+) and e.sal > 0')).toBe(
      'SELECT "E"."ENAME", "D"."DNAME" FROM "EMP" AS "E" LEFT JOIN "DEPT" AS "D" ON ("E"."DEPTNO" = "D"."DEPTNO") WHERE ("E"."SAL" > 0)',
    )
  })

  it('keeps ANSI joins: [INNER] JOIN, LEFT/RIGHT/FULL [OUTER] JOIN, CROSS JOIN, USING', () => {
    expect(sql('select * from emp e join dept d on d.deptno = e.deptno left outer join bonus b using (ename) cross join dual x')).toBe(
      'SELECT * FROM "EMP" AS "E" JOIN "DEPT" AS "D" ON ("D"."DEPTNO" = "E"."DEPTNO") LEFT JOIN "BONUS" AS "B" USING ("ENAME") CROSS JOIN "DUAL" AS "X"',
    )
    expect(sql('select * from a inner join b on a.x = b.x')).toBe('SELECT * FROM "A" JOIN "B" ON ("A"."X" = "B"."X")')
  })

  it('writes MINUS as EXCEPT and wraps set-operator operands SQLite cannot take bare', () => {
    expect(sql('select a from t minus select a from u')).toBe('SELECT "A" FROM "T" EXCEPT SELECT "A" FROM "U"')
    expect(sql('select a from t union (select a from u order by a)')).toBe('SELECT "A" FROM "T" UNION SELECT * FROM (SELECT "A" FROM "U" ORDER BY "A" NULLS LAST)')
  })

  it('translates DECODE to a NULL-safe CASE and LISTAGG to group_concat with its order', () => {
    expect(sql("select decode(x, 1, 'one', null, 'none', 'other') from t")).toContain(`(CASE WHEN "X" IS 1 THEN 'one' WHEN "X" IS NULL THEN 'none' ELSE 'other' END)`)
    expect(sql("select listagg(ename, ', ') within group (order by ename) from emp")).toContain(`group_concat(ORA_TO_CHAR("ENAME"), ', ' ORDER BY "ENAME" NULLS LAST)`)
  })

  it('converts a VARCHAR2 bind compared with a number to a number', () => {
    expect(sql('select * from emp where :X > 5')).toBe('SELECT * FROM "EMP" WHERE (ORA_TO_NUMBER(?) > 5)')
    expect(sql('select * from emp where :X in (1, 2)')).toBe('SELECT * FROM "EMP" WHERE (ORA_TO_NUMBER(?) IN (1, 2))')
  })

  it('names unaliased expressions as Oracle does (text upper-cased, blanks removed)', () => {
    expect(sql("select count(*), sal * 2, 'a b' from emp")).toBe(`SELECT count(*) AS "COUNT(*)", ("SAL" * 2) AS "SAL*2", 'a b' AS "'a b'" FROM "EMP"`)
  })

  it('translates DML with RETURNING and reports the INTO targets', () => {
    const t = translateSql('update emp e set e.sal = e.sal + 1 where empno = :ID returning sal, ename into :NEW_SAL, l_name')
    expect(t.ok && t.sql).toBe('UPDATE "EMP" AS "E" SET "SAL" = ORA_ADD("E"."SAL", 1) WHERE ("EMPNO" = ?) RETURNING "SAL", "ENAME"')
    expect(t.ok && t.returningInto).toEqual(['NEW_SAL', 'L_NAME'])
    expect(sql('delete emp where empno = 1')).toBe('DELETE FROM "EMP" WHERE ("EMPNO" = 1)')
  })

  it('writes MERGE as UPDATE … FROM and INSERT … SELECT … WHERE NOT EXISTS, binds per statement', () => {
    const t = translateSql(
      'merge into emp e using (select :ID id, :NAME name from dual) s on (e.empno = s.id) when matched then update set e.ename = s.name when not matched then insert (empno, ename) values (s.id, s.name)',
    )
    expect(t.ok && t.kind).toBe('merge')
    expect(t.ok && t.steps).toEqual([
      {
        sql: 'UPDATE "EMP" AS "E" SET "ENAME" = "S"."NAME" FROM (SELECT ? AS "ID", ? AS "NAME") AS "S" WHERE ("E"."EMPNO" = "S"."ID")',
        bindNames: ['ID', 'NAME'],
      },
      {
        sql: 'INSERT INTO "EMP" ("EMPNO", "ENAME") SELECT "S"."ID", "S"."NAME" FROM (SELECT ? AS "ID", ? AS "NAME") AS "S" WHERE NOT EXISTS (SELECT 1 FROM "EMP" AS "E" WHERE ("E"."EMPNO" = "S"."ID"))',
        bindNames: ['ID', 'NAME'],
      },
    ])
  })

  it('adds insert-time fills for keys the table fills itself', () => {
    const t = translateSql('insert into emp (ename) values (:N)', { insertFills: (table) => (table === 'EMP' ? [{ column: 'EMPNO', sql: "ORA_NEXTVAL('EMP_SEQ')", onlyWhenNull: true }] : undefined) })
    expect(t.ok && t.sql).toBe(`INSERT INTO "EMP" ("ENAME", "EMPNO") VALUES (?, ORA_NEXTVAL('EMP_SEQ'))`)
    const given = translateSql('insert into emp (empno, ename) values (:ID, :N)', { insertFills: () => [{ column: 'EMPNO', sql: "ORA_NEXTVAL('EMP_SEQ')", onlyWhenNull: true }] })
    expect(given.ok && given.sql).toBe(`INSERT INTO "EMP" ("EMPNO", "ENAME") VALUES (coalesce(?, ORA_NEXTVAL('EMP_SEQ')), ?)`)
  })

  // Sample Master Detail, page 23: the form inserts its CREATED/UPDATED items into columns the audit trigger always sets.
  it('drops the value and its bind of a column an unconditional trigger fill overwrites', () => {
    const fills = [{ column: 'CREATED', sql: 'ORA_SYSTIMESTAMP()', onlyWhenNull: false }]
    const t = translateSql('insert into links (url, created, description) values (:P_URL, :P_CREATED, :P_DESC)', { insertFills: () => fills })
    expect(t.ok && t.sql).toBe(`INSERT INTO "LINKS" ("URL", "CREATED", "DESCRIPTION") VALUES (?, ORA_SYSTIMESTAMP(), ?)`)
    expect(t.ok && t.bindNames).toEqual(['P_URL', 'P_DESC'])
    const merged = translateSql(
      'merge into links l using (select :P_ID id from dual) s on (l.id = s.id) when not matched then insert (id, created, description) values (s.id, :P_CREATED, :P_DESC)',
      { insertFills: () => fills },
    )
    // In SQL order: the INSERT's values come before its source query.
    expect(merged.ok && merged.bindNames).toEqual(['P_DESC', 'P_ID'])
    expect(merged.ok && merged.sql.split('?').length - 1).toBe(2)
  })

  it.each([
    ['select * from emp where', 1, 24, 'expected an expression'],
    ['select a,\n  from emp', 2, 3, 'expected an expression'],
    ["select 'abc from dual", 1, 8, 'unterminated string'],
    ['select * from emp start with a = 1 order by a', 1, 36, 'START WITH needs CONNECT BY'],
    ['select * from t unpivot (a for b in (c))', 1, 17, 'unexpected text after the statement'],
    ['merge into t using u on (t.id = u.id)', 1, 38, 'expected WHEN MATCHED or WHEN NOT MATCHED'],
  ])('reports %j with its line and column', (text, line, col, message) => {
    const t = translateSql(text)
    expect(t.ok).toBe(false)
    if (!t.ok) {
      expect(t.error.message).toContain(message)
      expect([t.error.line, t.error.col]).toEqual([line, col])
    }
  })
})

/** Text built from SQL words and symbols so the parser gets deep into its grammar. */
const sqlish = fc
  .array(
    fc.oneof(
      fc.constantFrom(
        'select', 'from', 'where', 'and', 'or', 'not', '(', ')', ',', '*', '+', '-', '/', '||', '=', '<>', 'in', 'between', 'like', 'is', 'null',
        'case', 'when', 'then', 'else', 'end', 'group', 'by', 'order', 'having', 'union', 'minus', 'rownum', 'dual', 'x', 't', ':P1', "'s'", "''",
        '1', '.', '(+)', 'over', 'partition', 'fetch', 'first', 'rows', 'only', 'insert', 'into', 'values', 'update', 'set', 'delete',
        'returning', 'exists', 'distinct', 'decode', 'nvl', 'listagg', 'within', 'join', 'left', 'on', 'date', 'seq.nextval', '"Q"', ';',
      ),
      fc.string({ maxLength: 3 }),
    ),
    { maxLength: 30 },
  )
  .map((parts) => parts.join(' '))

describe('translateSql properties', () => {
  fcTest.prop([sqlish], { numRuns: 1000 })('never throws on SQL-like input; failures come back with a position', (text) => {
    const t = translateSql(text)
    if (!t.ok) {
      expect(t.error.line).toBeGreaterThanOrEqual(1)
      expect(t.error.col).toBeGreaterThanOrEqual(1)
      expect(t.error.message.length).toBeGreaterThan(0)
    } else expect(typeof t.sql).toBe('string')
  })

  fcTest.prop([fc.string({ maxLength: 80 })], { numRuns: 500 })('never throws on arbitrary text', (text) => {
    expect(typeof translateSql(text).ok).toBe('boolean')
  })

  // better-sqlite3 refuses a statement run with more or fewer values than it has `?` parameters.
  const fillKinds = fc.constantFrom('none', 'onlyWhenNull', 'always')
  fcTest.prop([fc.array(fillKinds, { minLength: 1, maxLength: 6 })], { numRuns: 300 })(
    'an INSERT with insert-time fills has exactly one bind name per ? parameter',
    (kinds) => {
      const columns = kinds.map((_, i) => `C${i}`)
      const fills = kinds.flatMap((kind, i) => (kind === 'none' ? [] : [{ column: `C${i}`, sql: `ORA_FILL_${i}()`, onlyWhenNull: kind === 'onlyWhenNull' }]))
      const t = translateSql(`insert into t (${columns.join(', ')}) values (${columns.map((c) => `:B_${c}`).join(', ')})`, { insertFills: () => fills })
      expect(t.ok).toBe(true)
      if (!t.ok) return
      expect(t.sql.split('?').length - 1).toBe(t.bindNames.length)
      expect(t.bindNames).toEqual(columns.filter((_, i) => kinds[i] !== 'always').map((c) => `B_${c}`))
    },
  )

  it('reports pathological nesting instead of overflowing the stack', () => {
    const t = translateSql('select ' + '('.repeat(5000) + '1' + ')'.repeat(5000) + ' from dual')
    expect(t.ok).toBe(false)
    expect(!t.ok && t.error.message).toMatch(/nest/)
  })
})
