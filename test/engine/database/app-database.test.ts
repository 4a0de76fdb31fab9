import { afterEach, describe, expect, it } from 'vitest'
import { fc, test as fcTest } from '@fast-check/vitest'
import { AppDatabase, SqlError } from '../../../src-main/engine/database/app-database.js'
import type { BindLookup, RowChange } from '../../../src-main/engine/database/app-database.js'

const clock = (): Date => new Date('2024-03-15T10:20:30Z')
const open: AppDatabase[] = []
function newDb(opts: Partial<ConstructorParameters<typeof AppDatabase>[0]> = {}): AppDatabase {
  const db = new AppDatabase({ clock, user: () => 'SCOTT', ...opts })
  open.push(db)
  return db
}
afterEach(() => {
  for (const db of open.splice(0)) db.close()
})

const noBinds: BindLookup = () => undefined
const binds = (values: Record<string, string | null>): BindLookup => (name) => values[name]

function rows(db: AppDatabase, sql: string, b: BindLookup = noBinds): unknown[][] {
  return db.query(sql, b).rows
}

function loaded(script: string, opts: Partial<ConstructorParameters<typeof AppDatabase>[0]> = {}): AppDatabase {
  const db = newDb(opts)
  const report = db.runScript('setup', script)
  const failed = report.statements.filter((s) => !s.ok)
  expect(failed).toEqual([])
  return db
}

const DEPT_EMP = `
create table dept (
  deptno number(2) constraint dept_pk primary key,
  dname  varchar2(14 byte) not null,
  loc    varchar2(13)
);
create table emp (
  empno    number(4) not null,
  ename    varchar2(10),
  sal      number(7,2) check (sal >= 0),
  hiredate date,
  deptno   number(2) constraint emp_dept_fk references dept (deptno) on delete cascade,
  constraint emp_pk primary key (empno)
) tablespace users;
comment on table emp is 'Employees';
insert into dept values (10, 'ACCOUNTING', 'NEW YORK');
insert into dept values (20, 'RESEARCH', 'DALLAS');
insert into emp values (7839, 'KING', 5000, to_date('17-11-81', 'DD-MM-RR'), 10);
insert into emp values (7369, 'SMITH', 800, to_date('17-12-80', 'DD-MM-RR'), 20);
insert into emp values (7566, 'JONES', 2975.5, date '1981-04-02', 20);
commit;
`

describe('runScript', () => {
  it('runs every statement, reporting each failure with its number, line and reason, without stopping', () => {
    const db = newDb()
    const report = db.runScript(
      'install',
      ['create table t (id number primary key, name varchar2(10));', "insert into t values (1, 'a');", "insert into t values (1, 'dup');", 'create table t (x number);', 'bogus statement here;', "insert into t values (2, 'b');"].join('\n'),
    )
    expect(report.script).toBe('install')
    expect(report.statements.map((s) => [s.index, s.line, s.ok])).toEqual([
      [1, 1, true], [2, 2, true], [3, 3, false], [4, 4, false], [5, 5, false], [6, 6, true],
    ])
    expect(report.statements[2]?.error).toMatch(/^ORA-00001: unique constraint violated/)
    expect(report.statements[3]?.error).toMatch(/ORA-00955/)
    expect(report.statements[4]?.error).toMatch(/expected SELECT, INSERT, UPDATE, DELETE or MERGE/)
    expect(rows(db, 'select id, name from t order by id')).toEqual([[1, 'a'], [2, 'b']])
  })

  it('hands PL/SQL units to the hook with their script and line, and reports them as not run without one', () => {
    const units: [string, string, number][] = []
    const db = newDb({ onPlsqlUnit: (text, script, line) => (units.push([text.split('\n')[0] as string, script, line]), { ok: !text.includes('broken'), ...(text.includes('broken') ? { error: 'PLS-00103' } : {}) }) })
    const script = 'create or replace package p as\n  procedure x;\nend p;\n/\nbegin\n  broken;\nend;\n/\n'
    const report = db.runScript('pkg', script)
    expect(units).toEqual([['create or replace package p as', 'pkg', 1], ['begin', 'pkg', 5]])
    expect(report.statements.map((s) => [s.kind, s.ok, s.error])).toEqual([['plsql', true, undefined], ['plsql', false, 'PLS-00103']])
    const without = newDb().runScript('pkg', script)
    expect(without.statements.every((s) => !s.ok && /no PL\/SQL engine/.test(s.error ?? ''))).toBe(true)
  })

  fcTest.prop([fc.string({ maxLength: 200 })], { numRuns: 150 })('never throws on any script text', (text) => {
    const db = new AppDatabase({ clock })
    try {
      const report = db.runScript('fuzz', text)
      for (const s of report.statements) expect(s.ok || (s.error ?? '').length > 0).toBe(true)
    } finally {
      db.close()
    }
  })
})

describe('DDL', () => {
  it('enforces primary keys, NOT NULL, CHECK and foreign keys as Oracle does', () => {
    const db = loaded(DEPT_EMP)
    // With Oracle's codes, which PL/SQL handlers test (DUP_VAL_ON_INDEX is ORA-00001).
    expect(() => db.execute("insert into emp (empno, ename) values (7839, 'DUP')", noBinds)).toThrow(/^ORA-00001: unique constraint violated \(EMP.EMPNO\)/)
    expect(() => db.execute('insert into dept (deptno) values (30)', noBinds)).toThrow('ORA-01400: cannot insert NULL into ("DEPT"."DNAME")')
    expect(() => db.execute('insert into emp (empno, sal) values (1, -5)', noBinds)).toThrow(/^ORA-02290: check constraint violated/)
    expect(() => db.execute('insert into emp (empno, deptno) values (2, 99)', noBinds)).toThrow(/^ORA-02291: integrity constraint violated - parent key not found/)
    expect(() => db.query('select * from no_such_table', noBinds)).toThrow(/^ORA-00942/)
  })

  it('adds a constraint to a table with rows by rebuilding it, keeping rows and rowids, refusing rows that break it', () => {
    const db = loaded('create table t (id number, code varchar2(5));\ninsert into t values (1, \'a\');\ninsert into t values (2, \'b\');')
    const before = db.snapshotTableWithKeys('T')
    const report = db.runScript('alter', 'alter table t add constraint t_pk primary key (id);\nalter table t add (note varchar2(20) default \'n/a\');')
    expect(report.statements.every((s) => s.ok)).toBe(true)
    const after = db.snapshotTableWithKeys('t')
    expect(after.keys).toEqual(before.keys)
    expect(after.columns).toEqual(['ID', 'CODE', 'NOTE'])
    expect(() => db.execute("insert into t (id) values (1)", noBinds)).toThrow(/^ORA-00001/)
    const bad = db.runScript('alter', 'alter table t add constraint t_ck check (id > 1);')
    expect(bad.statements[0]?.ok).toBe(false)
    // Oracle fills a column added with a DEFAULT in the existing rows.
    expect(db.snapshotTable('T').rows).toEqual([[1, 'a', 'n/a'], [2, 'b', 'n/a']])
  })

  it('emulates sequences and identity columns, filling keys at insert time', () => {
    const db = loaded('create sequence s start with 100 increment by 10;\ncreate table t (id number generated by default on null as identity (start with 5), name varchar2(10));')
    expect(rows(db, 'select s.nextval, s.currval from dual')).toEqual([[100, 100]])
    expect(rows(db, 'select s.nextval from dual')).toEqual([[110]])
    const r = db.execute("insert into t (name) values ('a') returning id into :ID", noBinds)
    expect(r.returning).toEqual([[5]])
    db.execute("insert into t (id, name) values (null, 'b')", noBinds)
    db.execute("insert into t (id, name) values (42, 'c')", noBinds)
    expect(rows(db, 'select id, name from t order by name')).toEqual([[5, 'a'], [6, 'b'], [42, 'c']])
  })

  it('creates views, drops tables with CASCADE CONSTRAINTS and refuses a drop that would break foreign keys', () => {
    const db = loaded(DEPT_EMP)
    expect(db.runScript('v', 'create or replace view emp_v as select ename, dname from emp e join dept d on d.deptno = e.deptno;').statements[0]?.ok).toBe(true)
    expect(rows(db, 'select ename from emp_v where dname = :D order by 1', binds({ D: 'RESEARCH' }))).toEqual([['JONES'], ['SMITH']])
    const refused = db.runScript('d', 'drop table dept;')
    expect(refused.statements[0]?.error).toMatch(/ORA-02449/)
    const dropped = db.runScript('d', 'drop table dept cascade constraints purge;')
    expect(dropped.statements[0]?.ok).toBe(true)
    expect(db.tableNames()).toEqual(['EMP'])
    expect(rows(db, 'select count(*) from emp')).toEqual([[3]])
  })
})

describe('triggers of supporting objects', () => {
  const AUDIT = `
create sequence t_seq;
create table t (id number not null primary key, name varchar2(20), created date not null, created_by varchar2(30), updated date, version number);
create or replace trigger t_biu before insert or update on t for each row
begin
  if :new.id is null then
    :new.id := t_seq.nextval;
  end if;
  if inserting then
    :new.created := sysdate;
    :new.created_by := nvl(wwv_flow.g_user, user);
    :new.version := 1;
  elsif updating then
    :new.version := nvl(:old.version, 0) + 1;
  end if;
  :new.name := upper(:new.name);
  :new.updated := sysdate;
  if :new.name = 'FORBIDDEN' then
    raise_application_error(-20001, 'name ' || :new.name || ' is not allowed');
  end if;
end;
/
`

  it('fills keys and audit columns on insert and update, and the changes carry the trigger-filled values', () => {
    const db = loaded(AUDIT)
    const inserted = db.execute("insert into t (name) values ('ann') returning id into :ID", noBinds)
    expect(inserted.returning).toEqual([[1]])
    expect(inserted.changes).toEqual([
      { table: 'T', op: 'insert', key: '1', before: null, after: { ID: 1, NAME: 'ANN', CREATED: '2024-03-15 10:20:30', CREATED_BY: 'SCOTT', UPDATED: '2024-03-15 10:20:30', VERSION: 1 } },
    ])
    const updated = db.execute("update t set name = 'bob' where id = :ID", binds({ ID: '1' }))
    expect(updated.rowCount).toBe(1)
    expect(updated.changes).toHaveLength(1)
    expect(updated.changes[0]?.before).toMatchObject({ NAME: 'ANN', VERSION: 1 })
    expect(updated.changes[0]?.after).toMatchObject({ NAME: 'BOB', VERSION: 2 })
  })

  // An APEX form inserts every item it has, audit columns included (Sample Master Detail, page 23).
  it('inserts binds into columns the trigger always sets: the trigger wins and no bind value is left over', () => {
    const db = loaded(AUDIT)
    const inserted = db.execute(
      'insert into t (name, created, created_by, updated) values (:N, :C, :BY, :U)',
      binds({ N: 'ann', C: '01-JAN-2020', BY: 'MALLORY', U: null }),
    )
    expect(inserted.changes[0]?.after).toMatchObject({ NAME: 'ANN', CREATED: '2024-03-15 10:20:30', CREATED_BY: 'SCOTT', UPDATED: '2024-03-15 10:20:30' })
  })

  // Formerly a known gap (docs/decisions.md "Insert-time fills"): INSERT … SELECT kept the selected values, and
  // an INSERT without a column list got no fills at all.
  it('INSERT … SELECT into trigger-filled columns: always-set columns take the trigger value, a null key takes the sequence', () => {
    const db = loaded(`${AUDIT}
create table src (n varchar2(20), k number, c date);
insert into src values ('ann', null, date '2001-01-01');
insert into src values ('bob', 50, date '2001-01-01');
`)
    const r = db.execute("insert into t (id, name, created, created_by) select k, n, c, 'MALLORY' from src", noBinds)
    expect(r.rowCount).toBe(2)
    // t_seq starts at 1; CREATED/CREATED_BY/VERSION are always set on insert; NAME is upper-cased by the row trigger.
    expect(rows(db, 'select id, name, created, created_by, version from t order by id')).toEqual([
      [1, 'ANN', '2024-03-15 10:20:30', 'SCOTT', 1],
      [50, 'BOB', '2024-03-15 10:20:30', 'SCOTT', 1],
    ])
  })

  it('INSERT without a column list gets the fills too (the values name every column in table order)', () => {
    const db = loaded(AUDIT)
    db.execute("insert into t values (null, 'cy', date '2001-01-01', 'MALLORY', null, 7)", noBinds)
    expect(rows(db, 'select id, name, created, created_by, version from t')).toEqual([[1, 'CY', '2024-03-15 10:20:30', 'SCOTT', 1]])
  })

  it('raises RAISE_APPLICATION_ERROR as an ORA-20xxx error and leaves no row behind', () => {
    const db = loaded(AUDIT)
    expect(() => db.execute("insert into t (name) values ('forbidden')", noBinds)).toThrow('ORA-20001: name FORBIDDEN is not allowed')
    expect(rows(db, 'select count(*) from t')).toEqual([[0]])
  })

  it('reads SELECT … INTO :new.col FROM dual key triggers', () => {
    const db = loaded(`create sequence s start with 7;
create table k (id number primary key, v varchar2(5));
create or replace trigger k_bi before insert on k for each row
begin
  select s.nextval into :new.id from dual;
end;
/`)
    db.execute("insert into k (v) values ('x')", noBinds)
    db.execute("insert into k (id, v) values (100, 'y')", noBinds)
    // An unconditional key trigger overwrites the given value, as in Oracle.
    expect(rows(db, 'select id, v from k order by v')).toEqual([[7, 'x'], [8, 'y']])
  })

  it('hands a trigger it cannot translate to the PL/SQL hook', () => {
    const handed: string[] = []
    const db = newDb({ onPlsqlUnit: (text) => (handed.push(text), { ok: true }) })
    db.runScript('t', 'create table a (x number);\ncreate or replace trigger a_bi before insert on a for each row\nbegin\n  for r in (select 1 from dual) loop null; end loop;\nend;\n/')
    expect(handed).toHaveLength(1)
  })
})

describe('queries and DML', () => {
  it('binds session state by name and converts VARCHAR2 binds in numeric contexts', () => {
    const db = loaded(DEPT_EMP)
    expect(rows(db, 'select ename from emp where deptno = :P1_DEPTNO and sal > :P1_MIN order by ename', binds({ P1_DEPTNO: '20', P1_MIN: '900' }))).toEqual([['JONES']])
    expect(rows(db, "select ename from emp where sal > v('P1_MIN') + 0 order by 1", binds({ P1_MIN: '2000' }))).toEqual([['JONES'], ['KING']])
  })

  it('converts VARCHAR2 binds and literals in date contexts: compared with or written into a DATE column', () => {
    const db = loaded(DEPT_EMP)
    expect(rows(db, 'select ename from emp where hiredate = :D', binds({ D: '17-NOV-1981' }))).toEqual([['KING']])
    expect(rows(db, 'select ename from emp where hiredate = :D', binds({ D: '1981-11-17' }))).toEqual([['KING']])
    expect(rows(db, "select ename from emp e where e.hiredate between '01-JAN-1981' and :TO order by 1", binds({ TO: '1981-12-31' }))).toEqual([['JONES'], ['KING']])
    db.execute("insert into emp values (1, 'NEW', 1, :D, 10)", binds({ D: '05-mar-2024' }))
    db.execute('update emp set hiredate = :D where empno = 7369', binds({ D: '2024-03-06 08:30' }))
    expect(rows(db, 'select empno, hiredate from emp where empno in (1, 7369) order by 1')).toEqual([[1, '2024-03-05 00:00:00'], [7369, '2024-03-06 08:30:00']])
    expect(() => db.execute('update emp set hiredate = :D where empno = 1', binds({ D: 'tomorrow' }))).toThrow(/ORA-01861/)
  })

  it('reads session state through v(), nv() and APEX_UTIL.GET_SESSION_STATE, also with a computed name', () => {
    const db = loaded(DEPT_EMP)
    const state = binds({ P1_DEPTNO: '20', P1_ITEM: 'P1_DEPTNO' })
    expect(rows(db, "select count(*) from emp where deptno = apex_util.get_session_state('p1_deptno')", state)).toEqual([[2]])
    expect(rows(db, "select count(*) from emp where deptno = nv(v('P1_ITEM'))", state)).toEqual([[2]])
  })

  it('answers other functions through callFunction and names a function that fails', () => {
    const db = newDb({ callFunction: (name, args) => (name === 'PKG.DOUBLE' ? Number(args[0]) * 2 : (() => { throw new Error('boom') })()) })
    expect(rows(db, 'select pkg.double(21) from dual')).toEqual([[42]])
    expect(() => db.query('select pkg.broken(1) from dual', noBinds)).toThrow('PKG.BROKEN called from SQL: boom')
    expect(() => newDb().query('select nope(1) from dual', noBinds)).toThrow(/ORA-00904: "NOPE"/)
  })

  it('names an unknown bind in its error', () => {
    const db = loaded(DEPT_EMP)
    expect(() => db.query('select * from emp where empno = :P9_NOPE', noBinds)).toThrow(/P9_NOPE/)
  })

  it('throws SqlError with the line and column of bad SQL', () => {
    const db = loaded(DEPT_EMP)
    try {
      db.query('select ename\nfrom emp\nwhere sal >', noBinds)
      expect.unreachable()
    } catch (error) {
      expect(error).toBeInstanceOf(SqlError)
      expect([(error as SqlError).line, (error as SqlError).col]).toEqual([3, 12])
    }
  })

  it("stores an empty bind as NULL ('' is NULL)", () => {
    const db = loaded(DEPT_EMP)
    db.execute('update emp set ename = :N where empno = 7839', binds({ N: '' }))
    expect(rows(db, 'select count(*) from emp where ename is null')).toEqual([[1]])
  })

  it('captures rows deleted by an ON DELETE CASCADE with their before images', () => {
    const db = loaded(DEPT_EMP)
    const r = db.execute('delete from dept where deptno = 20', noBinds)
    expect(r.rowCount).toBe(1)
    expect(r.changes.map((c) => [c.table, c.op, c.before?.['ENAME'] ?? c.before?.['DNAME']]).sort()).toEqual([
      ['DEPT', 'delete', 'RESEARCH'], ['EMP', 'delete', 'JONES'], ['EMP', 'delete', 'SMITH'],
    ])
  })

  it('rolls back a request with begin/rollback and keeps it with commit', () => {
    const db = loaded(DEPT_EMP)
    db.begin()
    db.execute('delete from emp', noBinds)
    db.rollback()
    expect(rows(db, 'select count(*) from emp')).toEqual([[3]])
    db.begin()
    db.execute('delete from emp where empno = 7369', noBinds)
    db.commit()
    expect(rows(db, 'select count(*) from emp')).toEqual([[2]])
  })

  it('runs MERGE as one statement: matched rows updated, the others inserted, all changes captured', () => {
    const db = loaded(DEPT_EMP)
    const merge = `merge into emp e using (select empno, sal from emp union all select 9999, 10 from dual) s on (e.empno = s.empno)
      when matched then update set e.sal = s.sal + 1 where e.deptno = 20
      when not matched then insert (empno, ename, sal, deptno) values (s.empno, 'NEW', s.sal, :D)`
    const r = db.execute(merge, binds({ D: '10' }))
    // Hand-derived: JONES (2975.5) and SMITH (800) are in department 20; 9999 is new.
    expect(r.rowCount).toBe(3)
    expect(r.changes.map((c) => [c.op, c.after?.['EMPNO'], c.after?.['SAL']]).sort()).toEqual([
      ['insert', 9999, 10], ['update', 7369, 801], ['update', 7566, 2976.5],
    ])
    // A failing part undoes the whole MERGE: the update of department 20 is not kept either.
    expect(() => db.execute(merge.replace(':D', '99').replace('9999', '9998'), noBinds)).toThrow(/ORA-02291/)
    expect(rows(db, 'select sal from emp where empno = 7369')).toEqual([[801]])
  })

  it('limits rows with maxRows', () => {
    const db = loaded(DEPT_EMP)
    expect(db.query('select * from emp', noBinds, { maxRows: 2 }).rows).toHaveLength(2)
  })
})

describe('applyChange', () => {
  const value = fc.oneof(fc.constant(null), fc.string({ maxLength: 6 }), fc.integer({ min: -1000, max: 1000 }), fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e6, max: 1e6 }))
  const op = fc.oneof(
    fc.record({ k: fc.constant('insert' as const), a: value, b: value }),
    fc.record({ k: fc.constant('update' as const), pick: fc.nat(20), a: value }),
    fc.record({ k: fc.constant('delete' as const), pick: fc.nat(20) }),
  )
  const bind = (v: string | number | null): string | null => (v === null ? null : String(v))

  fcTest.prop([fc.array(op, { minLength: 1, maxLength: 25 })], { numRuns: 60 })(
    'backward after forward restores the table exactly, and forward again reproduces it',
    (ops) => {
      const db = new AppDatabase({ clock })
      try {
        // a is wide enough for any generated value's text (a double's text reaches 24 characters): ORA-12899 is not this test's subject.
        db.runScript('s', 'create table t (id number generated always as identity, a varchar2(30), b number);')
        db.execute("insert into t (a, b) values ('seed', 1.5)", noBinds)
        const initial = db.snapshotTableWithKeys('T')
        const changes: RowChange[] = []
        for (const o of ops) {
          const ids = db.query('select id from t order by id', noBinds).rows.map((r) => r[0] as number)
          if (o.k === 'insert') changes.push(...db.execute('insert into t (a, b) values (:A, :B)', binds({ A: bind(o.a), B: typeof o.b === 'number' ? String(o.b) : null })).changes)
          else if (ids.length > 0) {
            const id = String(ids[o.pick % ids.length])
            if (o.k === 'update') changes.push(...db.execute('update t set a = :A where id = :ID', binds({ A: bind(o.a), ID: id })).changes)
            else changes.push(...db.execute('delete from t where id = :ID', binds({ ID: id })).changes)
          }
        }
        const final = db.snapshotTableWithKeys('T')
        for (const c of [...changes].reverse()) db.applyChange(c, 'backward')
        expect(db.snapshotTableWithKeys('T')).toEqual(initial)
        for (const c of changes) db.applyChange(c, 'forward')
        expect(db.snapshotTableWithKeys('T')).toEqual(final)
      } finally {
        db.close()
      }
    },
  )

  it('restores BLOB columns byte for byte (images carry them as hex)', () => {
    const db = loaded('create table f (id number primary key, data blob);')
    const inserted = db.execute("insert into f values (1, hextoraw('00FF10'))", noBinds)
    expect(inserted.changes[0]?.after).toEqual({ ID: 1, DATA: '00FF10' })
    const deleted = db.execute('delete from f', noBinds)
    db.applyChange(deleted.changes[0] as RowChange, 'backward')
    expect(rows(db, 'select length(data), rawtohex(data) from f')).toEqual([[3, '00FF10']])
  })

  it('does not fire triggers or record changes while applying', () => {
    const db = loaded(`create table t (id number primary key, name varchar2(10), updated date);
create or replace trigger t_bu before update on t for each row
begin
  :new.updated := sysdate;
end;
/`)
    const inserted = db.execute("insert into t (id, name) values (1, 'a')", noBinds)
    const updated = db.execute("update t set name = 'b' where id = 1", noBinds)
    expect(updated.changes[0]?.after).toEqual({ ID: 1, NAME: 'b', UPDATED: '2024-03-15 10:20:30' })
    db.applyChange(updated.changes[0] as RowChange, 'backward')
    expect(db.snapshotTable('T').rows).toEqual([[1, 'a', null]])
    db.applyChange(inserted.changes[0] as RowChange, 'backward')
    expect(db.snapshotTable('T').rows).toEqual([])
  })
})
