/**
 * Oracle DDL of supporting objects, parsed into plain descriptions the
 * application database executes: CREATE TABLE (types, inline and named
 * constraints, identity columns, DEFAULT [ON NULL], virtual columns), CREATE
 * INDEX, CREATE SEQUENCE, CREATE VIEW, ALTER TABLE, DROP, TRUNCATE, and the
 * statements with nothing to do here (COMMENT ON, GRANT, ALTER SESSION,
 * COMMIT, …). Physical attributes (TABLESPACE, STORAGE, LOGGING, …) are
 * ignored. Unsupported types or clauses are SqlSyntaxErrors naming them.
 */
import type { Expr } from '../sql/ast.js'
import { SqliteEmitter } from '../sql/emit-sqlite.js'
import { Parser, SqlSyntaxError } from '../sql/parser.js'
import type { ColumnDef, ConstraintDef, SequenceDef, TableDef } from './catalog.js'

export interface IdentitySpec {
  column: string
  always: boolean
  onNull: boolean
  start: number
  increment: number
}

export type AlterAction =
  | { k: 'addConstraint'; constraint: ConstraintDef }
  | { k: 'addColumn'; column: ColumnDef; constraints: ConstraintDef[]; identity?: IdentitySpec; defaultOnNull?: string }
  | { k: 'modifyColumn'; name: string; oracleType?: string; sqliteType?: string; notNull?: boolean; defaultSql?: string | null; constraints: ConstraintDef[] }
  | { k: 'dropColumn'; name: string }
  | { k: 'dropConstraint'; name: string }
  | { k: 'dropPrimaryKey' }
  | { k: 'renameColumn'; from: string; to: string }
  | { k: 'renameTable'; to: string }

export type DdlStatement =
  | { k: 'createTable'; def: TableDef; identities: IdentitySpec[]; defaultsOnNull: { column: string; sql: string }[]; asQueryText?: string }
  | { k: 'createIndex'; name: string; table: string; unique: boolean; columnsSql: string[] }
  | { k: 'createSequence'; def: SequenceDef; orReplace: boolean }
  | { k: 'createView'; name: string; columns?: string[]; queryText: string; queryLine: number }
  | { k: 'alterTable'; table: string; actions: AlterAction[] }
  | { k: 'drop'; objectType: string; name: string; cascade: boolean }
  | { k: 'truncate'; table: string }
  | { k: 'noop'; kind: string }

/** Words that end a column or constraint clause list. */
const CONSTRAINT_STATES = new Set(['ENABLE', 'DISABLE', 'VALIDATE', 'NOVALIDATE', 'RELY', 'NORELY', 'DEFERRABLE', 'INITIALLY', 'IMMEDIATE', 'DEFERRED', 'USING', 'EXCEPTIONS'])

/** Reads a DDL statement; undefined when the text is not DDL (queries and DML go to the translator). */
export function parseDdl(text: string): DdlStatement | undefined {
  const p = new Parser(text)
  const first = p.peek()
  if (first.kind !== 'word') return undefined
  switch (first.value) {
    case 'CREATE':
      p.next()
      return createStatement(p, text)
    case 'ALTER':
      p.next()
      return alterStatement(p)
    case 'DROP':
      p.next()
      return dropStatement(p)
    case 'TRUNCATE':
      p.next()
      p.expectWord('TABLE')
      return { k: 'truncate', table: p.qualifiedName('a table name').at(-1)?.name as string }
    case 'COMMENT':
      return { k: 'noop', kind: 'comment' }
    case 'GRANT':
    case 'REVOKE':
      return { k: 'noop', kind: first.value.toLowerCase() }
    case 'COMMIT':
    case 'ROLLBACK':
    case 'SAVEPOINT':
      return { k: 'noop', kind: first.value.toLowerCase() }
    case 'ANALYZE':
    case 'PURGE':
    case 'AUDIT':
    case 'NOAUDIT':
      return { k: 'noop', kind: first.value.toLowerCase() }
    default:
      return undefined
  }
}

function createStatement(p: Parser, text: string): DdlStatement {
  let orReplace = false
  if (p.acceptWord('OR')) {
    p.expectWord('REPLACE')
    orReplace = true
  }
  if (!p.acceptWord('FORCE')) p.acceptWord('NOFORCE')
  if (!p.acceptWord('EDITIONABLE')) p.acceptWord('NONEDITIONABLE')
  p.acceptWord('GLOBAL') // GLOBAL TEMPORARY TABLE: a plain table here
  p.acceptWord('PRIVATE')
  p.acceptWord('TEMPORARY')
  if (p.acceptWord('TABLE')) return createTable(p, text)
  if (p.isWord('UNIQUE') || p.isWord('BITMAP') || p.isWord('INDEX')) {
    const unique = p.acceptWord('UNIQUE')
    p.acceptWord('BITMAP')
    p.expectWord('INDEX')
    return createIndex(p, unique)
  }
  if (p.acceptWord('SEQUENCE')) return { k: 'createSequence', def: sequenceOptions(p, p.qualifiedName('a sequence name').at(-1)?.name as string), orReplace }
  if (p.acceptWord('VIEW')) {
    const name = p.qualifiedName('a view name').at(-1)?.name as string
    let columns: string[] | undefined
    if (p.acceptSym('(')) {
      columns = [p.ident('a column name').name]
      while (p.acceptSym(',')) columns.push(p.ident('a column name').name)
      p.expectSym(')')
    }
    p.expectWord('AS')
    const start = p.peek()
    // WITH READ ONLY / WITH CHECK OPTION end the query.
    let end = text.length
    const rest = text.slice(start.offset)
    const m = /\bwith\s+(read\s+only|check\s+option)\b[\s\S]*$/i.exec(rest)
    if (m) end = start.offset + m.index
    return { k: 'createView', name, ...(columns ? { columns } : {}), queryText: text.slice(start.offset, end).replace(/;\s*$/, ''), queryLine: start.line }
  }
  if (p.acceptWord('SYNONYM') || (p.acceptWord('PUBLIC') && p.acceptWord('SYNONYM'))) return { k: 'noop', kind: 'synonym' }
  if (p.acceptWord('DIRECTORY') || p.acceptWord('CONTEXT') || p.acceptWord('ROLE') || p.acceptWord('USER')) {
    return { k: 'noop', kind: 'create (ignored)' }
  }
  return p.fail('unsupported CREATE statement')
}

function sequenceOptions(p: Parser, name: string): SequenceDef {
  let start: number | undefined
  let increment = 1
  let min: number | undefined
  let max: number | undefined
  let cycle = false
  const num = (): number => {
    let sign = 1
    if (p.acceptSym('-')) sign = -1
    const t = p.next()
    if (t.kind !== 'number') p.fail('expected a number', t)
    return sign * Number(t.value)
  }
  for (;;) {
    if (p.acceptWord('START')) {
      p.expectWord('WITH')
      start = num()
    } else if (p.acceptWord('INCREMENT')) {
      p.expectWord('BY')
      increment = num()
    } else if (p.acceptWord('MINVALUE')) min = num()
    else if (p.acceptWord('MAXVALUE')) max = num()
    else if (p.acceptWord('CACHE')) num()
    else if (p.acceptWord('CYCLE')) cycle = true
    else if (p.acceptWord('NOCYCLE') || p.acceptWord('NOCACHE') || p.acceptWord('ORDER') || p.acceptWord('NOORDER') || p.acceptWord('NOMINVALUE') || p.acceptWord('NOMAXVALUE') || p.acceptWord('NOKEEP') || p.acceptWord('KEEP') || p.acceptWord('NOSCALE') || p.acceptWord('GLOBAL') || p.acceptWord('SESSION')) {
      // no effect here
    } else if (p.acceptSym(',')) {
      // Oracle tolerates commas between options in some tools' output
    } else break
  }
  p.finish()
  const minValue = min ?? (increment > 0 ? 1 : -Number.MAX_SAFE_INTEGER)
  const maxValue = max ?? (increment > 0 ? Number.MAX_SAFE_INTEGER : -1)
  return { name, next: start ?? (increment > 0 ? minValue : maxValue), increment, min: minValue, max: maxValue, cycle }
}

// ---- CREATE TABLE ---------------------------------------------------------------

function createTable(p: Parser, text: string): DdlStatement {
  const name = p.qualifiedName('a table name').at(-1)?.name as string
  if (p.acceptWord('AS')) {
    const asQueryText = text.slice(p.peek().offset).replace(/;\s*$/, '')
    return { k: 'createTable', def: { name, columns: [], constraints: [] }, identities: [], defaultsOnNull: [], asQueryText }
  }
  if (p.isWord('OF')) p.fail('object tables are not supported')
  p.expectSym('(')
  const def: TableDef = { name, columns: [], constraints: [] }
  const identities: IdentitySpec[] = []
  const defaultsOnNull: { column: string; sql: string }[] = []
  do {
    if (p.isWord('CONSTRAINT') || p.isWord('PRIMARY') || p.isWord('UNIQUE') || p.isWord('FOREIGN') || p.isWord('CHECK')) {
      const c = tableConstraint(p)
      if (c) def.constraints.push(c)
      continue
    }
    if (p.isWord('SUPPLEMENTAL') || p.isWord('PERIOD')) p.fail('unsupported table element')
    const col = columnDefinition(p)
    def.columns.push(col.column)
    def.constraints.push(...col.constraints)
    if (col.identity) identities.push(col.identity)
    if (col.defaultOnNull !== undefined) defaultsOnNull.push({ column: col.column.name, sql: col.defaultOnNull })
  } while (p.acceptSym(','))
  p.expectSym(')')
  // Physical attributes, LOB storage, partitioning: nothing to do on SQLite.
  return { k: 'createTable', def, identities, defaultsOnNull }
}

/** Oracle type → SQLite declared type whose affinity matches (VARCHAR2 → TEXT, NUMBER → NUMERIC, …). */
export function sqliteTypeOf(oracleType: string, p: Parser): string {
  const base = oracleType.replace(/\(.*$/, '').trim()
  switch (base) {
    case 'VARCHAR2': case 'NVARCHAR2': case 'VARCHAR': case 'CHAR': case 'NCHAR': case 'CHARACTER': case 'CHAR VARYING': case 'CHARACTER VARYING':
      return oracleType.replace(/^N?VARCHAR2?|^N?CHAR(ACTER)?( VARYING)?/, 'VARCHAR2')
    case 'NUMBER': case 'NUMERIC': case 'DECIMAL': case 'DEC': case 'FLOAT': case 'BINARY_DOUBLE': case 'BINARY_FLOAT': case 'REAL': case 'DOUBLE PRECISION':
      return oracleType.startsWith('NUMBER') ? oracleType : 'NUMBER'
    case 'INTEGER': case 'INT': case 'SMALLINT':
      // Not "INTEGER": a single INTEGER PRIMARY KEY would become SQLite's rowid and change row identity rules.
      return 'NUMBER(38)'
    case 'BOOLEAN':
      return 'NUMBER(1)'
    case 'DATE':
      return 'DATE'
    case 'CLOB': case 'NCLOB': case 'LONG': case 'JSON': case 'XMLTYPE':
      return 'CLOB'
    case 'BLOB': case 'RAW': case 'LONG RAW': case 'BFILE':
      return 'BLOB'
    default:
      if (base.startsWith('TIMESTAMP')) return 'TIMESTAMP'
      if (base.startsWith('INTERVAL')) return p.fail(`column type ${oracleType} is not supported`)
      return p.fail(`column type ${oracleType} is not supported`)
  }
}

function readType(p: Parser): string {
  let base = p.ident('a type name').name
  if (base === 'LONG' && p.acceptWord('RAW')) base = 'LONG RAW'
  if (base === 'DOUBLE' && p.acceptWord('PRECISION')) base = 'DOUBLE PRECISION'
  if ((base === 'CHAR' || base === 'CHARACTER') && p.acceptWord('VARYING')) base += ' VARYING'
  if (base === 'INTERVAL') p.fail('INTERVAL columns are not supported')
  let args = ''
  if (p.acceptSym('(')) {
    const parts: string[] = []
    do {
      // A negative scale (NUMBER(5,-2)) rounds left of the point.
      const sign = p.acceptSym('-') ? '-' : ''
      const t = p.next()
      if (t.kind !== 'number' && !(t.kind === 'op' && t.value === '*')) p.fail('expected a size', t)
      parts.push(sign + t.value)
      if (!p.acceptWord('BYTE')) p.acceptWord('CHAR')
    } while (p.acceptSym(','))
    p.expectSym(')')
    args = `(${parts.join(',')})`
  }
  if (p.isWord('WITH') && (p.isWord('TIME', 1) || p.isWord('LOCAL', 1))) {
    p.next()
    p.acceptWord('LOCAL')
    p.expectWord('TIME')
    p.expectWord('ZONE')
    base += ' WITH TIME ZONE'
  }
  return base.startsWith('TIMESTAMP') ? base : base + args
}

/** Translates a column-free SQL expression (DEFAULT, CHECK, virtual column) to SQLite text. */
function expressionSql(p: Parser, e: Expr, what: string): string {
  const emitter = new SqliteEmitter()
  const sql = emitter.expr(e)
  if (emitter.bindNames.length > 0) p.fail(`bind variables are not allowed in ${what}`)
  return sql
}

function columnDefinition(p: Parser): { column: ColumnDef; constraints: ConstraintDef[]; identity?: IdentitySpec; defaultOnNull?: string } {
  const name = p.ident('a column name').name
  let oracleType = ''
  if (!p.isWord('AS') && !p.isWord('GENERATED')) oracleType = readType(p)
  const column: ColumnDef = { name, oracleType: oracleType || 'NUMBER', sqliteType: oracleType ? sqliteTypeOf(oracleType, p) : '', notNull: false }
  const constraints: ConstraintDef[] = []
  let identity: IdentitySpec | undefined
  let defaultOnNull: string | undefined
  for (;;) {
    if (p.acceptWord('SORT') || p.acceptWord('VISIBLE') || p.acceptWord('INVISIBLE')) continue
    if (p.acceptWord('DEFAULT')) {
      const onNull = p.isWord('ON') && p.isWord('NULL', 1)
      if (onNull) {
        p.next()
        p.next()
      }
      const sql = expressionSql(p, p.expr(), 'a DEFAULT')
      column.defaultSql = sql
      if (onNull) defaultOnNull = sql
      continue
    }
    if (p.acceptWord('GENERATED')) {
      let always = true
      let onNull = false
      if (p.acceptWord('BY')) {
        p.expectWord('DEFAULT')
        always = false
        if (p.acceptWord('ON')) {
          p.expectWord('NULL')
          onNull = true
        }
      } else p.acceptWord('ALWAYS')
      p.expectWord('AS')
      if (p.acceptWord('IDENTITY')) {
        let start = 1
        let increment = 1
        if (p.acceptSym('(')) {
          const def = sequenceOptionsInParens(p)
          start = def.start
          increment = def.increment
        }
        identity = { column: name, always, onNull, start, increment }
        if (!column.sqliteType) column.sqliteType = 'NUMBER'
        continue
      }
      p.expectSym('(')
      column.generatedSql = expressionSql(p, p.expr(), 'a virtual column')
      p.expectSym(')')
      p.acceptWord('VIRTUAL')
      continue
    }
    if (p.isWord('AS') && p.isSym('(', 1)) {
      p.next()
      p.next()
      column.generatedSql = expressionSql(p, p.expr(), 'a virtual column')
      p.expectSym(')')
      p.acceptWord('VIRTUAL')
      continue
    }
    if (p.isWord('COLLATE') || p.isWord('ENCRYPT')) p.fail(`${p.peek().value} is not supported`)
    const c = columnConstraint(p, name, column)
    if (c === 'none') break
    if (c) constraints.push(c)
  }
  if (!column.sqliteType) column.sqliteType = 'NUMBER'
  return { column, constraints, ...(identity ? { identity } : {}), ...(defaultOnNull !== undefined ? { defaultOnNull } : {}) }
}

function sequenceOptionsInParens(p: Parser): { start: number; increment: number } {
  let start = 1
  let increment = 1
  let depth = 1
  while (depth > 0) {
    const t = p.next()
    if (t.kind === 'eof') p.fail('unclosed identity options')
    if (t.kind === 'punct' && t.value === '(') depth++
    else if (t.kind === 'punct' && t.value === ')') depth--
    else if (t.kind === 'word' && t.value === 'WITH' && p.peek().kind === 'number') start = Number(p.next().value)
    else if (t.kind === 'word' && t.value === 'BY' && p.peek().kind === 'number') increment = Number(p.next().value)
  }
  return { start, increment }
}

/** One inline constraint; 'none' when the next token starts none; undefined for NULL/disabled ones. */
function columnConstraint(p: Parser, column: string, def: ColumnDef): ConstraintDef | undefined | 'none' {
  let name: string | undefined
  if (p.acceptWord('CONSTRAINT')) name = p.ident('a constraint name').name
  let result: ConstraintDef | undefined
  if (p.acceptWord('NOT')) {
    p.expectWord('NULL')
    def.notNull = true
  } else if (p.acceptWord('NULL')) {
    // explicitly nullable
  } else if (p.acceptWord('PRIMARY')) {
    p.expectWord('KEY')
    result = { kind: 'PRIMARY KEY', columns: [column], ...(name ? { name } : {}) }
  } else if (p.acceptWord('UNIQUE')) {
    result = { kind: 'UNIQUE', columns: [column], ...(name ? { name } : {}) }
  } else if (p.acceptWord('REFERENCES')) {
    result = { kind: 'FOREIGN KEY', columns: [column], ...(name ? { name } : {}), ...references(p) }
  } else if (p.acceptWord('CHECK')) {
    p.expectSym('(')
    const e = p.expr()
    p.expectSym(')')
    result = { kind: 'CHECK', columns: [], checkSql: expressionSql(p, e, 'a CHECK constraint'), ...(name ? { name } : {}) }
  } else {
    if (name) p.fail('expected a constraint after CONSTRAINT name')
    return 'none'
  }
  const enabled = constraintStates(p)
  if (!enabled) {
    if (def.notNull && result === undefined) def.notNull = false
    return undefined
  }
  return result
}

function references(p: Parser): Pick<ConstraintDef, 'refTable' | 'refColumns' | 'onDelete'> {
  const refTable = p.qualifiedName('a table name').at(-1)?.name as string
  let refColumns: string[] | undefined
  if (p.acceptSym('(')) {
    refColumns = [p.ident('a column name').name]
    while (p.acceptSym(',')) refColumns.push(p.ident('a column name').name)
    p.expectSym(')')
  }
  let onDelete: 'CASCADE' | 'SET NULL' | undefined
  if (p.isWord('ON') && p.isWord('DELETE', 1)) {
    p.next()
    p.next()
    if (p.acceptWord('CASCADE')) onDelete = 'CASCADE'
    else {
      p.expectWord('SET')
      p.expectWord('NULL')
      onDelete = 'SET NULL'
    }
  }
  return { refTable, ...(refColumns ? { refColumns } : {}), ...(onDelete ? { onDelete } : {}) }
}

/** ENABLE/DISABLE/… after a constraint; false when the constraint is disabled (Oracle does not enforce it). */
function constraintStates(p: Parser): boolean {
  let enabled = true
  for (;;) {
    const t = p.peek()
    if (t.kind !== 'word' || !CONSTRAINT_STATES.has(t.value)) {
      if (t.kind === 'word' && t.value === 'NOT' && p.isWord('DEFERRABLE', 1)) {
        p.next()
        p.next()
        continue
      }
      return enabled
    }
    p.next()
    if (t.value === 'DISABLE') enabled = false
    if (t.value === 'USING') {
      p.expectWord('INDEX')
      skipIndexClause(p)
    }
    if (t.value === 'EXCEPTIONS') {
      p.expectWord('INTO')
      p.qualifiedName()
    }
  }
}

/** USING INDEX (CREATE INDEX …) | name | physical attributes: skipped up to the end of the element. */
function skipIndexClause(p: Parser): void {
  let depth = 0
  for (;;) {
    const t = p.peek()
    if (t.kind === 'eof') return
    if (depth === 0 && ((t.kind === 'punct' && (t.value === ',' || t.value === ')')) || (t.kind === 'word' && CONSTRAINT_STATES.has(t.value) && t.value !== 'USING'))) return
    if (t.kind === 'punct' && t.value === '(') depth++
    if (t.kind === 'punct' && t.value === ')') depth--
    p.next()
  }
}

function tableConstraint(p: Parser): ConstraintDef | undefined {
  let name: string | undefined
  if (p.acceptWord('CONSTRAINT')) name = p.ident('a constraint name').name
  const columnList = (): string[] => {
    p.expectSym('(')
    const cols = [p.ident('a column name').name]
    while (p.acceptSym(',')) cols.push(p.ident('a column name').name)
    p.expectSym(')')
    return cols
  }
  let c: ConstraintDef
  if (p.acceptWord('PRIMARY')) {
    p.expectWord('KEY')
    c = { kind: 'PRIMARY KEY', columns: columnList() }
  } else if (p.acceptWord('UNIQUE')) {
    c = { kind: 'UNIQUE', columns: columnList() }
  } else if (p.acceptWord('FOREIGN')) {
    p.expectWord('KEY')
    const columns = columnList()
    p.expectWord('REFERENCES')
    c = { kind: 'FOREIGN KEY', columns, ...references(p) }
  } else if (p.acceptWord('CHECK')) {
    p.expectSym('(')
    const e = p.expr()
    p.expectSym(')')
    c = { kind: 'CHECK', columns: [], checkSql: expressionSql(p, e, 'a CHECK constraint') }
  } else return p.fail('expected PRIMARY KEY, UNIQUE, FOREIGN KEY or CHECK')
  if (name) c.name = name
  return constraintStates(p) ? c : undefined
}

// ---- CREATE INDEX ---------------------------------------------------------------

function createIndex(p: Parser, unique: boolean): DdlStatement {
  const name = p.qualifiedName('an index name').at(-1)?.name as string
  p.expectWord('ON')
  const table = p.qualifiedName('a table name').at(-1)?.name as string
  p.expectSym('(')
  const columnsSql: string[] = []
  do {
    const sql = expressionSql(p, p.expr(), 'an index')
    const desc = p.acceptWord('DESC')
    if (!desc) p.acceptWord('ASC')
    columnsSql.push(desc ? `${sql} DESC` : sql)
  } while (p.acceptSym(','))
  p.expectSym(')')
  if (p.isWord('INDEXTYPE')) p.fail('domain indexes (INDEXTYPE IS …) are not supported')
  return { k: 'createIndex', name, table, unique, columnsSql }
}

// ---- ALTER / DROP -----------------------------------------------------------------

function alterStatement(p: Parser): DdlStatement {
  if (!p.acceptWord('TABLE')) {
    const what = p.peek().value
    // ALTER SESSION/TRIGGER/INDEX/SEQUENCE/PACKAGE … COMPILE: nothing to change in the simulated data.
    return { k: 'noop', kind: `alter ${what.toLowerCase()}` }
  }
  const table = p.qualifiedName('a table name').at(-1)?.name as string
  const actions: AlterAction[] = []
  if (p.acceptWord('ADD')) {
    const parens = p.acceptSym('(')
    do {
      if (p.isWord('CONSTRAINT') || p.isWord('PRIMARY') || p.isWord('UNIQUE') || p.isWord('FOREIGN') || p.isWord('CHECK')) {
        const c = tableConstraint(p)
        if (c) actions.push({ k: 'addConstraint', constraint: c })
      } else {
        const col = columnDefinition(p)
        actions.push({ k: 'addColumn', column: col.column, constraints: col.constraints, ...(col.identity ? { identity: col.identity } : {}), ...(col.defaultOnNull !== undefined ? { defaultOnNull: col.defaultOnNull } : {}) })
      }
    } while (parens && p.acceptSym(','))
    if (parens) p.expectSym(')')
  } else if (p.acceptWord('MODIFY')) {
    if (p.acceptWord('CONSTRAINT') || p.isWord('PRIMARY')) return { k: 'noop', kind: 'alter table modify constraint' }
    const parens = p.acceptSym('(')
    do {
      const name = p.ident('a column name').name
      const action: AlterAction & { k: 'modifyColumn' } = { k: 'modifyColumn', name, constraints: [] }
      if (p.peek().kind === 'word' && !['NOT', 'NULL', 'DEFAULT', 'CONSTRAINT', 'PRIMARY', 'UNIQUE', 'CHECK', 'REFERENCES'].includes(p.peek().value)) {
        action.oracleType = readType(p)
        action.sqliteType = sqliteTypeOf(action.oracleType, p)
      }
      const holder: ColumnDef = { name, oracleType: '', sqliteType: '', notNull: false }
      for (;;) {
        if (p.acceptWord('DEFAULT')) {
          action.defaultSql = p.acceptWord('NULL') ? null : expressionSql(p, p.expr(), 'a DEFAULT')
          continue
        }
        if (p.isWord('NULL')) {
          p.next()
          action.notNull = false
          continue
        }
        const c = columnConstraint(p, name, holder)
        if (c === 'none') break
        if (c) action.constraints.push(c)
        if (holder.notNull) action.notNull = true
      }
      actions.push(action)
    } while (parens && p.acceptSym(','))
    if (parens) p.expectSym(')')
  } else if (p.acceptWord('DROP')) {
    if (p.acceptWord('CONSTRAINT')) actions.push({ k: 'dropConstraint', name: p.ident('a constraint name').name })
    else if (p.acceptWord('PRIMARY')) {
      p.expectWord('KEY')
      actions.push({ k: 'dropPrimaryKey' })
    } else if (p.acceptWord('COLUMN')) actions.push({ k: 'dropColumn', name: p.ident('a column name').name })
    else if (p.acceptSym('(')) {
      do actions.push({ k: 'dropColumn', name: p.ident('a column name').name })
      while (p.acceptSym(','))
      p.expectSym(')')
    } else p.fail('expected CONSTRAINT, PRIMARY KEY or COLUMN')
    p.acceptWord('CASCADE')
    if (!p.acceptWord('KEEP')) p.acceptWord('DROP')
    p.acceptWord('INDEX')
  } else if (p.acceptWord('RENAME')) {
    if (p.acceptWord('COLUMN')) {
      const from = p.ident('a column name').name
      p.expectWord('TO')
      actions.push({ k: 'renameColumn', from, to: p.ident('a column name').name })
    } else if (p.acceptWord('CONSTRAINT')) {
      return { k: 'noop', kind: 'alter table rename constraint' }
    } else {
      p.expectWord('TO')
      actions.push({ k: 'renameTable', to: p.ident('a table name').name })
    }
  } else if (p.isWord('ENABLE') || p.isWord('DISABLE') || p.isWord('LOGGING') || p.isWord('NOLOGGING') || p.isWord('MOVE') || p.isWord('PARALLEL') || p.isWord('NOPARALLEL')) {
    return { k: 'noop', kind: `alter table ${p.peek().value.toLowerCase()}` }
  } else p.fail('unsupported ALTER TABLE clause')
  return { k: 'alterTable', table, actions }
}

function dropStatement(p: Parser): DdlStatement {
  const t = p.next()
  if (t.kind !== 'word') p.fail('expected an object type', t)
  let objectType = t.value
  if (objectType === 'PACKAGE' && p.acceptWord('BODY')) objectType = 'PACKAGE BODY'
  if (objectType === 'PUBLIC' && p.acceptWord('SYNONYM')) objectType = 'SYNONYM'
  const name = p.qualifiedName('a name').at(-1)?.name as string
  let cascade = false
  if (p.acceptWord('CASCADE')) {
    cascade = true
    p.acceptWord('CONSTRAINTS')
  }
  p.acceptWord('PURGE')
  p.acceptWord('FORCE')
  p.finish()
  if (!['TABLE', 'VIEW', 'SEQUENCE', 'INDEX', 'TRIGGER', 'PACKAGE', 'PACKAGE BODY', 'PROCEDURE', 'FUNCTION', 'TYPE', 'SYNONYM', 'MATERIALIZED'].includes(objectType)) {
    throw new SqlSyntaxError(`DROP ${objectType} is not supported`, t.line, t.col)
  }
  return { k: 'drop', objectType, name, cascade }
}
