/**
 * sql.ratio: a request's SQL through the AppDatabase (Oracle text translated
 * — cached by text —, Oracle functions, bind lookup, row-change capture, one
 * transaction per request) ÷ the same statements hand-written for SQLite and
 * run directly on better-sqlite3 with prepared statements, the same binds and
 * the same transactions, measured side by side in this process.
 *
 * The request is what an APEX form-and-report page does on submit: fetch the
 * form's row, run a report query, check a uniqueness validation, update the
 * row, write a log row with a sequence and SYSDATE. Target: ≤ 2.
 *
 * Standalone: node --import tsx bench/sections/sql.ts
 */
import Database from 'better-sqlite3'
import { pathToFileURL } from 'node:url'
import { AppDatabase } from '../../src-main/engine/database/app-database.js'
import type { Result, Row } from '../lib.js'
import { fmt, log, report } from '../lib.js'

const REQUESTS = Number(process.env.BENCH_SQL_REQUESTS ?? 4000)
const EMPLOYEES = 1000
const DEPARTMENTS = 10
const JOBS = ['CLERK', 'ANALYST', 'MANAGER', 'SALESMAN']

/** The statements as an APEX app writes them (Oracle SQL, bind variables by name). */
const ORACLE = {
  fetch: 'select ename, job, sal, hiredate, deptno from emp where empno = :P2_EMPNO',
  report: 'select e.ename, d.dname, e.sal from emp e join dept d on d.deptno = e.deptno where e.deptno = :P1_DEPTNO order by e.ename fetch first 15 rows only',
  validate: 'select count(*) from emp where ename = :P2_ENAME and empno <> :P2_EMPNO',
  update: 'update emp set sal = :P2_SAL, job = :P2_JOB where empno = :P2_EMPNO',
  log: "insert into request_log (id, msg, at) values (log_seq.nextval, 'saved ' || :P2_ENAME, sysdate)",
}

/** The same statements written by hand for SQLite (what a developer would write without Oracle). */
const NATIVE = {
  fetch: 'SELECT ENAME, JOB, SAL, HIREDATE, DEPTNO FROM EMP WHERE EMPNO = ?',
  report: 'SELECT e.ENAME, d.DNAME, e.SAL FROM EMP e JOIN DEPT d ON d.DEPTNO = e.DEPTNO WHERE e.DEPTNO = ? ORDER BY e.ENAME LIMIT 15',
  validate: 'SELECT count(*) FROM EMP WHERE ENAME = ? AND EMPNO <> ?',
  update: 'UPDATE EMP SET SAL = ?, JOB = ? WHERE EMPNO = ?',
  log: "INSERT INTO REQUEST_LOG (ID, MSG, AT) VALUES (?, 'saved ' || ?, ?)",
}

const SCHEMA = `
create table dept (deptno number(3) primary key, dname varchar2(14), loc varchar2(13));
create table emp (empno number(4) primary key, ename varchar2(10), job varchar2(9), sal number(7,2), hiredate date, deptno number(3) references dept (deptno));
create index emp_dept on emp (deptno);
create sequence log_seq;
create table request_log (id number primary key, msg varchar2(100), at date);
`

interface Request {
  empno: string
  deptno: string
  ename: string
  sal: string
  job: string
}

function requests(): Request[] {
  const out: Request[] = []
  for (let i = 0; i < REQUESTS; i++) {
    const emp = (i * 7919) % EMPLOYEES
    out.push({ empno: String(1000 + emp), deptno: String(10 * (1 + (i % DEPARTMENTS))), ename: `E${emp}`, sal: String(1000 + (i % 500)), job: JOBS[i % JOBS.length] as string })
  }
  return out
}

function seedRows(): { dept: [number, string, string][]; emp: [number, string, string, number, string, number][] } {
  const dept: [number, string, string][] = []
  for (let d = 1; d <= DEPARTMENTS; d++) dept.push([d * 10, `DEPT${d}`, `LOC${d}`])
  const emp: [number, string, string, number, string, number][] = []
  for (let e = 0; e < EMPLOYEES; e++) emp.push([1000 + e, `E${e}`, JOBS[e % JOBS.length] as string, 1000 + e, '1990-01-01 00:00:00', 10 * (1 + (e % DEPARTMENTS))])
  return { dept, emp }
}

function runAppDatabase(work: Request[]): { ms: number; changes: number } {
  const db = new AppDatabase({ clock: () => new Date('2024-06-01T09:00:00Z') })
  const report = db.runScript('bench', SCHEMA)
  if (report.statements.some((s) => !s.ok)) throw new Error(`bench schema failed: ${JSON.stringify(report)}`)
  const seed = seedRows()
  db.begin()
  for (const d of seed.dept) db.execute('insert into dept values (:A, :B, :C)', (n) => ({ A: String(d[0]), B: d[1], C: d[2] })[n])
  for (const e of seed.emp) {
    db.execute('insert into emp values (:A, :B, :C, :D, :E, :F)', (n) => ({ A: String(e[0]), B: e[1], C: e[2], D: String(e[3]), E: e[4], F: String(e[5]) })[n])
  }
  db.commit()
  let changes = 0
  const t0 = performance.now()
  for (const r of work) {
    const binds = (name: string): string | undefined =>
      name === 'P2_EMPNO' ? r.empno : name === 'P1_DEPTNO' ? r.deptno : name === 'P2_ENAME' ? r.ename : name === 'P2_SAL' ? r.sal : name === 'P2_JOB' ? r.job : undefined
    db.begin()
    db.query(ORACLE.fetch, binds)
    db.query(ORACLE.report, binds)
    db.query(ORACLE.validate, binds)
    changes += db.execute(ORACLE.update, binds).changes.length
    changes += db.execute(ORACLE.log, binds).changes.length
    db.commit()
  }
  const ms = performance.now() - t0
  db.close()
  return { ms, changes }
}

function runNative(work: Request[]): number {
  const db = new Database(':memory:')
  db.exec(`CREATE TABLE DEPT (DEPTNO NUMBER PRIMARY KEY, DNAME TEXT, LOC TEXT);
CREATE TABLE EMP (EMPNO NUMBER PRIMARY KEY, ENAME TEXT, JOB TEXT, SAL NUMBER, HIREDATE TEXT, DEPTNO NUMBER REFERENCES DEPT (DEPTNO));
CREATE INDEX EMP_DEPT ON EMP (DEPTNO);
CREATE TABLE REQUEST_LOG (ID NUMBER PRIMARY KEY, MSG TEXT, AT TEXT);`)
  db.pragma('foreign_keys = ON')
  const seed = seedRows()
  db.transaction(() => {
    const d = db.prepare('INSERT INTO DEPT VALUES (?, ?, ?)')
    for (const row of seed.dept) d.run(...row)
    const e = db.prepare('INSERT INTO EMP VALUES (?, ?, ?, ?, ?, ?)')
    for (const row of seed.emp) e.run(...row)
  })()
  const s = Object.fromEntries(Object.entries(NATIVE).map(([k, sql]) => [k, db.prepare(sql)])) as Record<keyof typeof NATIVE, Database.Statement>
  let logId = 1
  const tx = db.transaction((r: Request) => {
    s.fetch.all(r.empno)
    s.report.all(r.deptno)
    s.validate.all(r.ename, r.empno)
    s.update.run(r.sal, r.job, r.empno)
    s.log.run(logId++, r.ename, '2024-06-01 09:00:00')
  })
  const t0 = performance.now()
  for (const r of work) tx(r)
  const ms = performance.now() - t0
  db.close()
  return ms
}

/** Measures both sides (best of 3 each) and returns the bench result and table rows. */
export function measureSql(): { result: Result; rows: Row[] } {
  const work = requests()
  // Warm-up: JIT, statement caches.
  runAppDatabase(work.slice(0, 200))
  runNative(work.slice(0, 200))
  const app: number[] = []
  const native: number[] = []
  let changes = 0
  for (let run = 0; run < 3; run++) {
    const r = runAppDatabase(work)
    app.push(r.ms)
    changes = r.changes
    native.push(runNative(work))
  }
  const appMs = Math.min(...app)
  const nativeMs = Math.min(...native)
  const ratio = appMs / nativeMs
  log(`sql: ${work.length} requests (5 statements each) through AppDatabase: ${fmt(appMs, 0)} ms (best of 3: ${app.map((x) => fmt(x, 0)).join(', ')}), ${changes} row changes captured`)
  log(`sql: same statements hand-written for SQLite on better-sqlite3: ${fmt(nativeMs, 0)} ms (best of 3: ${native.map((x) => fmt(x, 0)).join(', ')})`)
  return {
    result: { 'sql.ratio': ratio, 'sql.requestUs': (appMs / work.length) * 1000 },
    rows: [
      ['sql: request through AppDatabase', `${fmt((appMs / work.length) * 1000, 1)} µs`, `${work.length} requests × 5 statements, change capture on`],
      ['sql: same SQL on better-sqlite3', `${fmt((nativeMs / work.length) * 1000, 1)} µs`, 'hand-written SQLite, prepared, same transactions'],
      ['sql.ratio', fmt(ratio), 'target ≤ 2'],
    ],
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { result, rows } = measureSql()
  for (const [measure, value, note] of rows) log(`${measure}: ${value} (${note})`)
  report(result, rows)
}
