/**
 * request.ratio: a whole APEX request whose processes run SQL, through the
 * engine (issue #11's target) ÷ the same SQL statements hand-written for
 * SQLite and run directly on better-sqlite3, measured side by side in this
 * process. Target: ≤ 2.
 *
 * The request is a form page's SAVE as an app built in APEX does it: the
 * submit stores the posted items, a SQL "no rows returned" validation checks
 * the name is unique, Form - Automatic Row Processing (DML) updates the row, a
 * PL/SQL process writes a log row with a sequence and SYSDATE, the branch
 * shows the page again, whose Form - Initialization fetches the row and whose
 * SQL-sourced item counts the department's employees. The engine side is
 * everything a user's request costs: session state, steps and their effects,
 * the row effects' before/after images, the state store. The native side is
 * the five statements, prepared, in one transaction per request.
 *
 * Standalone: node --expose-gc --import tsx bench/sections/request.ts
 */
import Database from 'better-sqlite3'
import { pathToFileURL } from 'node:url'
import { Engine } from '../../src-main/engine/engine.js'
import type { AppDefinition } from '../../src-main/engine/model/app-definition.js'
import type { Operation } from '../../src-main/engine/model/operation.js'
import type { Result, Row } from '../lib.js'
import { fmt, log, report } from '../lib.js'

const REQUESTS = Number(process.env.BENCH_REQUEST_COUNT ?? 2000)
const EMPLOYEES = 1000
const DEPARTMENTS = 10
const JOBS = ['CLERK', 'ANALYST', 'MANAGER', 'SALESMAN']

function installScript(): string {
  const lines = [
    'create table dept (deptno number(3) primary key, dname varchar2(14), loc varchar2(13));',
    'create table emp (empno number(4) primary key, ename varchar2(10), job varchar2(9), sal number(7,2), deptno number(3) references dept (deptno));',
    'create index emp_dept on emp (deptno);',
    'create sequence log_seq;',
    'create table request_log (id number primary key, msg varchar2(100), at date);',
  ]
  for (let d = 1; d <= DEPARTMENTS; d++) lines.push(`insert into dept values (${d * 10}, 'DEPT${d}', 'LOC${d}');`)
  for (let e = 0; e < EMPLOYEES; e++) lines.push(`insert into emp values (${1000 + e}, 'E${e}', '${JOBS[e % JOBS.length]}', ${1000 + e}, ${10 * (1 + (e % DEPARTMENTS))});`)
  return lines.join('\n')
}

/** The Oracle statements the app's components run, as a developer writes them in APEX. */
const ORACLE = {
  count: 'select count(*) from emp where deptno = :P2_DEPTNO',
  validate: 'select 1 from emp where ename = :P2_ENAME and empno <> :P2_EMPNO',
  log: "insert into request_log (id, msg, at) values (log_seq.nextval, 'saved ' || :P2_ENAME, sysdate);",
}

/** The same work hand-written for SQLite: fetch, count, validate, update, log. */
const NATIVE = {
  fetch: 'SELECT EMPNO, ENAME, JOB, SAL, DEPTNO FROM EMP WHERE EMPNO = ?',
  count: 'SELECT count(*) FROM EMP WHERE DEPTNO = ?',
  validate: 'SELECT 1 FROM EMP WHERE ENAME = ? AND EMPNO <> ?',
  update: 'UPDATE EMP SET ENAME = ?, JOB = ?, SAL = ?, DEPTNO = ? WHERE EMPNO = ?',
  log: "INSERT INTO REQUEST_LOG (ID, MSG, AT) VALUES (?, 'saved ' || ?, ?)",
}

const code = (kind: string, text: string, run: string, apexType: string) => ({ kind, text, language: run.startsWith('plsql') ? 'plsql' : 'sql', apexType, run })
const form = {
  table: 'EMP',
  keys: [{ column: 'EMPNO', item: 'P2_EMPNO' }],
  columns: { P2_EMPNO: 'EMPNO', P2_ENAME: 'ENAME', P2_JOB: 'JOB', P2_SAL: 'SAL', P2_DEPTNO: 'DEPTNO' },
  operations: 'I:U:D',
}
const column = (name: string, col: string) => ({ name, storage: 'session' as const, notSimulated: { ...code('region source column', col, 'formColumn', 'REGION_SOURCE_COLUMN'), role: 'source' } })

export function app(): AppDefinition {
  return {
    id: 100,
    name: 'Employees',
    homePage: 2,
    supportingObjects: { scripts: [{ name: 'tables', sequence: 10, text: installScript() }] },
    pages: [
      {
        id: 2,
        name: 'Employee',
        items: [
          column('P2_EMPNO', 'EMPNO'),
          column('P2_ENAME', 'ENAME'),
          column('P2_JOB', 'JOB'),
          column('P2_SAL', 'SAL'),
          column('P2_DEPTNO', 'DEPTNO'),
          { name: 'P2_HEADCOUNT', storage: 'request', sourceUsed: 'always', notSimulated: { ...code('SQL query source', ORACLE.count, 'sqlQuery', 'QUERY'), role: 'source' } },
        ],
        validations: [
          { name: 'Name unique', expression: '1 = 1', message: 'Name &P2_ENAME. is taken', notSimulated: code('SQL "no rows returned" validation', ORACLE.validate, 'sqlNotExists', 'NOT_EXISTS') },
        ],
        processes: [
          { name: 'Fetch', point: 'beforeHeader', type: 'notSimulated', notSimulated: code('Form - Initialization', 'NATIVE_FORM_INIT', 'formFetch', 'NATIVE_FORM_INIT'), form },
          { name: 'DML', point: 'processing', type: 'notSimulated', notSimulated: code('Form - Automatic Row Processing (DML)', 'NATIVE_FORM_DML', 'formDml', 'NATIVE_FORM_DML'), form },
          { name: 'Log', point: 'processing', type: 'notSimulated', notSimulated: code('PL/SQL process', ORACLE.log, 'plsqlBlock', 'NATIVE_PLSQL') },
        ],
        branches: [{ point: 'afterProcessing', target: 'f?p=&APP_ID.:2:&SESSION.::NO::P2_EMPNO:&P2_EMPNO.' }],
      },
    ],
  } as unknown as AppDefinition
}

interface Save {
  empno: number
  ename: string
  job: string
  sal: string
  deptno: string
}

function saves(): Save[] {
  const out: Save[] = []
  for (let i = 0; i < REQUESTS; i++) {
    const emp = (i * 7919) % EMPLOYEES
    out.push({ empno: 1000 + emp, ename: `E${emp}`, job: JOBS[i % JOBS.length] as string, sal: String(1000 + (i % 500)), deptno: String(10 * (1 + (emp % DEPARTMENTS))) })
  }
  return out
}

/** The engine: one show of the employee's form, then its SAVE (the measured request). */
function runEngine(work: Save[]): { ms: number; rowEffects: number; errors: number } {
  const engine = new Engine({ apps: [app()], seed: 5 })
  let rowEffects = 0
  let errors = 0
  const shows: Operation[] = work.map((s) => ({ type: 'request', session: 'A', url: `f?p=100:2:&SESSION.::NO::P2_EMPNO:${s.empno}` }) as Operation)
  const submits: Operation[] = work.map((s) => ({ type: 'submit', session: 'A', page: 2, request: 'SAVE', values: { P2_ENAME: s.ename, P2_JOB: s.job, P2_SAL: s.sal, P2_DEPTNO: s.deptno } }) as Operation)
  engine.run({ type: 'request', url: 'f?p=100:2', as: 'A' })
  let ms = 0
  for (let i = 0; i < work.length; i++) {
    engine.run(shows[i]!)
    const t0 = performance.now()
    const steps = engine.run(submits[i]!)
    ms += performance.now() - t0
    for (const s of steps) {
      if (s.outcome !== 'ok') {
        errors++
        if (errors === 1) log(`request: step ${s.index} ${s.kind} ended ${s.outcome}: ${s.reason ?? ''}`)
      }
      for (const e of s.effects) if (e.op === 'row') rowEffects++
    }
  }
  engine.close()
  return { ms, rowEffects, errors }
}

/** The same statements on better-sqlite3: validate, update, log, then the page's fetch and count. */
function runNative(work: Save[]): number {
  const db = new Database(':memory:')
  db.exec(`CREATE TABLE DEPT (DEPTNO NUMBER PRIMARY KEY, DNAME TEXT, LOC TEXT);
CREATE TABLE EMP (EMPNO NUMBER PRIMARY KEY, ENAME TEXT, JOB TEXT, SAL NUMBER, DEPTNO NUMBER REFERENCES DEPT (DEPTNO));
CREATE INDEX EMP_DEPT ON EMP (DEPTNO);
CREATE TABLE REQUEST_LOG (ID NUMBER PRIMARY KEY, MSG TEXT, AT TEXT);`)
  db.pragma('foreign_keys = ON')
  db.transaction(() => {
    const d = db.prepare('INSERT INTO DEPT VALUES (?, ?, ?)')
    for (let i = 1; i <= DEPARTMENTS; i++) d.run(i * 10, `DEPT${i}`, `LOC${i}`)
    const e = db.prepare('INSERT INTO EMP VALUES (?, ?, ?, ?, ?)')
    for (let i = 0; i < EMPLOYEES; i++) e.run(1000 + i, `E${i}`, JOBS[i % JOBS.length], 1000 + i, 10 * (1 + (i % DEPARTMENTS)))
  })()
  const s = Object.fromEntries(Object.entries(NATIVE).map(([k, sql]) => [k, db.prepare(sql)])) as Record<keyof typeof NATIVE, Database.Statement>
  let logId = 1
  const save = db.transaction((r: Save) => {
    s.validate.all(r.ename, r.empno)
    s.update.run(r.ename, r.job, r.sal, r.deptno, r.empno)
    s.log.run(logId++, r.ename, '2024-06-01 09:00:00')
    s.fetch.get(r.empno)
    s.count.get(r.deptno)
  })
  const t0 = performance.now()
  for (const r of work) save(r)
  const ms = performance.now() - t0
  db.close()
  return ms
}

export function measureRequest(): { result: Result; rows: Row[] } {
  const work = saves()
  runEngine(work.slice(0, 300))
  runNative(work.slice(0, 300))
  const engineMs: number[] = []
  const nativeMs: number[] = []
  let last = { rowEffects: 0, errors: 0 }
  for (let run = 0; run < 3; run++) {
    global.gc?.()
    const r = runEngine(work)
    engineMs.push(r.ms)
    last = r
    nativeMs.push(runNative(work))
  }
  // A request that failed would measure an early exit, not the work.
  if (last.errors > 0) throw new Error(`request bench: ${last.errors} steps did not end ok — the app definition no longer runs as written`)
  // Each save inserts a log row (an update only when a value changed: saving a row's own values changes none).
  if (last.rowEffects < work.length) throw new Error(`request bench: ${last.rowEffects} row effects for ${work.length} saves (expected at least a log insert each)`)
  const engineBest = Math.min(...engineMs)
  const nativeBest = Math.min(...nativeMs)
  const ratio = engineBest / nativeBest
  log(`request: ${work.length} SAVEs through the engine (validation, DML, PL/SQL log, branch, fetch, SQL source): ${fmt(engineBest, 0)} ms (best of 3: ${engineMs.map((x) => fmt(x, 0)).join(', ')}), ${last.rowEffects} row effects`)
  log(`request: the same statements on better-sqlite3: ${fmt(nativeBest, 0)} ms (best of 3: ${nativeMs.map((x) => fmt(x, 0)).join(', ')})`)
  return {
    result: { 'request.ratio': ratio, 'request.us': (engineBest / work.length) * 1000 },
    rows: [
      ['request: SAVE through the engine', `${fmt((engineBest / work.length) * 1000, 1)} µs`, `${work.length} requests: submit, validation, DML, PL/SQL, branch, render with fetch`],
      ['request: same SQL on better-sqlite3', `${fmt((nativeBest / work.length) * 1000, 1)} µs`, '5 statements, prepared, one transaction each'],
      ['request.ratio', fmt(ratio), 'target ≤ 2'],
    ],
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { result, rows } = measureRequest()
  for (const [measure, value, note] of rows) log(`${measure}: ${value} (${note})`)
  report(result, rows)
}
