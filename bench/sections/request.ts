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
 * (BENCH_REQUEST_COUNT: measured SAVEs per run, 2,000; BENCH_REQUEST_WARM: saves
 * run before them, 1,000, of which the first 500 give the cold figure)
 */
import Database from 'better-sqlite3'
import { pathToFileURL } from 'node:url'
import { Engine } from '../../src-main/engine/engine.js'
import type { AppDefinition } from '../../src-main/engine/model/app-definition.js'
import type { Operation } from '../../src-main/engine/model/operation.js'
import type { Result, Row } from '../lib.js'
import { fmt, log, median, report } from '../lib.js'

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

function saves(count: number): Save[] {
  const out: Save[] = []
  for (let i = 0; i < count; i++) {
    const emp = (i * 7919) % EMPLOYEES
    out.push({ empno: 1000 + emp, ename: `E${emp}`, job: JOBS[i % JOBS.length] as string, sal: String(1000 + (i % 500)), deptno: String(10 * (1 + (emp % DEPARTMENTS))) })
  }
  return out
}

/** One side of the comparison: a fresh engine or a fresh database, fed the saves in order, a slice at a time. */
interface Side {
  /** Runs saves [from, to) and returns the milliseconds their SAVEs took. */
  run(from: number, to: number): number
  close(): void
}

/** The engine: one show of the employee's form, then its SAVE (the measured request). */
class EngineSide implements Side {
  private readonly engine = new Engine({ apps: [app()], seed: 5 })
  private readonly shows: Operation[]
  private readonly submits: Operation[]
  rowEffects = 0
  errors = 0

  constructor(work: Save[]) {
    this.shows = work.map((s) => ({ type: 'request', session: 'A', url: `f?p=100:2:&SESSION.::NO::P2_EMPNO:${s.empno}` }) as Operation)
    this.submits = work.map((s) => ({ type: 'submit', session: 'A', page: 2, request: 'SAVE', values: { P2_ENAME: s.ename, P2_JOB: s.job, P2_SAL: s.sal, P2_DEPTNO: s.deptno } }) as Operation)
    this.engine.run({ type: 'request', url: 'f?p=100:2', as: 'A' })
  }

  run(from: number, to: number): number {
    let ms = 0
    for (let i = from; i < to; i++) {
      this.engine.run(this.shows[i]!)
      const t0 = performance.now()
      const steps = this.engine.run(this.submits[i]!)
      ms += performance.now() - t0
      for (const s of steps) {
        if (s.outcome !== 'ok') {
          this.errors++
          if (this.errors === 1) log(`request: step ${s.index} ${s.kind} ended ${s.outcome}: ${s.reason ?? ''}`)
        }
        for (const e of s.effects) if (e.op === 'row') this.rowEffects++
      }
    }
    return ms
  }

  close(): void {
    this.engine.close()
  }
}

/** The same statements on better-sqlite3: validate, update, log, then the page's fetch and count. */
class NativeSide implements Side {
  private readonly db = new Database(':memory:')
  private readonly save: (r: Save) => void

  constructor(private readonly work: Save[]) {
    const db = this.db
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
    this.save = db.transaction((r: Save) => {
      s.validate.all(r.ename, r.empno)
      s.update.run(r.ename, r.job, r.sal, r.deptno, r.empno)
      s.log.run(logId++, r.ename, '2024-06-01 09:00:00')
      s.fetch.get(r.empno)
      s.count.get(r.deptno)
    })
  }

  run(from: number, to: number): number {
    const t0 = performance.now()
    for (let i = from; i < to; i++) this.save(this.work[i]!)
    return performance.now() - t0
  }

  close(): void {
    this.db.close()
  }
}

/**
 * How the two sides are compared (docs/decisions.md, "Session 8, G12":
 * request.ratio measures the steady state). Each run starts both sides fresh after a full GC, as
 * a process that has just opened a workspace would: the first COLD saves of
 * each are timed on their own (the engine's heap grows back and its code is
 * compiled again then; the native side allocates little), then both are warmed
 * to WARM saves unmeasured, then CHUNKS chunks of CHUNK saves are timed
 * alternately (engine, native; native, engine; …), so both sides share the
 * machine's moments. A run's ratio is its engine chunks' total ÷ its native
 * chunks' total — totals, so the engine's garbage collections (a real cost of
 * its requests) count wherever they fall — and the target, the steady state,
 * is the median of the runs' ratios. The median chunk pair's ratio (a figure
 * a loaded machine disturbs less) and the cold figure are printed beside it,
 * never hidden.
 */
const COLD = 500
const WARM = Math.max(COLD, Number(process.env.BENCH_REQUEST_WARM ?? 1000))
const CHUNK = 250
const CHUNKS = Math.max(1, Math.round(Number(process.env.BENCH_REQUEST_COUNT ?? 2000) / CHUNK))
const RUNS = 3

export function measureRequest(): { result: Result; rows: Row[] } {
  const work = saves(WARM + CHUNKS * CHUNK)
  const pairRatios: number[] = []
  const runRatios: number[] = []
  const engineChunkUs: number[] = []
  const nativeChunkUs: number[] = []
  const engineColdUs: number[] = []
  const nativeColdUs: number[] = []
  let last = { rowEffects: 0, errors: 0, saves: 0 }
  for (let run = 0; run < RUNS; run++) {
    global.gc?.()
    const engine = new EngineSide(work)
    engineColdUs.push((engine.run(0, COLD) / COLD) * 1000)
    global.gc?.()
    const native = new NativeSide(work)
    nativeColdUs.push((native.run(0, COLD) / COLD) * 1000)
    engine.run(COLD, WARM)
    native.run(COLD, WARM)
    let engineMs = 0
    let nativeMs = 0
    for (let c = 0; c < CHUNKS; c++) {
      const from = WARM + c * CHUNK
      let e: number
      let n: number
      if (c % 2 === 0) {
        e = engine.run(from, from + CHUNK)
        n = native.run(from, from + CHUNK)
      } else {
        n = native.run(from, from + CHUNK)
        e = engine.run(from, from + CHUNK)
      }
      engineMs += e
      nativeMs += n
      pairRatios.push(e / n)
      engineChunkUs.push((e / CHUNK) * 1000)
      nativeChunkUs.push((n / CHUNK) * 1000)
    }
    runRatios.push(engineMs / nativeMs)
    last = { rowEffects: engine.rowEffects, errors: engine.errors, saves: work.length }
    engine.close()
    native.close()
  }
  // A request that failed would measure an early exit, not the work.
  if (last.errors > 0) throw new Error(`request bench: ${last.errors} steps did not end ok — the app definition no longer runs as written`)
  // Each save inserts a log row (an update only when a value changed: saving a row's own values changes none).
  if (last.rowEffects < last.saves) throw new Error(`request bench: ${last.rowEffects} row effects for ${last.saves} saves (expected at least a log insert each)`)
  const ratio = median(runRatios)
  const pairRatio = median(pairRatios)
  // The engine's and the native side's µs per SAVE of the run whose ratio is the median.
  const medianRun = runRatios.indexOf(ratio)
  const runUs = (chunks: number[]): number => (chunks.slice(medianRun * CHUNKS, (medianRun + 1) * CHUNKS).reduce((a, b) => a + b, 0) / CHUNKS)
  const engineUs = runUs(engineChunkUs)
  const nativeUs = runUs(nativeChunkUs)
  const coldEngine = median(engineColdUs)
  const coldNative = median(nativeColdUs)
  const coldRatio = coldEngine / coldNative
  const list = (xs: number[]): string => xs.map((x) => fmt(x, 0)).join(', ')
  log(`request: ${RUNS} runs × ${CHUNKS} chunks of ${CHUNK} SAVEs after ${WARM} unmeasured (validation, DML, PL/SQL log, branch, fetch, SQL source), ${last.rowEffects} row effects in the last run`)
  log(`request: engine µs per SAVE by chunk: ${list(engineChunkUs)}`)
  log(`request: better-sqlite3 µs per SAVE by chunk: ${list(nativeChunkUs)}`)
  log(`request: ratio by chunk pair: ${pairRatios.map((x) => fmt(x)).join(', ')}`)
  log(`request: ratio by run (engine total ÷ native total): ${runRatios.map((x) => fmt(x)).join(', ')}`)
  log(`request: first ${COLD} SAVEs after a full GC, µs each — engine ${list(engineColdUs)}; better-sqlite3 ${list(nativeColdUs)}`)
  return {
    result: { 'request.ratio': ratio, 'request.us': engineUs, 'request.coldRatio': coldRatio, 'request.coldUs': coldEngine },
    rows: [
      ['request: SAVE through the engine', `${fmt(engineUs, 1)} µs`, `${CHUNKS * CHUNK} SAVEs after ${WARM} unmeasured (median run of ${RUNS}): submit, validation, DML, PL/SQL, branch, render with fetch`],
      ['request: same SQL on better-sqlite3', `${fmt(nativeUs, 1)} µs`, '5 statements, prepared, one transaction each; chunks alternated with the engine'],
      ['request.ratio', fmt(ratio), `target ≤ 2 (median of ${RUNS} runs' totals; median chunk pair ${fmt(pairRatio)})`],
      [`request: first ${COLD} SAVEs after a full GC`, `${fmt(coldEngine, 1)} µs vs ${fmt(coldNative, 1)} µs`, `request.coldRatio ${fmt(coldRatio)} (median of ${RUNS} fresh starts; not the target)`],
    ],
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { result, rows } = measureRequest()
  for (const [measure, value, note] of rows) log(`${measure}: ${value} (${note})`)
  report(result, rows)
}
