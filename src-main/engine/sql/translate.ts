/**
 * Oracle SQL text → SQLite text, through the lexer, the parser and the
 * emitter. Never throws: any failure (syntax, an unsupported construct, a bug
 * meeting odd input) comes back as `{ ok: false, error }` with a line and
 * column in the given text.
 */
import type { Statement } from './ast.js'
import type { BindFit, EmitOptions, TableCall } from './emit-sqlite.js'
import { SqliteEmitter } from './emit-sqlite.js'
import { parseStatement, SqlSyntaxError } from './parser.js'

export type StatementKind = 'select' | 'insert' | 'update' | 'delete' | 'merge'

export type TranslateOptions = EmitOptions

export interface TranslatedSql {
  ok: true
  sql: string
  /** Bind names in the order of the `?` parameters (a name used twice appears twice). */
  bindNames: string[]
  kind: StatementKind
  /** For DML: the target table (upper-case, as stored) and RETURNING … INTO targets. */
  table?: string
  returningInto?: string[]
  /** MERGE: the SQLite statements to run in order (`sql`/`bindNames` above are the first of them). */
  steps?: { sql: string; bindNames: string[] }[]
  /** `TABLE(f(…))` calls to evaluate before the statement runs (emit-sqlite.ts TableCall): their rows are the binds they name. */
  tableCalls?: TableCall[]
  /**
   * INSERT … VALUES / UPDATE … SET translated with `fitBindsInJs`: the binds
   * to fit (column-limits.ts fitValue) before running `sql`. When one does not
   * fit, the caller runs `checkedSql` instead — the same statement with the
   * limits checked inside SQLite, as without the option — so what happens
   * then (which error, or none when an UPDATE matches no row) is exactly what
   * happened before.
   */
  bindFits?: BindFit[]
  checkedSql?: string
}

export interface TranslateError {
  ok: false
  error: { message: string; line: number; col: number }
}

export type TranslateResult = TranslatedSql | TranslateError

export function translateSql(text: string, options: TranslateOptions = {}): TranslateResult {
  try {
    const statement = parseStatement(text)
    const t = translateStatement(statement, options)
    // The statement with every limit checked in SQLite, for a bind that does not fit (TranslatedSql.bindFits).
    // Parsed again: the emitter is not promised to leave the tree as it found it.
    if (t.bindFits) t.checkedSql = translateStatement(parseStatement(text), { ...options, fitBindsInJs: false }).sql
    return t
  } catch (error) {
    if (error instanceof SqlSyntaxError) {
      // Errors found while writing SQLite text carry no position: they are reported at the statement.
      const line = error.line > 0 ? error.line : firstLine(text)
      return { ok: false, error: { message: error.message, line, col: error.col > 0 ? error.col : 1 } }
    }
    const message = error instanceof RangeError ? 'statement too deeply nested' : `cannot translate: ${error instanceof Error ? error.message : String(error)}`
    return { ok: false, error: { message, line: firstLine(text), col: 1 } }
  }
}

export function translateStatement(statement: Statement, options: TranslateOptions = {}): TranslatedSql {
  if (statement.k === 'merge') {
    const checked = { ...options, fitBindsInJs: false }
    const steps = new SqliteEmitter(checked).mergeStatements(statement, () => new SqliteEmitter(checked))
    const first = steps[0] as { sql: string; bindNames: string[] }
    return { ok: true, sql: first.sql, bindNames: first.bindNames, kind: 'merge', table: statement.table[statement.table.length - 1]?.name as string, steps }
  }
  const emitter = new SqliteEmitter(statement.k === 'query' && options.fitBindsInJs === true ? { ...options, fitBindsInJs: false } : options)
  emitter.precomputeTables = options.precomputeTables === true && statement.k === 'query'
  const sql = emitter.statement(statement)
  if (statement.k === 'query') return { ok: true, sql, bindNames: emitter.bindNames, kind: 'select', ...(emitter.tableCalls.length > 0 ? { tableCalls: emitter.tableCalls } : {}) }
  const table = statement.table[statement.table.length - 1]?.name
  return {
    ok: true,
    sql,
    bindNames: emitter.bindNames,
    kind: statement.k,
    ...(table ? { table } : {}),
    ...(statement.returning ? { returningInto: statement.returning.into } : {}),
    ...(emitter.bindFits.length > 0 ? { bindFits: emitter.bindFits } : {}),
  }
}

/** The line of the first non-blank character (where a statement "is"). */
function firstLine(text: string): number {
  const lead = /^\s*/.exec(text)?.[0] ?? ''
  return lead.split(/\r\n|\r|\n/).length
}
