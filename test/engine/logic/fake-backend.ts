/**
 * A small stand-in for the SQL translator, app database and PL/SQL
 * interpreter, so the engine's bridge is tested on its own: SQL is run by
 * SQLite as written (the tests write SQL both dialects read, and a DUAL
 * table exists), `:"X"` binds become SQLite's `:X`, and PL/SQL "programs"
 * are JavaScript functions the test names by their exact text. Whatever the
 * real backends decide about Oracle semantics is their own tests' business.
 */
import Database from 'better-sqlite3'
import type {
  BindLookup,
  DmlResult,
  LogicBackend,
  LogicDatabase,
  PlsqlHostLike,
  PlsqlRunResult,
  QueryResult,
  RowChange,
  RowImage,
  ScriptReport,
  SqlValue,
} from '../../../src-main/engine/logic/backend.js'

export type FakeProgram = (host: PlsqlHostLike) => PlsqlRunResult

const BIND = /:"([^"]+)"|:([A-Za-z][A-Za-z0-9_$#]*)/g

function prepareBinds(sql: string, binds: BindLookup): { text: string; params: Record<string, string | null> } {
  const params: Record<string, string | null> = {}
  const text = sql.replace(BIND, (_all, quoted: string | undefined, plain: string | undefined) => {
    const name = (quoted ?? plain!.toUpperCase()).replace(/[^A-Za-z0-9_]/g, '_')
    const value = binds(quoted ?? plain!.toUpperCase())
    if (value === undefined) throw Object.assign(new Error(`unknown bind :${name}`), { line: 1, col: 1 })
    params[name] = value
    return `:${name}`
  })
  return { text, params }
}

export class FakeDatabase implements LogicDatabase {
  readonly sqlite = new Database(':memory:')
  /** Every statement this database ran (tests count them). */
  readonly log: string[] = []

  constructor() {
    this.sqlite.exec('create table dual (dummy text); insert into dual values (\'X\')')
  }

  runScript(name: string, text: string): ScriptReport {
    const statements = text
      .split(/;\s*\n/)
      .map((s) => s.trim().replace(/;$/, ''))
      .filter((s) => s !== '')
    return {
      script: name,
      statements: statements.map((sql, index) => {
        try {
          this.sqlite.exec(sql)
          return { index, line: index + 1, ok: true, kind: sql.split(/\s+/)[0]!.toLowerCase() }
        } catch (e) {
          return { index, line: index + 1, ok: false, kind: sql.split(/\s+/)[0]!.toLowerCase(), error: (e as Error).message }
        }
      }),
    }
  }

  query(sql: string, binds: BindLookup, opts?: { maxRows?: number }): QueryResult {
    this.log.push(sql)
    const { text, params } = prepareBinds(sql, binds)
    const stmt = this.sqlite.prepare(text)
    const rows = (stmt.raw(true).all(params) as SqlValue[][]).slice(0, opts?.maxRows ?? Infinity)
    return { columns: stmt.columns().map((c) => c.name.toUpperCase()), rows }
  }

  execute(sql: string, binds: BindLookup): DmlResult {
    this.log.push(sql)
    const { text, params } = prepareBinds(sql, binds)
    const m = /^\s*(insert\s+into|update|delete\s+from)\s+("?[A-Za-z_][A-Za-z0-9_$#]*"?)/i.exec(text)
    if (!m) throw new Error(`not DML: ${sql}`)
    const table = m[2]!.replace(/"/g, '').toUpperCase()
    const verb = m[1]!.toLowerCase()
    const image = (rowid: number): RowImage | null => {
      const row = this.sqlite.prepare(`select * from ${table} where rowid = ?`).get(rowid) as Record<string, SqlValue> | undefined
      return row ? Object.fromEntries(Object.entries(row).map(([k, v]) => [k.toUpperCase(), v])) : null
    }
    if (verb.startsWith('insert')) {
      const info = this.sqlite.prepare(text).run(params)
      const key = Number(info.lastInsertRowid)
      return { rowCount: info.changes, changes: [{ table, op: 'insert', key: String(key), before: null, after: image(key) }] }
    }
    const where = /\swhere\s([\s\S]*)$/i.exec(text)?.[1] ?? '1 = 1'
    const usedParams = Object.fromEntries(Object.entries(params).filter(([k]) => where.includes(`:${k}`)))
    const rowids = (this.sqlite.prepare(`select rowid from ${table} where ${where}`).raw(true).all(usedParams) as number[][]).map((r) => r[0]!)
    const before = rowids.map(image)
    const info = this.sqlite.prepare(text).run(params)
    const changes: RowChange[] = rowids.map((rowid, i) => ({
      table,
      op: verb === 'update' ? 'update' : 'delete',
      key: String(rowid),
      before: before[i]!,
      after: verb === 'update' ? image(rowid) : null,
    }))
    return { rowCount: info.changes, changes }
  }

  applyChange(change: RowChange, direction: 'forward' | 'backward'): void {
    const target = direction === 'forward' ? change.after : change.before
    this.sqlite.prepare(`delete from ${change.table} where rowid = ?`).run(Number(change.key))
    if (target !== null) {
      const columns = Object.keys(target)
      this.sqlite
        .prepare(`insert into ${change.table} (rowid, ${columns.join(', ')}) values (?, ${columns.map(() => '?').join(', ')})`)
        .run(Number(change.key), ...columns.map((c) => target[c]))
    }
  }

  begin(): void {
    this.sqlite.exec('begin')
  }
  commit(): void {
    this.sqlite.exec('commit')
  }
  rollback(): void {
    this.sqlite.exec('rollback')
  }
  tableNames(): string[] {
    return (this.sqlite.prepare("select name from sqlite_master where type = 'table' order by name").raw(true).all() as string[][]).map((r) => r[0]!.toUpperCase())
  }

  rows(table: string): Record<string, SqlValue>[] {
    const rows = this.sqlite.prepare(`select rowid as "ROWID", * from ${table} order by rowid`).all() as Record<string, SqlValue>[]
    return rows.map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k.toUpperCase(), v])))
  }
}

export interface FakeBackend extends LogicBackend {
  /** The last database made (one per engine). */
  db: FakeDatabase | null
  units: string[]
}

/** A backend whose PL/SQL programs are the given functions, by exact text. */
export function fakeBackend(programs: Record<string, FakeProgram> = {}, badSql: RegExp = /\bnot_sql\b/i): FakeBackend {
  const backend: FakeBackend = {
    db: null,
    units: [],
    translateSql: (text) => (badSql.test(text) ? { ok: false, error: { message: 'cannot translate', line: 1, col: text.search(badSql) + 1 } } : { ok: true }),
    compilePlsql: (text) =>
      programs[text] !== undefined
        ? { ok: true, program: programs[text] }
        : { ok: false, reason: { construct: 'UNKNOWN', message: 'not in the test programs', line: 1, col: 1 } },
    runPlsql: (program, host) => (program as FakeProgram)(host),
    createDatabase: () => {
      const db = new FakeDatabase()
      const runScript = db.runScript.bind(db)
      db.runScript = (name, text) => {
        if (/^create or replace package/i.test(text.trim())) {
          backend.units.push(text)
          return { script: name, statements: [{ index: 0, line: 1, ok: true, kind: 'plsql' }] }
        }
        return runScript(name, text)
      }
      backend.db = db
      return db
    },
    createPackages: () => ({ units: backend.units }),
    createCollections: () => new FakeCollections(),
  }
  return backend
}

/** A collection store of one list of member names (enough to see copies and moves). */
export class FakeCollections {
  constructor(readonly members: string[] = []) {}
  clone(): FakeCollections {
    return new FakeCollections([...this.members])
  }
}
