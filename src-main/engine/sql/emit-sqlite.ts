/**
 * Writes SQLite text for the Oracle syntax tree. Oracle semantics SQLite lacks
 * are delegated to functions registered on the connection (`ORA_*`, see
 * `oracle-functions.ts`): `||` that ignores NULL, date arithmetic, division
 * that does not truncate, the simulated clock, sequences.
 *
 * Binds become positional `?` parameters; their names are collected in order
 * (a name used twice appears twice) so the caller can look each one up.
 */
import { rewriteHierarchy } from './hierarchical-query.js'
import { columnLimitOf, type ColumnLimit } from './column-limits.js'
import type { Expr, FromItem, Ident, OrderItem, Query, Returning, SelectItem, Statement } from './ast.js'
import { SqlSyntaxError } from './parser.js'
import { parseDateLiteral } from './dates.js'
import { tokenize } from './lexer.js'

/** Something to add to an INSERT: a column filled from a sequence or a generator when the statement leaves it empty. */
export interface InsertFill {
  column: string
  /** SQLite expression producing the value (e.g. `ORA_NEXTVAL('EMP_SEQ')`). */
  sql: string
  /** true: only when the statement gives no value or NULL; false: always (the trigger overwrites). */
  onlyWhenNull: boolean
}

/**
 * The value a fill gives a column the statement writes too. A fill that
 * always overwrites (an unconditional `:new.col := …` in a BEFORE INSERT
 * trigger) replaces the statement's value, so the caller must not emit that
 * value at all: its `?` parameters would be counted in the bind names with
 * no `?` left in the SQL ("Too many parameter values were provided" on an
 * APEX form inserting into audit columns the trigger fills).
 */
function filledValue(value: string | undefined, fill: InsertFill): string {
  return fill.onlyWhenNull && value !== undefined ? `coalesce(${value}, ${fill.sql})` : fill.sql
}

/** Whether a fill replaces whatever the statement writes into `column` (its value is then never emitted). */
function overwrites(fills: InsertFill[], column: string | undefined): boolean {
  return column !== undefined && fills.some((f) => f.column === column && !f.onlyWhenNull)
}

export interface EmitOptions {
  /** A query's TABLE(f(…)) calls become binds its runner fills first (TableCall); only AppDatabase.query asks for it. */
  precomputeTables?: boolean
  /**
   * A bind written into a column with a limit is emitted as a bare `?` and
   * listed in `bindFits`, its limit applied by the caller in JavaScript before
   * the statement runs (AppDatabase), instead of a call from SQLite into
   * JavaScript per value (`ORA_FIT_*`). Only INSERT … VALUES and UPDATE … SET
   * (translate.ts): MERGE and trigger bodies keep the SQL calls.
   */
  fitBindsInJs?: boolean
  /** Columns an INSERT into `table` (upper-case name) must fill, from identity columns and key triggers. */
  insertFills?: (table: string) => InsertFill[] | undefined
  /** How `:new.x` / `:old.x` are written (only inside trigger bodies). */
  pseudo?: (which: 'NEW' | 'OLD', column: string) => string
  /** How a bind is written when it cannot be a `?` parameter (trigger bodies read session state at run time). */
  bindSql?: (name: string) => string
  /**
   * The Oracle type of a table's column (upper-case names), when known: text compared with or written
   * into a DATE/TIMESTAMP column is converted as Oracle converts a VARCHAR2 in a date context.
   */
  columnType?: (table: string, column: string) => string | undefined
  /** A table's columns in order (for `INSERT INTO t VALUES (…)` without a column list). */
  tableColumns?: (table: string) => string[] | undefined
}

/** Native SQLite aggregates and window functions whose Oracle meaning is the same. */
const NATIVE_AGGREGATES = new Set(['COUNT', 'SUM', 'AVG', 'MIN', 'MAX'])
const NATIVE_WINDOW = new Set(['ROW_NUMBER', 'RANK', 'DENSE_RANK', 'NTILE', 'LAG', 'LEAD', 'FIRST_VALUE', 'LAST_VALUE', 'NTH_VALUE', 'CUME_DIST', 'PERCENT_RANK'])

/** Oracle scalar functions implemented as `ORA_<NAME>` on the connection. */
/** Names the call emitter answers itself (its switch): built-ins, so no named notation. */
const SPECIAL_FUNCTIONS = new Set(['ORA_HASH', 'ORA_SIBLING_KEY', 'ORA_CONNECT_BY_LOOP', 'RATIO_TO_REPORT', 'V', 'NV', 'APEX_UTIL.GET_SESSION_STATE', 'APEX_UTIL.GET_NUMERIC_SESSION_STATE', 'NVL', 'NVL2', 'COALESCE', 'NULLIF', 'DECODE', 'LISTAGG', 'STDDEV', 'VARIANCE', 'MEDIAN', 'EXTRACT', 'XMLTYPE.EXTRACT', 'EXISTSNODE', 'XMLTYPE.EXISTSNODE', 'EXTRACTVALUE', 'XMLTYPE', 'SYS.XMLTYPE', 'XMLTYPE.CREATEXML', 'XMLTYPE.GETSTRINGVAL', 'XMLTYPE.GETCLOBVAL', 'XMLTYPE.GETNUMBERVAL'])

/** A function the PL/SQL engine answers (ORA_CALL), not a SQL built-in. */
function isUserFunction(name: string): boolean {
  return !NATIVE_AGGREGATES.has(name) && !NATIVE_WINDOW.has(name) && !SPECIAL_FUNCTIONS.has(name) && !ORACLE_SCALAR_FUNCTIONS.has(name)
}

export const ORACLE_SCALAR_FUNCTIONS = new Set([
  'TO_CHAR', 'TO_NUMBER', 'TO_DATE', 'TO_TIMESTAMP', 'TRUNC', 'ROUND', 'MOD', 'REMAINDER', 'ABS', 'FLOOR', 'CEIL', 'SIGN', 'POWER', 'SQRT',
  'EXP', 'LN', 'LOG', 'GREATEST', 'LEAST', 'UPPER', 'LOWER', 'INITCAP', 'SUBSTR', 'INSTR', 'LENGTH', 'LPAD', 'RPAD', 'LTRIM', 'RTRIM',
  'REPLACE', 'TRANSLATE', 'ADD_MONTHS', 'MONTHS_BETWEEN', 'LAST_DAY', 'NEXT_DAY', 'REGEXP_LIKE', 'REGEXP_SUBSTR', 'REGEXP_REPLACE',
  'REGEXP_INSTR', 'REGEXP_COUNT', 'CHR', 'ASCII', 'CONCAT', 'SYS_GUID', 'TO_CLOB', 'TO_NCHAR', 'TO_NCLOB', 'RAWTOHEX', 'HEXTORAW',
  'EMPTY_CLOB', 'EMPTY_BLOB', 'LENGTHB', 'SUBSTRB', 'INSTRB', 'TO_BINARY_DOUBLE', 'BITAND', 'SOUNDEX',
])

/** Results known to be numbers: `+`/`-` between them need no date check. */
const NUMERIC_FUNCTIONS = new Set([
  'COUNT', 'SUM', 'AVG', 'LENGTH', 'INSTR', 'MOD', 'ABS', 'FLOOR', 'CEIL', 'SIGN', 'POWER', 'SQRT', 'TO_NUMBER', 'ROW_NUMBER', 'RANK',
  'DENSE_RANK', 'NTILE', 'REGEXP_INSTR', 'REGEXP_COUNT', 'ASCII', 'MONTHS_BETWEEN', 'BITAND',
])

const COMPARISONS = new Set(['=', '<>', '<', '>', '<=', '>='])

export interface Emitted {
  sql: string
  bindNames: string[]
}

/** The bind at position `at` of `bindNames` is written into `table.column`, whose limit the caller applies (EmitOptions.fitBindsInJs). */
export interface BindFit {
  at: number
  limit: ColumnLimit
  table: string
  column: string
}

export function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`
}

export function quoteString(value: string): string {
  return `'${value.replace(/'/g, "''")}'`
}

/**
 * A `TABLE(f(…))` whose arguments are literals or binds, evaluated before the
 * statement runs: SQLite cannot run the function's own queries while the
 * statement is running (one connection), so its rows come as the JSON text of
 * the bind `bind` (AppDatabase.query asks the PL/SQL engine for them first).
 */
export interface TableCall {
  bind: string
  name: string
  /** Argument names for named notation, `undefined` for a positional one. */
  names: (string | undefined)[]
  args: ({ bind: string } | { value: string | number | null })[]
}

export class SqliteEmitter {
  readonly bindNames: string[] = []
  readonly tableCalls: TableCall[] = []
  /** Binds whose column limit the caller applies (EmitOptions.fitBindsInJs), in bind order. */
  readonly bindFits: BindFit[] = []
  /** Queries only (AppDatabase.query evaluates `tableCalls` first); DML and scripts call TABLE() functions inside the statement. */
  precomputeTables = false
  /** Tables visible by alias or name, innermost query last (for column types). */
  private readonly scopes: Map<string, string>[] = []

  constructor(private readonly options: EmitOptions = {}) {}

  statement(s: Statement): string {
    switch (s.k) {
      case 'query':
        return this.query(s.q)
      case 'insert':
        return this.insert(s)
      case 'update': {
        const table = (s.table[s.table.length - 1] as Ident).name
        return this.withScope(targetScope(table, s.alias), () => {
          const sets = s.set.map((a) =>
            a.q
              ? `(${a.columns.map((c) => quoteIdent(c.name)).join(', ')}) = (${this.query(a.q)})`
              : `${quoteIdent((a.columns[0] as Ident).name)} = ${this.valueFor(table, (a.columns[0] as Ident).name, a.value as Expr)}`,
          )
          return `UPDATE ${this.tableName(s.table)}${s.alias ? ` AS ${quoteIdent(s.alias.name)}` : ''} SET ${sets.join(', ')}${s.where ? ` WHERE ${this.expr(s.where)}` : ''}${this.returning(s.returning)}`
        })
      }
      case 'merge':
        throw new SqlSyntaxError('MERGE is written as several statements (mergeStatements)', 0, 0)
      case 'delete': {
        const table = (s.table[s.table.length - 1] as Ident).name
        return this.withScope(targetScope(table, s.alias), () =>
          `DELETE FROM ${this.tableName(s.table)}${s.alias ? ` AS ${quoteIdent(s.alias.name)}` : ''}${s.where ? ` WHERE ${this.expr(s.where)}` : ''}${this.returning(s.returning)}`,
        )
      }
    }
  }

  private insert(s: Statement & { k: 'insert' }): string {
    const table = (s.table[s.table.length - 1] as Ident).name
    const fills = this.options.insertFills?.(table) ?? []
    let columns = s.columns?.map((c) => c.name)
    // `INSERT INTO t VALUES (…)` names every column in table order: the fills need that list to find their column.
    if (columns === undefined && fills.length > 0 && s.values) {
      const all = this.options.tableColumns?.(table)
      if (all !== undefined && all.length === s.values.length) columns = [...all]
    }
    if (s.values) {
      const targets = columns ?? this.options.tableColumns?.(table)
      const filled = fills.length > 0 && columns !== undefined
      let values = s.values.map((v, i) =>
        filled && overwrites(fills, columns?.[i]) ? '' : targets?.[i] !== undefined ? this.valueFor(table, targets[i] as string, v) : this.expr(v),
      )
      if (filled && columns) {
        for (const fill of fills) {
          const at = columns.indexOf(fill.column)
          if (at < 0) {
            columns = [...columns, fill.column]
            values = [...values, fill.sql]
          } else values[at] = filledValue(values[at], fill)
        }
      }
      const list = columns ? ` (${columns.map(quoteIdent).join(', ')})` : ''
      return `INSERT INTO ${this.tableName(s.table)}${list} VALUES (${values.join(', ')})${this.returning(s.returning)}`
    }
    const q = this.query(s.q as Query)
    const missing = columns ? fills.filter((f) => !columns?.includes(f.column)) : []
    if (columns && fills.some((f) => columns?.includes(f.column))) {
      // A fill on a column the SELECT gives: the selected rows are named positionally in a CTE, so each
      // value can be replaced (always-overwriting trigger) or completed (`:new.col IS NULL` guard), row by row.
      const names = columns.map((_, i) => quoteIdent(`__C${i + 1}`))
      const picked = columns.map((c, i) => {
        const fill = fills.find((f) => f.column === c)
        return fill === undefined ? (names[i] as string) : filledValue(names[i], fill)
      })
      const list = [...columns, ...missing.map((f) => f.column)]
      return `WITH "__ORA_INSERT_SOURCE" (${names.join(', ')}) AS (${q}) INSERT INTO ${this.tableName(s.table)} (${list.map(quoteIdent).join(', ')}) SELECT ${[...picked, ...missing.map((f) => f.sql)].join(', ')} FROM "__ORA_INSERT_SOURCE"${this.returning(s.returning)}`
    }
    if (columns && missing.length > 0) {
      const list = [...columns, ...missing.map((f) => f.column)]
      return `INSERT INTO ${this.tableName(s.table)} (${list.map(quoteIdent).join(', ')}) SELECT *, ${missing.map((f) => f.sql).join(', ')} FROM (${q})${this.returning(s.returning)}`
    }
    const list = columns ? ` (${columns.map(quoteIdent).join(', ')})` : ''
    // A WHERE-less SELECT would make "INSERT … SELECT … ON" ambiguous for SQLite's upsert parser; wrapping avoids it.
    return `INSERT INTO ${this.tableName(s.table)}${list} SELECT * FROM (${q})${this.returning(s.returning)}`
  }

  withScope<T>(scope: Map<string, string>, f: () => T): T {
    this.scopes.push(scope)
    try {
      return f()
    } finally {
      this.scopes.pop()
    }
  }

  /**
   * A value written into `table.column`: text becomes a date when the column is a DATE/TIMESTAMP;
   * a NUMBER(p,s) or VARCHAR2(n) column gets Oracle's rounding and size check (column-limits.ts).
   */
  valueFor(table: string, column: string, e: Expr): string {
    const type = this.options.columnType?.(table, column)
    const sql = type && isDateType(type) && isText(e) ? this.asDate(e, type) : this.expr(e)
    const limit = type ? columnLimitOf(type) : undefined
    if (!limit) return sql
    // A bare `?` (not a date conversion, not ORA_TO_NUMBER, not a trigger's session-state read): its value is fitted before the run.
    if (this.options.fitBindsInJs === true && e.k === 'bind' && sql === '?') {
      this.bindFits.push({ at: this.bindNames.length - 1, limit, table, column })
      return sql
    }
    return limit.kind === 'number'
      ? `ORA_FIT_NUMBER(${sql}, ${limit.precision}, ${limit.scale})`
      : `ORA_FIT_TEXT(${sql}, ${limit.maxLength}, ${quoteString(table)}, ${quoteString(column)})`
  }

  private asDate(e: Expr, type: string): string {
    return `${type.startsWith('TIMESTAMP') ? 'ORA_TO_TIMESTAMP' : 'ORA_TO_DATE'}(${this.expr(e)})`
  }

  /** The Oracle type of a column reference, looking through the visible tables (innermost first). */
  private typeOf(e: Expr): string | undefined {
    if (e.k !== 'col' || !this.options.columnType) return undefined
    const column = (e.parts[e.parts.length - 1] as Ident).name
    for (let i = this.scopes.length - 1; i >= 0; i--) {
      const scope = this.scopes[i] as Map<string, string>
      if (e.parts.length >= 2) {
        const table = scope.get((e.parts[e.parts.length - 2] as Ident).name)
        if (table) return this.options.columnType(table, column)
        continue
      }
      for (const table of new Set(scope.values())) {
        const type = this.options.columnType(table, column)
        if (type) return type
      }
    }
    return undefined
  }

  /** Comparison operands: text against a DATE column converts to a date, text against a number to a number. */
  private comparisonOperands(l: Expr, r: Expr): [string, string] {
    const lType = this.typeOf(l)
    const rType = this.typeOf(r)
    const ls = rType && isDateType(rType) && isText(l) ? this.asDate(l, rType) : isSurelyNumeric(r) ? this.numericOperand(l) : this.expr(l)
    const rs = lType && isDateType(lType) && isText(r) ? this.asDate(r, lType) : isSurelyNumeric(l) ? this.numericOperand(r) : this.expr(r)
    return [ls, rs]
  }

  /**
   * MERGE as SQLite statements run in order: UPDATE … FROM the source for
   * matched rows (then DELETE WHERE), and INSERT … SELECT of the source rows
   * with no match. Oracle forbids updating the ON columns (ORA-38104), so
   * running the update first cannot change which rows match.
   */
  mergeStatements(s: Statement & { k: 'merge' }, emitter: () => SqliteEmitter): { sql: string; bindNames: string[] }[] {
    const table = (s.table[s.table.length - 1] as Ident).name
    const target = s.alias?.name ?? table
    const sourceAlias = s.source.k === 'join' ? undefined : s.source.alias?.name
    if (!sourceAlias && s.source.k === 'subquery') throw new SqlSyntaxError('MERGE … USING (subquery) needs an alias', 0, 0)
    const out: { sql: string; bindNames: string[] }[] = []
    const scope = new Map([...targetScope(table, s.alias), ...fromScope([s.source])])
    const run = (write: (e: SqliteEmitter) => string): void => {
      const e = emitter()
      const sql = e.withScope(scope, () => write(e))
      out.push({ sql, bindNames: e.bindNames })
    }
    const targetSql = `${quoteIdent(table)} AS ${quoteIdent(target)}`
    if (s.matched) {
      const m = s.matched
      run((e) => {
        const sets = m.set.map((a) => `${quoteIdent(a.column.name)} = ${e.valueFor(table, a.column.name, a.value)}`).join(', ')
        return `UPDATE ${targetSql} SET ${sets} FROM ${e.fromItem(s.source)} WHERE ${e.expr(s.on)}${m.where ? ` AND ${e.expr(m.where)}` : ''}`
      })
      if (m.deleteWhere) {
        const d = m.deleteWhere
        run((e) => `DELETE FROM ${targetSql} WHERE EXISTS (SELECT 1 FROM ${e.fromItem(s.source)} WHERE ${e.expr(s.on)} AND ${e.expr(d)})`)
      }
    }
    if (s.notMatched) {
      const n = s.notMatched
      run((e) => {
        const columns = n.columns?.map((c) => c.name) ?? this.options.tableColumns?.(table)
        if (!columns) throw new SqlSyntaxError('MERGE … INSERT needs a column list here', 0, 0)
        const list = [...columns]
        const fills = this.options.insertFills?.(table) ?? []
        const values = n.values.map((v, i) =>
          overwrites(fills, columns[i]) ? '' : columns[i] !== undefined ? e.valueFor(table, columns[i] as string, v) : e.expr(v),
        )
        for (const fill of fills) {
          const at = list.indexOf(fill.column)
          if (at < 0) {
            list.push(fill.column)
            values.push(fill.sql)
          } else values[at] = filledValue(values[at], fill)
        }
        return `INSERT INTO ${quoteIdent(table)} (${list.map(quoteIdent).join(', ')}) SELECT ${values.join(', ')} FROM ${e.fromItem(s.source)} WHERE NOT EXISTS (SELECT 1 FROM ${targetSql} WHERE ${e.expr(s.on)})${n.where ? ` AND ${e.expr(n.where)}` : ''}`
      })
    }
    return out
  }

  private returning(r: Returning | undefined): string {
    return r ? ` RETURNING ${r.exprs.map((e) => this.expr(e)).join(', ')}` : ''
  }

  /** Schema prefixes are dropped: one application schema. */
  tableName(parts: Ident[]): string {
    return quoteIdent((parts[parts.length - 1] as Ident).name)
  }

  // ---- queries -------------------------------------------------------------

  query(q: Query): string {
    if (q.k === 'select' && q.hierarchy) return this.query(rewriteHierarchy(q))
    const withText = q.with && q.with.length > 0
      ? `WITH ${q.with.map((c) => `${quoteIdent(c.name.name)}${c.columns ? ` (${c.columns.map((x) => quoteIdent(x.name)).join(', ')})` : ''} AS (${this.query(c.q)})`).join(', ')} `
      : ''
    if (q.k === 'setop') {
      const op = q.op === 'MINUS' ? 'EXCEPT' : q.op
      const l = this.compoundOperand(q.l, true)
      const r = this.compoundOperand(q.r, false)
      return `${withText}${l} ${op}${q.all ? ' ALL' : ''} ${r}${this.orderBy(q.orderBy)}${this.limit(q.fetch?.limit, q.fetch?.offset)}`
    }
    return withText + this.select(q)
  }

  /** SQLite compound operands cannot carry ORDER BY/LIMIT or parentheses: such operands are wrapped. */
  private compoundOperand(q: Query, left: boolean): string {
    const plain = q.k === 'select'
      ? q.orderBy.length === 0 && !q.fetch && !q.with
      : left && q.orderBy.length === 0 && !q.fetch && !q.with
    return plain ? this.query(q) : `SELECT * FROM (${this.query(q)})`
  }

  /**
   * The columns a `TABLE(f(…))` of records is read by (a pipelined function's rows): the
   * names the query gives it through its alias (`t.PAGE_ID`), and — when it is the only
   * source of its SELECT — the unqualified names there. Each becomes a column of the
   * collection's subquery (NULL for an element without it); `COLUMN_VALUE` is always one.
   */
  private readonly collectionColumns = new Map<FromItem, string[]>()

  private noteCollectionColumns(q: Query & { k: 'select' }): void {
    const own = q.from.filter((f): f is FromItem & { k: 'collection' } => f.k === 'collection')
    if (own.length === 0) return
    for (const f of own) {
      const names = new Set<string>()
      const alias = f.alias?.name
      const only = q.from.length === 1
      visitColumns(q, (parts) => {
        const last = parts[parts.length - 1]!
        if (parts.length === 2 && alias !== undefined && parts[0] === alias) names.add(last)
        else if (parts.length === 1 && only) names.add(last)
      })
      names.delete('COLUMN_VALUE')
      this.collectionColumns.set(f, [...names])
    }
  }

  private select(q: Query & { k: 'select' }): string {
    return this.withScope(fromScope(q.from), () => this.selectInScope(q))
  }

  private selectInScope(q: Query & { k: 'select' }): string {
    this.noteCollectionColumns(q)
    let where = q.where
    let rownumLimit: Expr | undefined
    if (where) {
      const conjuncts = splitAnd(where)
      const kept: Expr[] = []
      for (const c of conjuncts) {
        const limit = rownumLimitOf(c)
        if (limit && !rownumLimit) rownumLimit = limit
        else kept.push(c)
      }
      where = joinAnd(kept)
    }
    let from = q.from
    // Old-style outer joins: `a.x = b.x(+)` puts b on the optional side of a LEFT JOIN.
    let fromText: string | undefined
    if (where && containsOuter(where)) {
      const rewritten = this.outerJoins(from, splitAnd(where))
      fromText = rewritten.from
      where = joinAnd(rewritten.where)
    }
    if (!fromText && from.length === 1 && isDual(from[0] as FromItem)) from = []
    const parts = [`SELECT ${q.distinct ? 'DISTINCT ' : ''}${q.items.map((item) => this.selectItem(item)).join(', ')}`]
    if (fromText) parts.push(`FROM ${fromText}`)
    else if (from.length > 0) parts.push(`FROM ${from.map((f) => this.fromItem(f)).join(', ')}`)
    if (where) parts.push(`WHERE ${this.expr(where)}`)
    if (q.groupBy.length > 0) parts.push(`GROUP BY ${q.groupBy.map((e) => this.expr(e)).join(', ')}`)
    if (q.having) parts.push(`HAVING ${this.expr(q.having)}`)
    let text = parts.join(' ') + this.orderBy(q.orderBy)
    if (rownumLimit && q.fetch) {
      // ROWNUM limits the rows before FETCH does.
      return `SELECT * FROM (${text}${this.limit(rownumLimit, undefined)})${this.limit(q.fetch.limit, q.fetch.offset)}`
    }
    text += this.limit(rownumLimit ?? q.fetch?.limit, q.fetch?.offset)
    return text
  }

  private selectItem(item: SelectItem): string {
    const e = item.expr
    if (e.k === 'star') return e.table ? `${quoteIdent((e.table[e.table.length - 1] as Ident).name)}.*` : '*'
    const text = e.k === 'rownum' ? 'row_number() OVER ()' : this.expr(e)
    if (item.alias) return `${text} AS ${quoteIdent(item.alias.name)}`
    if (e.k === 'col') return text
    // Oracle names an unaliased expression by its text, upper-cased, blanks removed.
    return `${text} AS ${quoteIdent(oracleColumnName(item.source))}`
  }

  fromItem(f: FromItem): string {
    switch (f.k) {
      case 'table':
        return `${this.tableName(f.name)}${f.alias ? ` AS ${quoteIdent(f.alias.name)}` : ''}`
      case 'subquery':
        return `(${this.query(f.q)})${f.alias ? ` AS ${quoteIdent(f.alias.name)}` : ''}`
      case 'pivot':
        return `(${this.pivotQuery(f)})${f.alias ? ` AS ${quoteIdent(f.alias.name)}` : ''}`
      case 'collection': {
        // The PL/SQL engine answers with the collection's elements as a JSON array (ORA_CALL_TABLE).
        const c = f.call
        const name = c.name.map((n) => n.name).join('.')
        if (!isUserFunction(name)) throw new SqlSyntaxError(`TABLE() is supported over a PL/SQL function returning a collection, not ${name}`, 0, 0)
        const names = quoteString(c.args.map((_, i) => c.argNames?.[i] ?? '').join(','))
        const constant = this.precomputeTables && c.args.every((a) => a.k === 'bind' || a.k === 'num' || a.k === 'str' || a.k === 'null')
        let json: string
        if (constant) {
          const bind = `__TABLE_${this.tableCalls.length + 1}`
          this.tableCalls.push({
            bind,
            name,
            names: c.args.map((_, i) => c.argNames?.[i]),
            args: c.args.map((a) => (a.k === 'bind' ? { bind: a.name } : { value: a.k === 'num' ? Number(a.text) : a.k === 'str' ? a.value : null })),
          })
          json = this.expr({ k: 'bind', name: bind })
        } else json = `ORA_CALL_TABLE(${[quoteString(name), names, ...c.args.map((a) => this.expr(a))].join(', ')})`
        // Records (a pipelined function's rows) come as JSON objects: their fields by name.
        const fields = (this.collectionColumns.get(f) ?? []).map((n) => `, CASE WHEN type = 'object' THEN json_extract(value, ${quoteString(`$."${n.replace(/"/g, '')}"`)}) END AS ${quoteIdent(n)}`)
        return `(SELECT CASE WHEN type = 'object' THEN NULL ELSE value END AS "COLUMN_VALUE"${fields.join('')} FROM json_each(${json}))${f.alias ? ` AS ${quoteIdent(f.alias.name)}` : ''}`
      }
      case 'join': {
        if (f.type === 'RIGHT' || f.type === 'FULL') {
          // SQLite has RIGHT and FULL joins since 3.39.
        }
        const type = f.type === 'INNER' ? 'JOIN' : f.type === 'CROSS' ? 'CROSS JOIN' : `${f.type} JOIN`
        const r = f.r.k === 'join' ? `(${this.fromItem(f.r)})` : this.fromItem(f.r)
        const cond = f.on ? ` ON ${this.expr(f.on)}` : f.using ? ` USING (${f.using.map((c) => quoteIdent(c.name)).join(', ')})` : ''
        return `${this.fromItem(f.l)} ${f.natural ? 'NATURAL ' : ''}${type} ${r}${cond}`
      }
    }
  }

  /**
   * PIVOT as GROUP BY: the source's other columns group the rows, and each
   * (aggregate, value) pair is the aggregate over `CASE WHEN col = value THEN
   * arg END` (NULLs are what aggregates skip). The source's columns must be
   * known: a subquery whose select list names them (no `*`).
   */
  private pivotQuery(f: FromItem & { k: 'pivot' }): string {
    const src = f.source
    if (src.k !== 'subquery' || src.q.k !== 'select' || src.q.items.some((i) => i.expr.k === 'star')) {
      throw new SqlSyntaxError('PIVOT is supported over a subquery that names its columns (select a, b from …)', 0, 0)
    }
    const names = src.q.items.map((i) => (i.alias ? i.alias.name : i.expr.k === 'col' ? (i.expr.parts[i.expr.parts.length - 1] as Ident).name : oracleColumnName(i.source)))
    const used = new Set<string>([f.column.name])
    for (const a of f.aggs) walk(a.call, (x) => {
      if (x.k === 'col') used.add((x.parts[x.parts.length - 1] as Ident).name)
    })
    const groups = names.filter((n) => !used.has(n))
    const columns: string[] = []
    for (const v of f.values) {
      for (const a of f.aggs) {
        if (a.call.args.length !== 1 || a.call.over) throw new SqlSyntaxError('PIVOT aggregates take one argument and no OVER', 0, 0)
        const valueName = v.alias ? v.alias.name : oracleColumnName(this.expr(v.e).replace(/^'|'$/g, ''))
        const name = f.aggs.length > 1 || a.alias ? `${valueName}_${a.alias ? a.alias.name : oracleColumnName(a.call.name.map((n) => n.name).join('.'))}` : valueName
        const arg: Expr = { k: 'case', whens: [{ when: { k: 'bin', op: '=', l: { k: 'col', parts: [f.column] }, r: v.e }, then: a.call.args[0] as Expr }] }
        columns.push(`${this.expr({ ...a.call, args: [arg] })} AS ${quoteIdent(name)}`)
      }
    }
    const group = groups.map((g) => quoteIdent(g))
    return `SELECT ${[...group, ...columns].join(', ')} FROM ${this.fromItem(src.alias ? src : { ...src, alias: { name: '__PIVOT_SRC', quoted: false } })}${group.length > 0 ? ` GROUP BY ${group.join(', ')}` : ''}`
  }

  private outerJoins(from: FromItem[], conjuncts: Expr[]): { from: string; where: Expr[] } {
    const names = from.map((f) => {
      if (f.k === 'table') return (f.alias ?? (f.name[f.name.length - 1] as Ident)).name
      if ((f.k === 'subquery' || f.k === 'collection') && f.alias) return f.alias.name
      return undefined
    })
    const onConditions = new Map<number, Expr[]>()
    const where: Expr[] = []
    for (const c of conjuncts) {
      if (!containsOuter(c)) {
        where.push(c)
        continue
      }
      const marked = outerTables(c)
      if (marked.size !== 1) throw new SqlSyntaxError('an outer-join condition (+) must mark columns of exactly one table', 0, 0)
      const table = [...marked][0] as string
      const index = names.indexOf(table)
      if (index < 0) throw new SqlSyntaxError(`outer join (+) on "${table}", which is not a table of the FROM clause (qualify the column)`, 0, 0)
      const list = onConditions.get(index) ?? []
      list.push(stripOuter(c))
      onConditions.set(index, list)
    }
    const required = from.filter((_, i) => !onConditions.has(i)).map((f) => this.fromItem(f))
    if (required.length === 0) throw new SqlSyntaxError('every table of the FROM clause is marked (+)', 0, 0)
    let text = required.join(', ')
    for (const [index, conds] of [...onConditions.entries()].sort((a, b) => a[0] - b[0])) {
      text += ` LEFT JOIN ${this.fromItem(from[index] as FromItem)} ON ${this.expr(joinAnd(conds) as Expr)}`
    }
    return { from: text, where }
  }

  private orderBy(items: OrderItem[]): string {
    if (items.length === 0) return ''
    // Oracle sorts NULLs as the largest value: last when ascending, first when descending.
    return ` ORDER BY ${items
      .map((o) => `${this.expr(o.expr)}${o.desc ? ' DESC' : ''} NULLS ${o.nulls ?? (o.desc ? 'FIRST' : 'LAST')}`)
      .join(', ')}`
  }

  private limit(limit: Expr | undefined, offset: Expr | undefined): string {
    if (!limit && !offset) return ''
    return ` LIMIT ${limit ? this.expr(limit) : '-1'}${offset ? ` OFFSET ${this.expr(offset)}` : ''}`
  }

  // ---- expressions ---------------------------------------------------------

  expr(e: Expr): string {
    switch (e.k) {
      case 'num':
        return normalizeNumber(e.text)
      case 'str':
        return quoteString(e.value)
      case 'null':
        return 'NULL'
      case 'bool':
        return e.value ? '1' : '0'
      case 'bind': {
        const sql = this.options.bindSql ? this.options.bindSql(e.name) : '?'
        if (!this.options.bindSql) this.bindNames.push(e.name)
        return e.numeric ? `ORA_TO_NUMBER(${sql})` : sql
      }
      case 'col': {
        const parts = e.parts.slice(-2)
        const qualified = e.parts.map((x) => x.name).join('.')
        // The APEX user as package globals give it (audit columns in triggers and defaults).
        if (qualified === 'WWV_FLOW.G_USER' || qualified === 'APEX_APPLICATION.G_USER') return 'ORA_USER()'
        if (parts.length === 1 && !(parts[0] as Ident).quoted && (parts[0] as Ident).name === 'ROWID') return 'rowid'
        return parts.map((p) => quoteIdent(p.name)).join('.')
      }
      case 'pseudo':
        if (!this.options.pseudo) throw new SqlSyntaxError(`:${e.which}.${e.column.name} is only allowed in a trigger`, 0, 0)
        return this.options.pseudo(e.which, e.column.name)
      case 'star':
        return '*'
      case 'unary':
        if (e.op === 'NOT') return `(NOT ${this.expr(e.e)})`
        if (e.op === '-') return `(-${this.expr(e.e)})`
        if (e.op === '+') return this.expr(e.e)
        throw new SqlSyntaxError('PRIOR is not supported', 0, 0)
      case 'bin':
        return this.binary(e.op, e.l, e.r)
      case 'concat':
        return `ORA_CONCAT(${e.parts.map((p) => this.expr(p)).join(', ')})`
      case 'isNull':
        return `(${this.expr(e.e)} IS ${e.not ? 'NOT ' : ''}NULL)`
      case 'in': {
        const target = e.list && e.list.every(isSurelyNumeric) ? this.numericOperand(e.e) : this.expr(e.e)
        const inner = e.sub ? this.query(e.sub) : (e.list as Expr[]).map((x) => this.expr(x)).join(', ')
        return `(${target} ${e.not ? 'NOT ' : ''}IN (${inner}))`
      }
      case 'between': {
        const numeric = isSurelyNumeric(e.lo) || isSurelyNumeric(e.hi)
        const target = numeric ? this.numericOperand(e.e) : this.expr(e.e)
        const type = this.typeOf(e.e)
        const bound = (x: Expr): string => (type && isDateType(type) && isText(x) ? this.asDate(x, type) : this.expr(x))
        return `(${target} ${e.not ? 'NOT ' : ''}BETWEEN ${bound(e.lo)} AND ${bound(e.hi)})`
      }
      case 'like':
        return `(${this.expr(e.e)} ${e.not ? 'NOT ' : ''}LIKE ${this.expr(e.pattern)}${e.escape ? ` ESCAPE ${this.expr(e.escape)}` : ''})`
      case 'exists':
        return `EXISTS (${this.query(e.q)})`
      case 'subquery':
        return `(${this.query(e.q)})`
      case 'quantified':
        return this.quantified(e)
      case 'case': {
        const whens = e.whens.map((w) => ` WHEN ${this.expr(w.when)} THEN ${this.expr(w.then)}`).join('')
        return `(CASE${e.operand ? ` ${this.expr(e.operand)}` : ''}${whens}${e.else ? ` ELSE ${this.expr(e.else)}` : ''} END)`
      }
      case 'call':
        return this.call(e)
      case 'cast':
        return this.cast(this.expr(e.e), e.type)
      case 'extract':
        return `ORA_EXTRACT(${quoteString(e.field)}, ${this.expr(e.e)})`
      case 'trim':
        return `ORA_TRIM_CHARS(${quoteString(e.mode)}, ${e.chars ? this.expr(e.chars) : "' '"}, ${this.expr(e.e)})`
      case 'seq':
        return `ORA_${e.which}(${quoteString(sequenceName(e.seq))})`
      case 'rownum':
        throw new SqlSyntaxError('ROWNUM is only supported as "WHERE ROWNUM <= n" (or < n, = 1) and in the select list', 0, 0)
      case 'builtin':
        switch (e.name) {
          case 'SYSDATE':
          case 'CURRENT_DATE':
            return 'ORA_SYSDATE()'
          case 'USER':
            return 'ORA_USER()'
          case 'UID':
            return '0'
          default:
            return 'ORA_SYSTIMESTAMP()'
        }
      case 'dateLit': {
        const value = parseDateLiteral(e.text, e.type)
        if (value === undefined) throw new SqlSyntaxError(`bad ${e.type} literal '${e.text}' (expected YYYY-MM-DD${e.type === 'TIMESTAMP' ? ' HH24:MI:SS' : ''})`, 0, 0)
        return quoteString(value)
      }
      case 'outer':
        throw new SqlSyntaxError('(+) is only supported in WHERE conditions of a query with a comma-separated FROM list', 0, 0)
      case 'tuple':
        return `(${e.items.map((x) => this.expr(x)).join(', ')})`
      case 'level':
        throw new SqlSyntaxError('LEVEL is only available in a CONNECT BY query', 0, 0)
      case 'prior':
        throw new SqlSyntaxError('PRIOR is only allowed in a CONNECT BY condition', 0, 0)
    }
  }

  private binary(op: string, l: Expr, r: Expr): string {
    if (op === 'AND' || op === 'OR') return `(${this.expr(l)} ${op} ${this.expr(r)})`
    if (COMPARISONS.has(op)) {
      // A VARCHAR2 bind compared with a number or a DATE column converts, as in Oracle.
      const [ls, rs] = this.comparisonOperands(l, r)
      return `(${ls} ${op} ${rs})`
    }
    switch (op) {
      case '+':
      case '-':
        if (isSurelyNumeric(l) && isSurelyNumeric(r)) return `(${this.expr(l)} ${op} ${this.expr(r)})`
        return `${op === '+' ? 'ORA_ADD' : 'ORA_SUB'}(${this.expr(l)}, ${this.expr(r)})`
      case '*':
        return `(${this.numericOperand(l)} * ${this.numericOperand(r)})`
      case '/':
        return `ORA_DIV(${this.expr(l)}, ${this.expr(r)})`
      case '**':
        return `ORA_POWER(${this.expr(l)}, ${this.expr(r)})`
    }
    throw new SqlSyntaxError(`operator ${op} is not supported`, 0, 0)
  }

  /** Binds in numeric contexts are converted the way Oracle converts VARCHAR2 to NUMBER. */
  private numericOperand(e: Expr): string {
    if (e.k === 'bind' && !e.numeric) return `ORA_TO_NUMBER(${this.expr(e)})`
    return this.expr(e)
  }

  private quantified(e: Expr & { k: 'quantified' }): string {
    if (e.sub) {
      if (e.op === '=' && e.quantifier === 'ANY') return `(${this.expr(e.l)} IN (${this.query(e.sub)}))`
      if (e.op === '<>' && e.quantifier === 'ALL') return `(${this.expr(e.l)} NOT IN (${this.query(e.sub)}))`
      throw new SqlSyntaxError(`${e.op} ${e.quantifier} (subquery) is not supported`, 0, 0)
    }
    const list = e.list as Expr[]
    const joiner = e.quantifier === 'ANY' ? ' OR ' : ' AND '
    return `(${list.map((x) => this.binary(e.op, e.l, x)).join(joiner)})`
  }

  private cast(value: string, type: string): string {
    const base = type.replace(/\(.*$/, '').toUpperCase()
    if (['NUMBER', 'INTEGER', 'INT', 'FLOAT', 'DECIMAL', 'NUMERIC', 'BINARY_DOUBLE', 'BINARY_FLOAT', 'SMALLINT'].includes(base)) {
      return base === 'INTEGER' || base === 'INT' || base === 'SMALLINT' ? `ORA_ROUND(ORA_TO_NUMBER(${value}))` : `ORA_TO_NUMBER(${value})`
    }
    if (base === 'DATE') return `ORA_TO_DATE(${value})`
    if (base.startsWith('TIMESTAMP')) return `ORA_TO_TIMESTAMP(${value})`
    const size = /\((\d+)/.exec(type)?.[1]
    return size ? `ORA_SUBSTR(ORA_TO_CHAR(${value}), 1, ${size})` : `ORA_TO_CHAR(${value})`
  }

  private call(e: Expr & { k: 'call' }): string {
    const name = e.name.length === 1 ? (e.name[0] as Ident).name : e.name.map((n) => n.name).join('.')
    const args = (): string => e.args.map((a) => this.expr(a)).join(', ')
    if (e.argNames && !isUserFunction(name)) throw new SqlSyntaxError(`named arguments (=>) are only supported in calls of PL/SQL functions, not ${name}`, 0, 0)
    const over = e.over
      ? ` OVER (${[
          e.over.partitionBy.length > 0 ? `PARTITION BY ${e.over.partitionBy.map((x) => this.expr(x)).join(', ')}` : '',
          e.over.orderBy.length > 0 ? this.orderBy(e.over.orderBy).trim() : '',
          e.over.frame ?? '',
        ].filter((x) => x !== '').join(' ')})`
      : ''
    if (NATIVE_AGGREGATES.has(name)) {
      if (e.star) return `${name.toLowerCase()}(*)${over}`
      return `${name.toLowerCase()}(${e.distinct ? 'DISTINCT ' : ''}${args()})${over}`
    }
    if (NATIVE_WINDOW.has(name)) {
      if (!e.over) throw new SqlSyntaxError(`${name} needs an OVER clause`, 0, 0)
      return `${name.toLowerCase()}(${args()})${over}`
    }
    switch (name) {
      case 'V':
      case 'NV':
      case 'APEX_UTIL.GET_SESSION_STATE':
      case 'APEX_UTIL.GET_NUMERIC_SESSION_STATE': {
        // v('P1_X') with a literal name is a bind (parser); a computed name is looked up at run time.
        this.arity(name, e.args, 1, 1)
        const lookup = `ORA_V(upper(${this.expr(e.args[0] as Expr)}))`
        return name === 'NV' || name.endsWith('NUMERIC_SESSION_STATE') ? `ORA_TO_NUMBER(${lookup})` : lookup
      }
      case 'NVL':
        this.arity(name, e.args, 2, 2)
        return `ifnull(${args()})`
      case 'NVL2': {
        this.arity(name, e.args, 3, 3)
        const [a, b, c] = e.args as [Expr, Expr, Expr]
        return `(CASE WHEN ${this.expr(a)} IS NOT NULL THEN ${this.expr(b)} ELSE ${this.expr(c)} END)`
      }
      case 'COALESCE':
        this.arity(name, e.args, 1, 1000)
        return e.args.length === 1 ? this.expr(e.args[0] as Expr) : `coalesce(${args()})`
      case 'NULLIF':
        this.arity(name, e.args, 2, 2)
        return `nullif(${args()})`
      case 'DECODE': {
        this.arity(name, e.args, 3, 1000)
        const [subject, ...rest] = e.args as [Expr, ...Expr[]]
        const s = this.expr(subject)
        let text = '(CASE'
        for (let i = 0; i + 1 < rest.length; i += 2) {
          // DECODE treats two NULLs as equal: SQLite's IS is exactly that comparison.
          text += ` WHEN ${s} IS ${this.expr(rest[i] as Expr)} THEN ${this.expr(rest[i + 1] as Expr)}`
        }
        if (rest.length % 2 === 1) text += ` ELSE ${this.expr(rest[rest.length - 1] as Expr)}`
        return `${text} END)`
      }
      case 'LISTAGG': {
        this.arity(name, e.args, 1, 2)
        const value = `ORA_TO_CHAR(${this.expr(e.args[0] as Expr)})`
        const separator = e.args[1] ? this.expr(e.args[1]) : "''"
        const order = e.withinGroup ? this.orderBy(e.withinGroup) : ''
        return `group_concat(${e.distinct ? 'DISTINCT ' : ''}${value}, ${separator}${order})${over}`
      }
      case 'ORA_HASH':
        this.arity(name, e.args, 1, 3)
        return `ORA_HASH(${args()})`
      // Helpers of the CONNECT BY rewrite (hierarchical-query.ts).
      case 'ORA_SIBLING_KEY':
      case 'ORA_CONNECT_BY_LOOP':
        this.arity(name, e.args, 1, 1)
        return `${name}(${args()})`
      case 'RATIO_TO_REPORT': {
        // The value over the sum of its partition (OVER takes PARTITION BY only); a zero or null sum gives NULL.
        this.arity(name, e.args, 1, 1)
        if (!e.over) throw new SqlSyntaxError('RATIO_TO_REPORT needs an OVER clause', 0, 0)
        if (e.over.orderBy.length > 0 || e.over.frame) throw new SqlSyntaxError('RATIO_TO_REPORT … OVER takes PARTITION BY only (ORA-30487)', 0, 0)
        const value = this.expr(e.args[0] as Expr)
        return `(${value} * 1.0 / nullif(sum(${value})${over}, 0))`
      }
      case 'STDDEV':
      case 'VARIANCE':
      case 'MEDIAN':
        return `ORA_${name}(${args()})${over}`
      // XMLType's subset (xml.ts): values are their XML text.
      case 'EXTRACT':
      case 'XMLTYPE.EXTRACT':
        this.arity(name, e.args, 2, 3)
        return `ORA_XML_EXTRACT(${this.expr(e.args[0] as Expr)}, ${this.expr(e.args[1] as Expr)})`
      case 'EXISTSNODE':
      case 'XMLTYPE.EXISTSNODE':
        this.arity(name, e.args, 2, 3)
        return `ORA_XML_EXISTSNODE(${this.expr(e.args[0] as Expr)}, ${this.expr(e.args[1] as Expr)})`
      case 'EXTRACTVALUE':
        this.arity(name, e.args, 2, 3)
        return `ORA_XML_EXTRACTVALUE(${this.expr(e.args[0] as Expr)}, ${this.expr(e.args[1] as Expr)})`
      case 'XMLTYPE':
      case 'SYS.XMLTYPE':
      case 'XMLTYPE.CREATEXML':
        this.arity(name, e.args, 1, 1)
        return `ORA_XML_CHECKED(${args()})`
      case 'XMLTYPE.GETSTRINGVAL':
      case 'XMLTYPE.GETCLOBVAL':
        this.arity(name, e.args, 1, 1)
        return `(${args()})`
      case 'XMLTYPE.GETNUMBERVAL':
        this.arity(name, e.args, 1, 1)
        return `ORA_TO_NUMBER(${args()})`
    }
    if (e.over) throw new SqlSyntaxError(`${name} … OVER is not supported`, 0, 0)
    if (ORACLE_SCALAR_FUNCTIONS.has(name)) return `ORA_${name}(${args()})`
    // User functions (packages in the supporting objects): the PL/SQL engine answers through ORA_CALL,
    // or ORA_CALL_NAMED with the argument names comma-separated (empty for a positional one).
    if (e.argNames) return `ORA_CALL_NAMED(${[quoteString(name), quoteString(e.args.map((_, i) => e.argNames?.[i] ?? '').join(',')), ...e.args.map((a) => this.expr(a))].join(', ')})`
    return `ORA_CALL(${[quoteString(name), ...e.args.map((a) => this.expr(a))].join(', ')})`
  }

  private arity(name: string, args: Expr[], min: number, max: number): void {
    if (args.length < min || args.length > max) {
      throw new SqlSyntaxError(`${name} takes ${min === max ? min : `${min} to ${max}`} arguments, not ${args.length}`, 0, 0)
    }
  }
}

function isDateType(oracleType: string): boolean {
  return oracleType === 'DATE' || oracleType.startsWith('TIMESTAMP')
}

/** A VARCHAR2 value Oracle would convert in a date context: a bind or a string literal. */
function isText(e: Expr): boolean {
  return (e.k === 'bind' && !e.numeric) || e.k === 'str'
}

function targetScope(table: string, alias: Ident | undefined): Map<string, string> {
  const scope = new Map([[table, table]])
  if (alias) scope.set(alias.name, table)
  return scope
}

/** Tables of a FROM clause by alias (or name): subqueries have no known column types. */
function fromScope(from: FromItem[]): Map<string, string> {
  const scope = new Map<string, string>()
  const add = (f: FromItem): void => {
    if (f.k === 'table') {
      const name = (f.name[f.name.length - 1] as Ident).name
      scope.set(f.alias?.name ?? name, name)
    } else if (f.k === 'join') {
      add(f.l)
      add(f.r)
    }
  }
  from.forEach(add)
  return scope
}

export function sequenceName(parts: Ident[]): string {
  return (parts[parts.length - 1] as Ident).name
}

function normalizeNumber(text: string): string {
  let t = text
  if (t.startsWith('.')) t = '0' + t
  if (t.endsWith('.')) t = t.slice(0, -1)
  return t
}

/** Oracle's heading for an unaliased select expression: its text upper-cased with blanks removed (string literals kept). */
export function oracleColumnName(source: string): string {
  return tokenize(source)
    .map((t) => (t.kind === 'string' || t.kind === 'quotedIdent' ? t.text : t.text.toUpperCase()))
    .join('')
}

function isDual(f: FromItem): boolean {
  return f.k === 'table' && !f.alias && (f.name[f.name.length - 1] as Ident).name === 'DUAL' && !(f.name[f.name.length - 1] as Ident).quoted
}

export function isSurelyNumeric(e: Expr): boolean {
  switch (e.k) {
    case 'num':
      return true
    case 'bind':
      return e.numeric === true
    case 'unary':
      return (e.op === '-' || e.op === '+') && isSurelyNumeric(e.e)
    case 'bin':
      if (e.op === '*' || e.op === '/' || e.op === '**') return true
      return (e.op === '+' || e.op === '-') && isSurelyNumeric(e.l) && isSurelyNumeric(e.r)
    case 'call': {
      const name = e.name.length === 1 ? (e.name[0] as Ident).name : ''
      return NUMERIC_FUNCTIONS.has(name)
    }
    default:
      return false
  }
}

function splitAnd(e: Expr): Expr[] {
  if (e.k === 'bin' && e.op === 'AND') return [...splitAnd(e.l), ...splitAnd(e.r)]
  return [e]
}

function joinAnd(list: Expr[]): Expr | undefined {
  if (list.length === 0) return undefined
  return list.reduce((l, r) => ({ k: 'bin', op: 'AND', l, r }))
}

/** `ROWNUM <= n`, `ROWNUM < n`, `ROWNUM = 1`, `n >= ROWNUM`: the limit expression, else undefined. */
function rownumLimitOf(e: Expr): Expr | undefined {
  if (e.k !== 'bin') return undefined
  let op = e.op
  let other: Expr
  if (e.l.k === 'rownum') other = e.r
  else if (e.r.k === 'rownum') {
    other = e.l
    op = op === '>=' ? '<=' : op === '>' ? '<' : op === '<=' ? '>=' : op === '<' ? '>' : op
  } else return undefined
  if (op === '<=') return other
  if (op === '<') return { k: 'bin', op: '-', l: other, r: { k: 'num', text: '1' } }
  if (op === '=' && other.k === 'num' && Number(other.text) === 1) return other
  return undefined
}

function containsOuter(e: Expr): boolean {
  let found = false
  walk(e, (x) => {
    if (x.k === 'outer') found = true
  })
  return found
}

function outerTables(e: Expr): Set<string> {
  const tables = new Set<string>()
  walk(e, (x) => {
    if (x.k === 'outer') {
      if (x.e.k === 'col' && x.e.parts.length >= 2) tables.add((x.e.parts[x.e.parts.length - 2] as Ident).name)
      else tables.add('?')
    }
  })
  return tables
}

function stripOuter(e: Expr): Expr {
  if (e.k === 'outer') return e.e
  if (e.k === 'bin') return { ...e, l: stripOuter(e.l), r: stripOuter(e.r) }
  return e
}

/** Every column reference anywhere in an AST node (subqueries included), as its name parts. */
function visitColumns(node: unknown, visit: (parts: string[]) => void): void {
  if (Array.isArray(node)) {
    for (const x of node) visitColumns(x, visit)
    return
  }
  if (typeof node !== 'object' || node === null) return
  const o = node as { k?: unknown; parts?: unknown }
  if (o.k === 'col' && Array.isArray(o.parts)) {
    visit((o.parts as { name?: unknown }[]).map((p) => (typeof p.name === 'string' ? p.name : '')))
    return
  }
  for (const v of Object.values(node)) if (typeof v === 'object' && v !== null) visitColumns(v, visit)
}

/** Visits an expression tree (not into subqueries). */
function walk(e: Expr, visit: (e: Expr) => void): void {
  visit(e)
  switch (e.k) {
    case 'unary':
    case 'isNull':
    case 'outer':
    case 'cast':
    case 'extract':
      walk(e.e, visit)
      break
    case 'bin':
      walk(e.l, visit)
      walk(e.r, visit)
      break
    case 'concat':
      e.parts.forEach((p) => walk(p, visit))
      break
    case 'in':
      walk(e.e, visit)
      e.list?.forEach((p) => walk(p, visit))
      break
    case 'between':
      walk(e.e, visit)
      walk(e.lo, visit)
      walk(e.hi, visit)
      break
    case 'like':
      walk(e.e, visit)
      walk(e.pattern, visit)
      break
    case 'call':
      e.args.forEach((p) => walk(p, visit))
      break
    case 'case':
      if (e.operand) walk(e.operand, visit)
      e.whens.forEach((w) => {
        walk(w.when, visit)
        walk(w.then, visit)
      })
      if (e.else) walk(e.else, visit)
      break
    default:
      break
  }
}
