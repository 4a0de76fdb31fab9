/**
 * The application database of a workspace (database.md §1): SQLite through
 * better-sqlite3, separate from the engine's session-state store, built from
 * the apps' supporting objects and queried with Oracle SQL.
 *
 * - Oracle SQL is translated once per distinct text (`sql/translate.ts`) and
 *   runs with Oracle's functions registered on the connection.
 * - Every row an INSERT/UPDATE/DELETE changes — including rows changed by
 *   translated triggers and foreign-key cascades — is captured with exact
 *   before/after images by temporary triggers that hand the values to
 *   JavaScript (no JSON round trip, so numbers and text come back as stored).
 * - `applyChange` writes a captured change forward or backward with triggers
 *   and capture off, so time travel restores table contents exactly.
 */
import Database from 'better-sqlite3'
import type { InsertFill, TableCall } from '../sql/emit-sqlite.js'
import { quoteIdent, quoteString } from '../sql/emit-sqlite.js'
import { registerOracleFunctions, type SqliteValue } from '../sql/oracle-functions.js'
import { translateSql, type TranslateResult } from '../sql/translate.js'
import type { SequenceDef, TableDef } from './catalog.js'
import { ColumnLimitError, fitNumber, fitText, fitValue } from '../sql/column-limits.js'
import type { BindFit } from '../sql/emit-sqlite.js'
import { Catalog, createTableSql } from './catalog.js'
import type { AlterAction, DdlStatement } from './ddl.js'
import { parseDdl } from './ddl.js'
import { translateRowTrigger } from './row-triggers.js'
import { splitScript } from './script-splitter.js'
import { SqlSyntaxError } from '../sql/parser.js'

export type SqlValue = string | number | null
/** undefined = unknown bind (an error naming it). */
export type BindLookup = (name: string) => string | null | undefined
export interface RowImage {
  [column: string]: SqlValue
}
export interface RowChange {
  table: string
  op: 'insert' | 'update' | 'delete'
  /** Stable row identity: the SQLite rowid as text. */
  key: string
  before: RowImage | null
  after: RowImage | null
}
export interface QueryResult {
  columns: string[]
  rows: SqlValue[][]
}
export interface DmlResult {
  rowCount: number
  changes: RowChange[]
  returning?: SqlValue[][]
  /** The RETURNING … INTO targets as written (for the PL/SQL engine). */
  returningInto?: string[]
}
export interface ScriptReport {
  script: string
  statements: { index: number; line: number; ok: boolean; kind: string; error?: string }[]
}

export interface PlsqlUnitResult {
  ok: boolean
  error?: string
}

export interface AppDatabaseOptions {
  /** The simulated clock (SYSDATE, SYSTIMESTAMP, CURRENT_DATE). */
  clock: () => Date
  /** A database file; in memory when absent. */
  path?: string
  /** PL/SQL units of supporting objects (packages, procedures, functions, triggers that are not translated). */
  onPlsqlUnit?: (text: string, script: string, line: number) => PlsqlUnitResult
  /** The APEX user for USER and wwv_flow.g_user (default 'NOBODY'). */
  user?: () => string
  /** Functions that are not Oracle built-ins, called from SQL (package functions): answered by the PL/SQL engine. */
  callFunction?: (name: string, args: SqlValue[], names?: (string | undefined)[]) => SqlValue
  /** TABLE(f(…)) in SQL: the function's collection as a JSON array of its elements. */
  callTableFunction?: (name: string, args: SqlValue[], names: (string | undefined)[]) => string
  /** The application's parsing schema, as Oracle messages name it (default 'APP'). */
  schema?: string
}

/** A statement that cannot run: message plus where in the SQL text. */
export class SqlError extends Error {
  constructor(
    message: string,
    readonly line: number,
    readonly col: number,
  ) {
    super(message)
    this.name = 'SqlError'
  }
}

/** Tables the database keeps for itself (never shown, never captured). */
const INTERNAL_TABLE = /^(__ORA_|SQLITE_)/i
const TRIGGERS_ON = 'ORA_TRIGGERS_ON()'
const MAX_CACHED = 2000

interface PreparedSql {
  stmt: Database.Statement
  columns: string[]
}

interface TableShape {
  columns: string[]
  /** Columns SQLite computes (virtual/stored generated): never written back. */
  generated: Set<string>
  blobs: Set<string>
}

export class AppDatabase {
  private readonly db: Database.Database
  private readonly catalog = new Catalog()
  private readonly translations = new Map<string, TranslateResult>()
  private readonly statements = new Map<string, PreparedSql>()
  private readonly shapes = new Map<string, TableShape>()
  /** primaryKey's answers by the name asked (cleared with the translations on every schema change). */
  private readonly primaryKeys = new Map<string, string[] | undefined>()
  /** Changes of the running statement; null while nothing is recorded. */
  private capturing: { table: string; op: 'insert' | 'update' | 'delete'; oldKey: number | null; newKey: number | null; before: RowImage | null; after: RowImage | null }[] | null = null
  private triggersOn = true
  /** Translated trigger bodies running (a body that fails never leaves: reset before every statement). */
  private triggerDepth = 0
  private currentBinds: BindLookup | null = null
  private readonly user: () => string
  /** The schema Oracle messages name (ORA-12899). */
  private readonly schema: string
  private upsertSequence: Database.Statement | undefined
  /** BEGIN / COMMIT / ROLLBACK prepared once: `exec` parses its text at every call, and every step of an app with logic begins and commits. */
  private readonly control: { begin: Database.Statement; commit: Database.Statement; rollback: Database.Statement }
  /** Whether sequence positions are written to "__ORA_SEQUENCES" (a database file: see flushSequences). */
  private readonly keepsSequences: boolean
  /** What the translator needs from the catalog: insert-time fills and column types (for implicit date conversion). */
  private readonly translateOptions = {
    insertFills: (table: string) => this.catalog.fills.get(table),
    columnType: (table: string, column: string) => this.catalog.tables.get(table)?.columns.find((c) => c.name === column)?.sqliteType,
    tableColumns: (table: string) => this.catalog.tables.get(table)?.columns.map((c) => c.name),
  }

  constructor(private readonly opts: { clock: () => Date; path?: string } & Partial<AppDatabaseOptions>) {
    this.db = new Database(opts.path ?? ':memory:')
    this.keepsSequences = opts.path !== undefined && opts.path !== ':memory:' && opts.path !== ''
    this.user = opts.user ?? (() => 'NOBODY')
    this.schema = opts.schema ?? 'APP'
    this.db.pragma('foreign_keys = ON')
    // Oracle's LIKE is case-sensitive.
    this.db.pragma('case_sensitive_like = ON')
    this.control = { begin: this.db.prepare('BEGIN'), commit: this.db.prepare('COMMIT'), rollback: this.db.prepare('ROLLBACK') }
    registerOracleFunctions(this.db, {
      clock: opts.clock,
      user: () => this.user(),
      nextval: (name) => this.catalog.nextval(name),
      currval: (name) => this.catalog.currval(name),
      callTable: (name, args, names) => {
        if (!opts.callTableFunction) throw new Error(`ORA-00904: "${name}": invalid identifier (no PL/SQL function of that name is loaded)`)
        try {
          return opts.callTableFunction(name, args.map(toSqlValue), names)
        } catch (error) {
          const message = error instanceof Error ? error.message : String(error)
          throw new Error(/^ORA-\d{5}/.test(message) ? `${message} (in TABLE(${name}) called from SQL)` : `TABLE(${name}) called from SQL: ${message}`, { cause: error })
        }
      },
      call: (name, args, names) => {
        if (!opts.callFunction) throw new Error(`ORA-00904: "${name}": invalid identifier (no PL/SQL function of that name is loaded)`)
        try {
          return opts.callFunction(name, args.map(toSqlValue), names)
        } catch (error) {
          const message = error instanceof Error ? error.message : String(error)
          // Keep an ORA code first (handlers read it); name the function that failed.
          throw new Error(/^ORA-\d{5}/.test(message) ? `${message} (in ${name} called from SQL)` : `${name} called from SQL: ${message}`, { cause: error })
        }
      },
    })
    this.db.function('ORA_TRIGGERS_ON', { deterministic: false }, () => (this.triggersOn && this.triggerDepth === 0 ? 1 : 0))
    this.db.function('ORA_TRIGGER_ENTER', { deterministic: false }, () => {
      this.triggerDepth++
      return null
    })
    this.db.function('ORA_TRIGGER_LEAVE', { deterministic: false }, () => {
      this.triggerDepth = Math.max(0, this.triggerDepth - 1)
      return null
    })
    this.db.function('ORA_V', { deterministic: false }, (name: unknown) => {
      const value = this.currentBinds?.(String(name))
      if (value === undefined && String(name) === 'APP_USER') return this.user()
      return value === undefined || value === '' ? null : value
    })
    this.db.function('ORA_RAISE', { deterministic: false }, (code: unknown, message: unknown) => {
      const n = Math.abs(Number(code))
      throw new Error(`ORA-${String(n).padStart(5, '0')}: ${message === null ? '' : String(message)}`)
    })
    // Oracle's column limits on every value a statement writes (the translator wraps it: emit-sqlite valueFor).
    this.db.function('ORA_FIT_NUMBER', { deterministic: true }, (value: unknown, precision: unknown, scale: unknown) => fitNumber(value, Number(precision), Number(scale)))
    this.db.function('ORA_FIT_TEXT', { deterministic: true }, (value: unknown, maxLength: unknown, table: unknown, column: unknown) =>
      fitText(value, Number(maxLength), String(table), String(column), this.schema),
    )
    this.db.function('ORA_CAPTURE', { deterministic: false, varargs: true }, (...args: unknown[]) => {
      this.onCapture(args as SqliteValue[])
      return null
    })
    this.db.exec(`CREATE TABLE IF NOT EXISTS "__ORA_CATALOG" (id INTEGER PRIMARY KEY CHECK (id = 1), json TEXT NOT NULL)`)
    this.db.exec(`CREATE TABLE IF NOT EXISTS "__ORA_SEQUENCES" (name TEXT PRIMARY KEY, json TEXT NOT NULL)`)
    if (!this.tableExists('DUAL')) {
      this.db.exec(`CREATE TABLE "DUAL" ("DUMMY" VARCHAR2(1)); INSERT INTO "DUAL" VALUES ('X')`)
    }
    const saved = this.db.prepare(`SELECT json FROM "__ORA_CATALOG" WHERE id = 1`).pluck().get() as string | undefined
    if (saved) this.catalog.loadJson(saved)
    for (const row of this.db.prepare(`SELECT json FROM "__ORA_SEQUENCES"`).pluck().all() as string[]) {
      const seq = JSON.parse(row) as ReturnType<Catalog['sequences']['get']> & object
      this.catalog.sequences.set(seq.name, seq)
    }
    this.catalog.ensureSequence('$SYS_GUID')
    for (const name of this.tableNames()) this.installCapture(name)
  }

  close(): void {
    this.db.close()
  }

  // ---- supporting objects ------------------------------------------------------

  runScript(name: string, text: string): ScriptReport {
    const report: ScriptReport = { script: name, statements: [] }
    let index = 0
    let parts: ReturnType<typeof splitScript>
    try {
      parts = splitScript(text)
    } catch (error) {
      report.statements.push({ index: 1, line: 1, ok: false, kind: 'script', error: `cannot split the script: ${(error as Error).message}` })
      return report
    }
    for (const part of parts) {
      index++
      const entry: ScriptReport['statements'][number] = { index, line: part.line, ok: true, kind: part.kind }
      try {
        if (part.kind === 'sqlplus') entry.kind = 'sqlplus'
        else if (part.kind === 'plsql') this.runPlsqlUnit(part.text, name, part.line, entry)
        else entry.kind = this.runScriptSql(part.text)
      } catch (error) {
        entry.ok = false
        entry.error = error instanceof SqlSyntaxError || error instanceof SqlError
          ? `${error.message} (line ${part.line + Math.max(0, error.line - 1)})`
          : error instanceof Error ? error.message : String(error)
        if (entry.kind === 'sql') entry.kind = firstWords(part.text)
      }
      report.statements.push(entry)
    }
    this.flushSequences()
    return report
  }

  private runPlsqlUnit(text: string, script: string, line: number, entry: ScriptReport['statements'][number]): void {
    if (/^\s*create\s+(or\s+replace\s+)?((non)?editionable\s+)?trigger\b/i.test(text)) {
      const trigger = translateRowTrigger(text, TRIGGERS_ON)
      if (trigger) {
        entry.kind = 'trigger'
        const table = this.resolveTable(trigger.table)
        for (const fill of trigger.fills) this.catalog.addFill(table, fill)
        for (const sql of trigger.sqliteTriggers) {
          const triggerName = /^CREATE TRIGGER ("(?:[^"]|"")*")/.exec(sql)?.[1]
          if (triggerName) this.db.exec(`DROP TRIGGER IF EXISTS ${triggerName}`)
          this.db.exec(sql)
        }
        this.schemaChanged()
        return
      }
    }
    entry.kind = 'plsql'
    if (!this.opts.onPlsqlUnit) {
      entry.ok = false
      entry.error = 'PL/SQL unit not run: no PL/SQL engine is attached'
      return
    }
    const result = this.opts.onPlsqlUnit(text, script, line)
    entry.ok = result.ok
    if (result.error !== undefined) entry.error = result.error
  }

  /** One SQL statement of a script; returns its kind. Throws on failure. */
  private runScriptSql(text: string): string {
    const ddl = parseDdl(text)
    if (ddl) return this.runDdl(ddl)
    const t = translateSql(text, this.translateOptions)
    if (!t.ok) throw new SqlError(t.error.message, t.error.line, t.error.col)
    const args = t.bindNames.map((b) => {
      throw new SqlError(`ORA-01008: not all variables bound (:${b} in an install script)`, 1, 1)
    })
    try {
      for (const step of t.steps ?? [{ sql: t.sql, bindNames: t.bindNames }]) {
        const stmt = this.db.prepare(step.sql)
        this.triggerDepth = 0
        if (stmt.reader) stmt.all(...args)
        else stmt.run(...args)
      }
    } catch (error) {
      throw runtimeError(error, t.kind)
    }
    return t.kind
  }

  // ---- queries and DML ----------------------------------------------------------

  query(sql: string, given: BindLookup, opts: { maxRows?: number } = {}): QueryResult {
    const t = this.translate(sql)
    if (t.kind !== 'select') throw new SqlError(`expected a query, got ${t.kind.toUpperCase()}`, 1, 1)
    // TABLE(f(…)) rows are worked out before the statement runs (emit-sqlite.ts TableCall).
    const binds = t.tableCalls ? this.withTableRows(t.tableCalls, given) : given
    const { stmt, columns } = this.prepare(t.sql)
    const args = this.bindValues(t.bindNames, binds)
    this.currentBinds = binds
    this.triggerDepth = 0
    try {
      const max = opts.maxRows ?? Number.POSITIVE_INFINITY
      let rows: SqlValue[][]
      // The way of reading that does least per row: an iterator is a native object and a call per
      // row, worth it only to stop early. A validation or an item's source wants one row (get);
      // a query without a bound wants them all (all).
      if (max <= 0) rows = []
      else if (max === 1) {
        const row = stmt.get(...args) as SqliteValue[] | undefined
        rows = row === undefined ? [] : [asSqlRow(row)]
      } else if (max === Number.POSITIVE_INFINITY) {
        rows = stmt.all(...args) as SqliteValue[][] as SqlValue[][]
        for (const row of rows) asSqlRow(row as SqliteValue[])
      } else {
        rows = []
        for (const row of stmt.iterate(...args) as IterableIterator<SqliteValue[]>) {
          rows.push(asSqlRow(row))
          if (rows.length >= max) break
        }
      }
      return { columns: [...columns], rows }
    } catch (error) {
      throw runtimeError(error)
    } finally {
      this.currentBinds = null
    }
  }

  execute(sql: string, binds: BindLookup): DmlResult {
    const t = this.translate(sql)
    if (t.kind === 'select') throw new SqlError('expected INSERT, UPDATE, DELETE or MERGE, got a query', 1, 1)
    let args: SqlValue[] = this.bindValues(t.bindNames, binds)
    let sqlText = t.sql
    if (t.bindFits !== undefined && !this.fitBinds(t.bindFits, args)) {
      // A bind over its column's limit: the statement that checks limits in SQLite, with the values as given, raises
      // today's error — or none, when no row is written.
      sqlText = t.checkedSql as string
      args = this.bindValues(t.bindNames, binds)
    }
    const { stmt } = this.prepare(sqlText)
    this.currentBinds = binds
    this.capturing = []
    this.triggerDepth = 0
    try {
      let rowCount: number
      let returning: SqlValue[][] | undefined
      if (t.steps) {
        // MERGE: its statements run as one — all or nothing, like Oracle's single statement.
        rowCount = 0
        const steps = t.steps
        this.db.transaction(() => {
          for (const step of steps) {
            this.triggerDepth = 0
            rowCount += this.prepare(step.sql).stmt.run(...this.bindValues(step.bindNames, binds)).changes
          }
        })()
      } else if (t.returningInto) {
        returning = (stmt.all(...args) as SqliteValue[][]).map((r) => r.map(toSqlValue))
        rowCount = returning.length
      } else rowCount = stmt.run(...args).changes
      const changes = this.consolidate(this.capturing)
      // Inside a request the sequences are written at commit (once, not per statement).
      if (!this.db.inTransaction) this.flushSequences()
      return { rowCount, changes, ...(returning ? { returning, returningInto: t.returningInto } : {}) }
    } catch (error) {
      throw runtimeError(error, t.kind)
    } finally {
      this.capturing = null
      this.currentBinds = null
    }
  }

  applyChange(change: RowChange, direction: 'forward' | 'backward'): void {
    const table = this.resolveTable(change.table)
    const shape = this.shapeOf(table)
    const image = direction === 'forward' ? change.after : change.before
    const op = direction === 'forward' ? change.op : change.op === 'insert' ? 'delete' : change.op === 'delete' ? 'insert' : 'update'
    const key = Number(change.key)
    const writable = shape.columns.filter((c) => !shape.generated.has(c))
    const value = (c: string): SqliteValue => {
      const v = image?.[c] ?? null
      return shape.blobs.has(c) && typeof v === 'string' ? Buffer.from(v, 'hex') : v
    }
    const wasOn = this.triggersOn
    this.triggersOn = false
    const ownTransaction = !this.db.inTransaction
    try {
      if (ownTransaction) this.db.exec('BEGIN')
      // A parent and its children come back in one go; order within a step must not trip foreign keys.
      this.db.pragma('defer_foreign_keys = ON')
      if (op === 'delete') this.db.prepare(`DELETE FROM ${quoteIdent(table)} WHERE rowid = ?`).run(key)
      else if (op === 'insert') {
        const cols = writable.filter((c) => image !== null && c in image)
        this.db
          .prepare(`INSERT INTO ${quoteIdent(table)} (rowid${cols.map((c) => `, ${quoteIdent(c)}`).join('')}) VALUES (?${cols.map(() => ', ?').join('')})`)
          .run(key, ...cols.map(value))
      } else {
        const cols = writable.filter((c) => image !== null && c in image)
        if (cols.length > 0) {
          this.db.prepare(`UPDATE ${quoteIdent(table)} SET ${cols.map((c) => `${quoteIdent(c)} = ?`).join(', ')} WHERE rowid = ?`).run(...cols.map(value), key)
        }
      }
      if (ownTransaction) this.db.exec('COMMIT')
    } catch (error) {
      if (ownTransaction && this.db.inTransaction) this.db.exec('ROLLBACK')
      throw runtimeError(error)
    } finally {
      this.triggersOn = wasOn
    }
  }

  /** The table's primary key columns (undefined: no such table, or no primary key). */
  primaryKey(table: string): string[] | undefined {
    // Asked on every form fetch (form-process.ts): resolving the name is two queries of sqlite_master, so the
    // answer is kept per name until the schema changes (every DDL path ends in schemaChanged).
    if (this.primaryKeys.has(table)) return this.primaryKeys.get(table)
    const columns = this.catalog.tables.get(this.resolveTable(table))?.constraints.find((c) => c.kind === 'PRIMARY KEY')?.columns
    this.primaryKeys.set(table, columns)
    return columns
  }

  /**
   * Every sequence's position (SYS_GUID's counter and identity columns'
   * included). Sequences are not row changes — Oracle does not roll them
   * back — so a saved workspace keeps them beside its steps.
   */
  sequenceState(): SequenceDef[] {
    return [...this.catalog.sequences.values()].map((s) => ({ ...s }))
  }

  /**
   * Puts sequences back where `sequenceState` found them: each named one takes
   * the saved position (created when the install scripts did not make it);
   * the others are left as they are.
   */
  restoreSequences(state: readonly SequenceDef[]): void {
    for (const s of state) {
      this.catalog.sequences.set(s.name, { ...s })
      this.catalog.dirtySequences.add(s.name)
    }
    if (!this.db.inTransaction) this.flushSequences()
  }

  begin(): void {
    this.control.begin.run()
  }

  commit(): void {
    if (!this.db.inTransaction) return
    this.flushSequences()
    this.control.commit.run()
  }



  rollback(): void {
    if (!this.db.inTransaction) return
    this.control.rollback.run()
    // Oracle sequences are not transactional: values handed out stay used, so they are written again.
    for (const name of this.catalog.sequences.keys()) this.catalog.dirtySequences.add(name)
    this.flushSequences()
  }

  snapshotTable(name: string): QueryResult {
    const { columns, rows } = this.snapshotTableWithKeys(name)
    return { columns, rows }
  }

  /** The table's rows in rowid order with their keys (the `key` of RowChange). */
  snapshotTableWithKeys(name: string): QueryResult & { keys: string[] } {
    const table = this.resolveTable(name)
    if (!this.tableExists(table)) throw new SqlError(`ORA-00942: table or view ${name} does not exist`, 1, 1)
    const shape = this.shapeOf(table)
    const stmt = this.db.prepare(`SELECT rowid${shape.columns.map((c) => `, ${quoteIdent(c)}`).join('')} FROM ${quoteIdent(table)} ORDER BY rowid`).raw(true)
    const keys: string[] = []
    const rows: SqlValue[][] = []
    for (const row of stmt.iterate() as IterableIterator<SqliteValue[]>) {
      keys.push(String(row[0]))
      rows.push(row.slice(1).map(toSqlValue))
    }
    return { columns: shape.columns, rows, keys }
  }

  tableNames(): string[] {
    return (this.db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name`).pluck().all() as string[]).filter(
      (n) => !INTERNAL_TABLE.test(n) && n !== 'DUAL',
    )
  }

  // ---- internals -------------------------------------------------------------------

  private translate(sql: string): TranslateResult & { ok: true } {
    let t = this.translations.get(sql)
    if (!t) {
      // Queries get their TABLE() rows before they run (query() answers the binds: emit-sqlite.ts TableCall).
      // DML: binds written into limited columns are fitted here, not by a call from SQLite per value (execute).
      t = translateSql(sql, { ...this.translateOptions, precomputeTables: true, fitBindsInJs: true })
      if (this.translations.size >= MAX_CACHED) this.translations.clear()
      this.translations.set(sql, t)
    }
    if (!t.ok) throw new SqlError(t.error.message, t.error.line, t.error.col)
    return t
  }

  /** Prepared once per SQLite text; readers return rows as arrays (raw) with their column names kept. */
  private prepare(sql: string): PreparedSql {
    let prepared = this.statements.get(sql)
    if (!prepared) {
      let stmt: Database.Statement
      try {
        stmt = this.db.prepare(sql)
      } catch (error) {
        throw runtimeError(error)
      }
      const columns = stmt.reader ? stmt.columns().map((c) => c.name) : []
      if (stmt.reader) stmt.raw(true)
      prepared = { stmt, columns }
      if (this.statements.size >= MAX_CACHED) this.statements.clear()
      this.statements.set(sql, prepared)
    }
    return prepared
  }

  /** The binds, answering each TABLE() call's bind with its rows (JSON) from the PL/SQL engine, asked now. */
  private withTableRows(calls: readonly TableCall[], binds: BindLookup): BindLookup {
    const rows = new Map<string, string>()
    for (const c of calls) {
      const args = c.args.map((a) => ('bind' in a ? (this.bindValues([a.bind], binds)[0] ?? null) : a.value))
      if (!this.opts.callTableFunction) throw new SqlError(`ORA-00904: "${c.name}": invalid identifier (no PL/SQL function of that name is loaded)`, 1, 1)
      try {
        rows.set(c.bind, this.opts.callTableFunction(c.name, args, c.names))
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error)
        throw new SqlError(/^ORA-\d{5}/.test(message) ? `${message} (in TABLE(${c.name}) called from SQL)` : `TABLE(${c.name}) called from SQL: ${message}`, 1, 1)
      }
    }
    return (name) => rows.get(name) ?? binds(name)
  }

  /**
   * Applies the column limits of the binds a statement writes (TranslatedSql.bindFits) to `args`, as
   * ORA_FIT_NUMBER / ORA_FIT_TEXT would inside SQLite; false when one does not fit (`args` then partly
   * fitted: the caller binds afresh).
   */
  private fitBinds(fits: readonly BindFit[], args: SqlValue[]): boolean {
    for (const f of fits) {
      try {
        args[f.at] = fitValue(args[f.at] ?? null, f.limit, f.table, f.column, this.schema)
      } catch (error) {
        if (error instanceof ColumnLimitError) return false
        throw error
      }
    }
    return true
  }

  private bindValues(names: string[], binds: BindLookup): (string | null)[] {
    const values = new Array<string | null>(names.length)
    for (let i = 0; i < names.length; i++) {
      const name = names[i]!
      const value = binds(name)
      if (value === undefined) throw new SqlError(`ORA-01008: not all variables bound (:${name} is not an item or bind of this request)`, 1, 1)
      // '' is NULL: an empty item value binds as NULL.
      values[i] = value === '' ? null : value
    }
    return values
  }

  private onCapture(args: SqliteValue[]): void {
    if (!this.capturing || !this.triggersOn) return
    // ORA_CAPTURE(table, op, oldKey, newKey, values…): the images start at argument 4.
    const table = args[0]
    const oldKey = args[2]
    const newKey = args[3]
    const columns = this.shapeOf(String(table)).columns
    const kind = String(args[1]) as 'insert' | 'update' | 'delete'
    this.capturing.push({
      table: String(table),
      op: kind,
      oldKey: oldKey === null ? null : Number(oldKey),
      newKey: newKey === null ? null : Number(newKey),
      before: kind === 'insert' ? null : rowImage(columns, args, 4),
      after: kind === 'delete' ? null : rowImage(columns, args, kind === 'update' ? 4 + columns.length : 4),
    })
  }

  /** One change per row: the first before image and the last after image of everything the statement did to it. */
  private consolidate(raw: NonNullable<AppDatabase['capturing']>): RowChange[] {
    if (raw.length === 0) return []
    // The usual statement changes one row once (a form's UPDATE, a log INSERT): no map to merge in.
    if (raw.length === 1) {
      const c = raw[0]!
      if (c.op === 'update' && sameImage(c.before as RowImage, c.after as RowImage)) return []
      return [{ table: c.table, op: c.op, key: String(c.newKey ?? c.oldKey), before: c.before, after: c.after }]
    }
    const byRow = new Map<string, RowChange>()
    for (const c of raw) {
      const key = String(c.newKey ?? c.oldKey)
      const id = `${c.table}\u0000${key}`
      const seen = byRow.get(id)
      if (!seen) {
        byRow.set(id, { table: c.table, op: c.op, key, before: c.before, after: c.after })
        continue
      }
      seen.after = c.after
    }
    const changes: RowChange[] = []
    for (const change of byRow.values()) {
      if (change.before === null && change.after === null) continue
      change.op = change.before === null ? 'insert' : change.after === null ? 'delete' : 'update'
      if (change.op === 'update' && sameImage(change.before as RowImage, change.after as RowImage)) continue
      changes.push(change)
    }
    return changes
  }

  private shapeOf(table: string): TableShape {
    let shape = this.shapes.get(table)
    if (!shape) {
      const info = this.db.prepare(`PRAGMA table_xinfo(${quoteString(table)})`).all() as { name: string; type: string; hidden: number }[]
      shape = {
        columns: info.map((c) => c.name),
        generated: new Set(info.filter((c) => c.hidden === 2 || c.hidden === 3).map((c) => c.name)),
        blobs: new Set(info.filter((c) => c.type.toUpperCase() === 'BLOB').map((c) => c.name)),
      }
      this.shapes.set(table, shape)
    }
    return shape
  }

  /** Temporary triggers that report every row change of `table` to onCapture. */
  private installCapture(table: string): void {
    if (INTERNAL_TABLE.test(table) || table === 'DUAL') return
    this.shapes.delete(table)
    const shape = this.shapeOf(table)
    const cols = (prefix: string): string => shape.columns.map((c) => `, ${prefix}.${quoteIdent(c)}`).join('')
    const name = (op: string): string => quoteIdent(`__ora_capture_${table}_${op}`)
    const t = quoteString(table)
    this.db.exec(`DROP TRIGGER IF EXISTS temp.${name('i')}; DROP TRIGGER IF EXISTS temp.${name('u')}; DROP TRIGGER IF EXISTS temp.${name('d')};`)
    this.db.exec(
      `CREATE TEMP TRIGGER ${name('i')} AFTER INSERT ON main.${quoteIdent(table)} BEGIN SELECT ORA_CAPTURE(${t}, 'insert', NULL, NEW.rowid${cols('NEW')}); END;` +
        `CREATE TEMP TRIGGER ${name('u')} AFTER UPDATE ON main.${quoteIdent(table)} BEGIN SELECT ORA_CAPTURE(${t}, 'update', OLD.rowid, NEW.rowid${cols('OLD')}${cols('NEW')}); END;` +
        `CREATE TEMP TRIGGER ${name('d')} AFTER DELETE ON main.${quoteIdent(table)} BEGIN SELECT ORA_CAPTURE(${t}, 'delete', OLD.rowid, NULL${cols('OLD')}); END;`,
    )
  }

  private schemaChanged(): void {
    this.primaryKeys.clear()
    this.translations.clear()
    this.statements.clear()
    this.saveCatalog()
  }

  private saveCatalog(): void {
    this.db.prepare(`INSERT INTO "__ORA_CATALOG" (id, json) VALUES (1, ?) ON CONFLICT (id) DO UPDATE SET json = excluded.json`).run(this.catalog.toJson())
  }

  private flushSequences(): void {
    if (this.catalog.dirtySequences.size === 0) return
    // Only a database file is ever opened again (the constructor reads the table back); in memory the
    // catalog is the one record of every sequence, and a write per request would be read by no one.
    if (!this.keepsSequences) {
      this.catalog.dirtySequences.clear()
      return
    }
    this.upsertSequence ??= this.db.prepare(`INSERT INTO "__ORA_SEQUENCES" (name, json) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET json = excluded.json`)
    const upsert = this.upsertSequence
    for (const name of this.catalog.dirtySequences) {
      const seq = this.catalog.sequences.get(name)
      if (seq) upsert.run(name, JSON.stringify(seq))
      else this.db.prepare(`DELETE FROM "__ORA_SEQUENCES" WHERE name = ?`).run(name)
    }
    this.catalog.dirtySequences.clear()
  }

  private tableExists(name: string): boolean {
    return this.db.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?`).get(name) !== undefined
  }

  private objectType(name: string): string | undefined {
    return this.db.prepare(`SELECT type FROM sqlite_master WHERE name = ? AND type IN ('table', 'view', 'index', 'trigger')`).pluck().get(name) as string | undefined
  }

  /** Tables are stored under their Oracle (upper-case) names; a lower-case name finds its table too. */
  private resolveTable(name: string): string {
    if (this.tableExists(name)) return name
    const upper = name.toUpperCase()
    return this.tableExists(upper) ? upper : name
  }

  // ---- DDL ---------------------------------------------------------------------------

  private runDdl(ddl: DdlStatement): string {
    switch (ddl.k) {
      case 'noop':
        return ddl.kind
      case 'createTable':
        this.createTable(ddl)
        return 'create table'
      case 'createIndex':
        this.db.exec(`CREATE ${ddl.unique ? 'UNIQUE ' : ''}INDEX ${quoteIdent(ddl.name)} ON ${quoteIdent(ddl.table)} (${ddl.columnsSql.join(', ')})`)
        return 'create index'
      case 'createSequence':
        if (this.catalog.sequences.has(ddl.def.name) && !ddl.orReplace) throw new SqlError(`ORA-00955: name ${ddl.def.name} is already used by an existing object`, 1, 1)
        this.catalog.sequences.set(ddl.def.name, ddl.def)
        this.catalog.dirtySequences.add(ddl.def.name)
        this.flushSequences()
        return 'create sequence'
      case 'createView': {
        const t = translateSql(ddl.queryText)
        if (!t.ok) throw new SqlError(t.error.message, ddl.queryLine + t.error.line - 1, t.error.col)
        if (t.kind !== 'select') throw new SqlError('a view needs a query', ddl.queryLine, 1)
        if (t.bindNames.length > 0) throw new SqlError('bind variables are not allowed in a view', ddl.queryLine, 1)
        const existing = this.objectType(ddl.name)
        if (existing === 'view') this.db.exec(`DROP VIEW ${quoteIdent(ddl.name)}`)
        else if (existing) throw new SqlError(`ORA-00955: name ${ddl.name} is already used by an existing object`, 1, 1)
        this.db.exec(`CREATE VIEW ${quoteIdent(ddl.name)}${ddl.columns ? ` (${ddl.columns.map(quoteIdent).join(', ')})` : ''} AS ${t.sql}`)
        this.schemaChanged()
        return 'create view'
      }
      case 'alterTable':
        this.alterTable(ddl.table, ddl.actions)
        return 'alter table'
      case 'drop':
        this.drop(ddl.objectType, ddl.name, ddl.cascade)
        return `drop ${ddl.objectType.toLowerCase()}`
      case 'truncate':
        this.db.exec(`DELETE FROM ${quoteIdent(this.resolveTable(ddl.table))}`)
        return 'truncate'
    }
  }

  private createTable(ddl: DdlStatement & { k: 'createTable' }): void {
    const { def } = ddl
    if (this.objectType(def.name)) throw new SqlError(`ORA-00955: name ${def.name} is already used by an existing object`, 1, 1)
    if (ddl.asQueryText !== undefined) {
      const t = translateSql(ddl.asQueryText)
      if (!t.ok) throw new SqlError(t.error.message, t.error.line, t.error.col)
      this.db.exec(`CREATE TABLE ${quoteIdent(def.name)} AS ${t.sql}`)
      const info = this.db.prepare(`PRAGMA table_info(${quoteString(def.name)})`).all() as { name: string; type: string }[]
      def.columns = info.map((c) => ({ name: c.name, oracleType: c.type || 'VARCHAR2', sqliteType: c.type || 'VARCHAR2', notNull: false }))
    } else {
      for (const id of ddl.identities) {
        const seq = `ISEQ$$_${def.name}_${id.column}`
        this.catalog.sequences.set(seq, { name: seq, next: id.start, increment: id.increment, min: 1, max: Number.MAX_SAFE_INTEGER, cycle: false })
        this.catalog.dirtySequences.add(seq)
        const column = def.columns.find((c) => c.name === id.column)
        const fill: InsertFill = { column: id.column, sql: `ORA_NEXTVAL(${quoteString(seq)})`, onlyWhenNull: !id.always }
        if (column) column.defaultSql = fill.sql
        this.catalog.addFill(def.name, fill)
      }
      for (const d of ddl.defaultsOnNull) this.catalog.addFill(def.name, { column: d.column, sql: d.sql, onlyWhenNull: true })
      this.db.exec(createTableSql(def))
    }
    this.catalog.tables.set(def.name, def)
    this.installCapture(def.name)
    this.flushSequences()
    this.schemaChanged()
  }

  private alterTable(name: string, actions: AlterAction[]): void {
    const table = this.resolveTable(name)
    const def = this.catalog.tables.get(table)
    if (!def) throw new SqlError(`ORA-00942: table or view ${name} does not exist`, 1, 1)
    const next: TableDef = structuredClone(def)
    const renames: [string, string][] = []
    let renameTo: string | undefined
    for (const a of actions) {
      switch (a.k) {
        case 'addConstraint':
          next.constraints.push(a.constraint)
          break
        case 'addColumn':
          if (next.columns.some((c) => c.name === a.column.name)) throw new SqlError(`ORA-01430: column ${a.column.name} being added already exists in table`, 1, 1)
          next.columns.push(a.column)
          next.constraints.push(...a.constraints)
          if (a.identity) {
            const seq = `ISEQ$$_${table}_${a.column.name}`
            this.catalog.sequences.set(seq, { name: seq, next: a.identity.start, increment: a.identity.increment, min: 1, max: Number.MAX_SAFE_INTEGER, cycle: false })
            this.catalog.dirtySequences.add(seq)
            this.catalog.addFill(table, { column: a.column.name, sql: `ORA_NEXTVAL(${quoteString(seq)})`, onlyWhenNull: !a.identity.always })
          }
          if (a.defaultOnNull !== undefined) this.catalog.addFill(table, { column: a.column.name, sql: a.defaultOnNull, onlyWhenNull: true })
          break
        case 'modifyColumn': {
          const column = next.columns.find((c) => c.name === a.name)
          if (!column) throw new SqlError(`ORA-00904: "${a.name}": invalid identifier`, 1, 1)
          if (a.oracleType) column.oracleType = a.oracleType
          if (a.sqliteType) column.sqliteType = a.sqliteType
          if (a.notNull !== undefined) column.notNull = a.notNull
          if (a.defaultSql !== undefined) {
            if (a.defaultSql === null) delete column.defaultSql
            else column.defaultSql = a.defaultSql
          }
          next.constraints.push(...a.constraints)
          break
        }
        case 'dropColumn':
          next.columns = next.columns.filter((c) => c.name !== a.name)
          next.constraints = next.constraints.filter((k) => !k.columns.includes(a.name))
          break
        case 'dropConstraint': {
          const before = next.constraints.length
          next.constraints = next.constraints.filter((k) => k.name !== a.name)
          if (next.constraints.length === before) throw new SqlError(`ORA-02443: cannot drop constraint ${a.name} - nonexistent constraint`, 1, 1)
          break
        }
        case 'dropPrimaryKey':
          next.constraints = next.constraints.filter((k) => k.kind !== 'PRIMARY KEY')
          break
        case 'renameColumn': {
          const column = next.columns.find((c) => c.name === a.from)
          if (!column) throw new SqlError(`ORA-00904: "${a.from}": invalid identifier`, 1, 1)
          column.name = a.to
          next.constraints.forEach((k) => {
            k.columns = k.columns.map((c) => (c === a.from ? a.to : c))
          })
          renames.push([a.from, a.to])
          break
        }
        case 'renameTable':
          renameTo = a.to
          break
      }
    }
    if (renames.length > 0 || renameTo) {
      for (const [from, to] of renames) this.db.exec(`ALTER TABLE ${quoteIdent(table)} RENAME COLUMN ${quoteIdent(from)} TO ${quoteIdent(to)}`)
      if (renameTo) {
        this.db.exec(`ALTER TABLE ${quoteIdent(table)} RENAME TO ${quoteIdent(renameTo)}`)
        this.catalog.tables.delete(table)
        next.name = renameTo
        const fills = this.catalog.fills.get(table)
        this.catalog.fills.delete(table)
        if (fills) this.catalog.fills.set(renameTo, fills)
      }
      this.catalog.tables.set(next.name, next)
      this.installCapture(next.name)
      this.schemaChanged()
      return
    }
    this.rebuild(table, next)
  }

  /** SQLite cannot add constraints or change columns: the table is rebuilt with its rows, rowids, indexes and triggers. */
  private rebuild(table: string, next: TableDef): void {
    if (this.db.inTransaction) throw new SqlError('ALTER TABLE inside a request transaction is not supported', 1, 1)
    const indexes = this.db.prepare(`SELECT sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ? AND sql IS NOT NULL`).pluck().all(table) as string[]
    const triggers = this.db.prepare(`SELECT sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = ?`).pluck().all(table) as string[]
    const oldColumns = this.shapeOf(table)
    const common = next.columns.filter((c) => oldColumns.columns.includes(c.name) && !oldColumns.generated.has(c.name) && !c.generatedSql).map((c) => quoteIdent(c.name))
    const temp = `__ORA_REBUILD_${table}`
    this.db.pragma('foreign_keys = OFF')
    this.db.pragma('legacy_alter_table = ON')
    try {
      this.db.transaction(() => {
        this.db.exec(createTableSql(next, temp))
        this.db.exec(`INSERT INTO ${quoteIdent(temp)} (rowid${common.map((c) => `, ${c}`).join('')}) SELECT rowid${common.map((c) => `, ${c}`).join('')} FROM ${quoteIdent(table)}`)
        this.db.exec(`DROP TABLE ${quoteIdent(table)}`)
        this.db.exec(`ALTER TABLE ${quoteIdent(temp)} RENAME TO ${quoteIdent(table)}`)
        for (const sql of [...indexes, ...triggers]) this.db.exec(sql)
        const violations = this.db.prepare(`PRAGMA foreign_key_check(${quoteString(table)})`).all()
        if (violations.length > 0) throw new SqlError(`ORA-02298: cannot validate a foreign key of ${table} - parent keys not found (${violations.length} rows)`, 1, 1)
      })()
    } finally {
      this.db.pragma('legacy_alter_table = OFF')
      this.db.pragma('foreign_keys = ON')
    }
    this.catalog.tables.set(table, next)
    this.installCapture(table)
    this.schemaChanged()
  }

  private drop(objectType: string, name: string, cascade: boolean): void {
    switch (objectType) {
      case 'TABLE': {
        const table = this.resolveTable(name)
        if (!this.tableExists(table)) throw new SqlError(`ORA-00942: table or view ${name} does not exist`, 1, 1)
        const children = [...this.catalog.tables.values()].filter((t) => t.name !== table && t.constraints.some((k) => k.kind === 'FOREIGN KEY' && k.refTable === table))
        if (children.length > 0) {
          if (!cascade) throw new SqlError(`ORA-02449: unique/primary keys in table ${table} referenced by foreign keys (of ${children.map((c) => c.name).join(', ')})`, 1, 1)
          for (const child of children) {
            const next = structuredClone(child)
            next.constraints = next.constraints.filter((k) => !(k.kind === 'FOREIGN KEY' && k.refTable === table))
            this.rebuild(child.name, next)
          }
        }
        this.db.pragma('foreign_keys = OFF')
        try {
          this.db.exec(`DROP TABLE ${quoteIdent(table)}`)
        } finally {
          this.db.pragma('foreign_keys = ON')
        }
        this.catalog.tables.delete(table)
        this.catalog.fills.delete(table)
        this.shapes.delete(table)
        break
      }
      case 'VIEW':
        if (this.objectType(name) !== 'view') throw new SqlError(`ORA-00942: table or view ${name} does not exist`, 1, 1)
        this.db.exec(`DROP VIEW ${quoteIdent(name)}`)
        break
      case 'INDEX':
        if (this.objectType(name) !== 'index') throw new SqlError(`ORA-01418: specified index ${name} does not exist`, 1, 1)
        this.db.exec(`DROP INDEX ${quoteIdent(name)}`)
        break
      case 'SEQUENCE':
        if (!this.catalog.sequences.delete(name)) throw new SqlError(`ORA-02289: sequence ${name} does not exist`, 1, 1)
        this.catalog.dirtySequences.add(name)
        this.flushSequences()
        break
      case 'TRIGGER':
        this.db.exec(`DROP TRIGGER IF EXISTS ${quoteIdent(`${name}$I`)}; DROP TRIGGER IF EXISTS ${quoteIdent(`${name}$U`)}`)
        break
      default:
        // Packages, procedures, functions, types, synonyms: nothing of them lives in SQLite.
        break
    }
    this.schemaChanged()
  }
}

/** The row image of `columns` from the trigger's arguments, starting at `offset` (a missing argument is null). */
function rowImage(columns: readonly string[], args: readonly SqliteValue[], offset: number): RowImage {
  const row: RowImage = {}
  for (let i = 0; i < columns.length; i++) row[columns[i]!] = toSqlValue(args[offset + i] ?? null)
  return row
}

function toSqlValue(v: SqliteValue | undefined): SqlValue {
  if (v === undefined || v === null) return null
  if (typeof v === 'bigint') return Number(v)
  if (Buffer.isBuffer(v)) return v.toString('hex').toUpperCase()
  return v
}

/**
 * A raw row as SqlValues, converted in place: better-sqlite3 hands out a new
 * array per row, and nearly every cell is already a string, number or null,
 * so the usual row costs a scan and no copy.
 */
function asSqlRow(row: SqliteValue[]): SqlValue[] {
  for (let i = 0; i < row.length; i++) {
    const v = row[i]
    if (v !== null && typeof v === 'object') row[i] = toSqlValue(v)
    else if (typeof v === 'bigint' || v === undefined) row[i] = toSqlValue(v)
  }
  return row as SqlValue[]
}

function sameImage(a: RowImage, b: RowImage): boolean {
  // for…in rather than Object.keys: no list made for every row an UPDATE touches (images have no inherited keys).
  for (const k in a) if (!Object.is(a[k], b[k])) return false
  return true
}

/**
 * A run-time failure as Oracle reports it: SQLite's constraint errors get the
 * ORA code PL/SQL handlers test (DUP_VAL_ON_INDEX is ORA-00001), SQLite's own
 * words kept after it.
 */
function runtimeError(error: unknown, kind?: string): SqlError {
  if (error instanceof SqlError) return error
  const message = error instanceof Error ? error.message : String(error)
  if (/^ORA-\d{5}/.test(message)) return new SqlError(message, 1, 1)
  let m: RegExpExecArray | null
  if ((m = /^(?:UNIQUE|PRIMARY KEY) constraint failed: (.*)$/.exec(message))) return new SqlError(`ORA-00001: unique constraint violated (${m[1]})`, 1, 1)
  if ((m = /^NOT NULL constraint failed: ([^.]+)\.(.+)$/.exec(message))) return new SqlError(`ORA-01400: cannot insert NULL into ("${m[1]}"."${m[2]}") (NOT NULL constraint failed)`, 1, 1)
  if ((m = /^CHECK constraint failed: (.*)$/.exec(message))) return new SqlError(`ORA-02290: check constraint violated (CHECK constraint failed: ${m[1]})`, 1, 1)
  if (/^FOREIGN KEY constraint failed/.test(message)) {
    return kind === 'delete' || kind === 'update'
      ? new SqlError('ORA-02292: integrity constraint violated - child record found (FOREIGN KEY constraint failed)', 1, 1)
      : new SqlError('ORA-02291: integrity constraint violated - parent key not found (FOREIGN KEY constraint failed)', 1, 1)
  }
  if ((m = /^no such table: (?:main\.)?(.*)$/.exec(message))) return new SqlError(`ORA-00942: table or view does not exist (${m[1]})`, 1, 1)
  if ((m = /^no such column: (.*)$/.exec(message))) return new SqlError(`ORA-00904: ${m[1]}: invalid identifier`, 1, 1)
  return new SqlError(message, 1, 1)
}

/** A short kind for a statement that failed before it was classified ("create type", "merge", …). */
function firstWords(text: string): string {
  const words = text.trim().split(/\s+/, 3).map((w) => w.toLowerCase())
  if (words[0] === 'create' && words[1] === 'or' && words[2] === 'replace') return `create ${text.trim().split(/\s+/)[3]?.toLowerCase() ?? ''}`.trim()
  return words.slice(0, words[0] === 'create' || words[0] === 'alter' || words[0] === 'drop' ? 2 : 1).join(' ')
}
