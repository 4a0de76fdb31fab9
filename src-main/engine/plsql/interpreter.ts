/**
 * The PL/SQL tree-walking interpreter. Sandboxed: it reaches the outside world
 * only through the PlsqlHost (database, session state, APEX context), never
 * JavaScript `eval`. Every statement and expression evaluation costs one step
 * of the host's budget; running out stops the run with a clear error.
 */
import type { Arg, Block, CursorSource, Decl, EmbeddedSql, Expr, Param, Pos, Stmt, Subprogram, Target, TypeRef } from './ast'
import { apiCall, apiGlobal, API_SIGNATURES, type ApiContext } from './apex-api'
import { BUILTINS, type BuiltinContext } from './builtins'
import { apexCollectionsInlineView, CollectionError, inlineView } from './collections'
import { BudgetExceeded, PlsqlError, PREDEFINED_EXCEPTIONS, predefined } from './errors'
import type { PlsqlHost, SqlValue } from './host'
import { canonicalPackage, isSystemPackage } from './supported-apis'

/** APEX_APPLICATION globals SQL may name inside PL/SQL (scalars only; G_F01 … are arrays). */
const SQL_READABLE_GLOBALS = /^(G_X\d\d|G_USER|G_FLOW_ID|G_FLOW_STEP_ID|G_REQUEST|G_INSTANCE)$/
import { XML_METHOD_NAMES, xmlMethod } from './xmltype'
import { Scope, type CursorState, type RType, type Variable } from './scope'
import {
  PlsqlDate, compareValues, copyValue, isCollection, isRecord, newCollection, newRecord, toDate, toNumber, toText, toTruth, valueError,
  type CollectionValue, type RecordValue, type Value,
} from './values'

type Signal = { k: 'exit'; label?: string } | { k: 'continue'; label?: string } | { k: 'return'; value?: Value }

const TEXT_TYPES = new Set(['VARCHAR2', 'VARCHAR', 'CHAR', 'NCHAR', 'NVARCHAR2', 'STRING', 'CHARACTER', 'LONG', 'CLOB', 'NCLOB', 'ROWID', 'UROWID', 'XMLTYPE'])
const INTEGER_TYPES = new Set(['INTEGER', 'INT', 'SMALLINT', 'PLS_INTEGER', 'BINARY_INTEGER', 'SIMPLE_INTEGER', 'NATURAL', 'NATURALN', 'POSITIVE', 'POSITIVEN', 'SIGNTYPE'])
const NUMBER_TYPES = new Set(['NUMBER', 'FLOAT', 'REAL', 'DECIMAL', 'DEC', 'NUMERIC', 'DOUBLE', 'BINARY_DOUBLE', 'BINARY_FLOAT'])
const DATE_TYPES = new Set(['DATE', 'TIMESTAMP'])
/** Types of APEX/Oracle packages that are string collections. */
const STRING_TABLE_TYPES = new Set(['APEX_T_VARCHAR2', 'APEX_APPLICATION_GLOBAL.VC_ARR2', 'WWV_FLOW_GLOBAL.VC_ARR2', 'APEX_T_NUMBER', 'APEX_APPLICATION_GLOBAL.N_ARR', 'DBMS_SQL.VARCHAR2_TABLE', 'DBMS_SQL.NUMBER_TABLE', 'SYS.ODCIVARCHAR2LIST', 'ODCIVARCHAR2LIST', 'SYS.ODCINUMBERLIST', 'ODCINUMBERLIST'])
/** Largest string the interpreter builds (a runaway `s := s || s` fails instead of exhausting memory). */
const MAX_STRING = 32 * 1024 * 1024
const MAX_CALL_DEPTH = 200

export interface RunError {
  message: string
  line: number
  col: number
  oraCode?: number
}

export class Interpreter {
  steps = 0
  private readonly limit: number
  private sqlRowCount: number | null = null
  private sqlFound: boolean | null = null
  /** The exception being handled (SQLERRM / SQLCODE / RAISE; inside a handler). */
  private handling: PlsqlError[] = []
  private callDepth = 0
  /** Rows piped so far by each PIPELINED function running (innermost last). */
  private readonly pipes: Value[][] = []
  /** Set by TABLE(f(…)) from SQL for its one call: the only place a PIPELINED function may be called (PLS-00653). */
  tableCallPending = false
  readonly root = new Scope(null)
  private readonly builtinCtx: BuiltinContext
  private readonly apiCtx: ApiContext

  constructor(readonly host: PlsqlHost) {
    this.limit = host.budget.steps
    this.builtinCtx = { now: () => this.now(), item: (n) => this.item(n) }
    this.apiCtx = {
      host,
      now: () => this.now(),
      item: (n) => this.item(n),
      currentError: () => this.handling[this.handling.length - 1] ?? null,
      query: (sql, binds) => this.dbQuery(sql, (n) => (binds.has(n) ? (binds.get(n) ?? null) : this.itemOrUndefined(n))),
    }
  }

  // ------------------------------------------------------------ plumbing

  tick(pos: Pos): void {
    if (++this.steps > this.limit) {
      throw new BudgetExceeded(`PL/SQL step budget of ${this.limit} exceeded at line ${pos.line} col ${pos.col} (an infinite loop?)`, pos.line, pos.col)
    }
  }

  private now(): PlsqlDate {
    if (this.host.clock) return new PlsqlDate(this.host.clock().getTime())
    const r = this.dbQuery("select to_char(sysdate, 'YYYY-MM-DD HH24:MI:SS') from dual", () => undefined)
    return toDate((r.rows[0]?.[0] as string | null) ?? null) ?? new PlsqlDate(0)
  }

  private itemOrUndefined(name: string): string | null | undefined {
    return this.host.item(name)
  }

  /** A bind or V() of an unknown item is null (semantics.md §7: the host records the warning). */
  private item(name: string): string | null {
    return this.host.item(name) ?? null
  }

  private dbQuery(sql: string, binds: (n: string) => string | null | undefined, maxRows?: number): { columns: string[]; rows: SqlValue[][] } {
    try {
      return this.host.db.query(sql, binds, maxRows === undefined ? undefined : { maxRows })
    } catch (e) {
      throw sqlFailure(e)
    }
  }

  // ------------------------------------------------------------ entry points

  runBlock(block: Block): Value | undefined {
    const sig = this.execBlock(block, this.root)
    return sig?.k === 'return' ? sig.value : undefined
  }

  evalExpr(e: Expr): Value {
    return this.eval(e, this.root)
  }

  // ------------------------------------------------------------ blocks and declarations

  execBlock(block: Block, parent: Scope, label?: string): Signal | undefined {
    const scope = new Scope(parent, block.label ?? label)
    // An exception raised while declaring goes to the enclosing block, not to this block's handlers.
    this.declare(block.decls, scope)
    try {
      return this.execList(block.body, scope)
    } catch (e) {
      if (!(e instanceof PlsqlError) || block.handlers.length === 0) throw e
      const handler = block.handlers.find((h) => h.names.some((n) => this.matches(n, e, scope)))
      if (!handler) throw e
      this.handling.push(e)
      try {
        return this.execList(handler.body, scope)
      } finally {
        this.handling.pop()
      }
    }
  }

  private matches(name: string, e: PlsqlError, scope: Scope): boolean {
    if (name === 'OTHERS') return true
    const short = name.includes('.') ? (name.split('.').pop() as string) : name
    const declared = scope.findException(short) ?? (name.includes('.') ? this.packageException(name) : undefined)
    if (declared) {
      if (declared.code !== undefined) return e.code === declared.code
      return e.exceptionName === declared.name
    }
    const pre = PREDEFINED_EXCEPTIONS[short]
    // A user exception (SQLCODE 1) is never DUP_VAL_ON_INDEX (ORA-00001), though the numbers meet.
    const userDefined = e.exceptionName !== undefined && PREDEFINED_EXCEPTIONS[e.exceptionName] === undefined
    if (pre) return e.exceptionName === short || (!userDefined && e.code === pre.code)
    return e.exceptionName === short
  }

  private packageException(name: string): { name: string; code?: number } | undefined {
    const [pkg, ex] = name.split('.')
    if (!pkg || !ex) return undefined
    return this.packageScope(pkg)?.exceptions.get(ex)
  }

  declare(decls: Decl[], scope: Scope): void {
    for (const d of decls) {
      this.tick(d.pos)
      switch (d.k) {
        case 'var': {
          const type = this.resolveType(d.type, scope)
          let value = this.defaultValue(type)
          if (d.init) value = this.coerce(this.eval(d.init, scope), type)
          if (d.notNull && value === null) throw new PlsqlError(`PLS-00218: a variable declared NOT NULL must have an initialization assignment (${d.name})`, 218).at(d.pos.line, d.pos.col)
          scope.vars.set(d.name, { value, type, constant: d.constant, notNull: d.notNull })
          break
        }
        case 'exception':
          scope.exceptions.set(d.name, { name: d.name })
          break
        case 'exceptionInit': {
          const ex = scope.exceptions.get(d.name)
          if (!ex) throw new PlsqlError(`PLS-00109: unknown exception name ${d.name} in PRAGMA EXCEPTION_INIT`, 109).at(d.pos.line, d.pos.col)
          ex.code = Math.abs(d.code)
          break
        }
        case 'cursor':
          scope.cursors.set(d.name, { def: { name: d.name, params: d.params, sql: d.sql, scope }, open: false, columns: [], rows: [], next: 0, fetched: 0, found: null })
          break
        case 'type':
          if (!d.name.startsWith('__PRAGMA_')) scope.types.set(d.name, this.resolveTypeDef(d.def, scope))
          break
        case 'subprogram': {
          const list = scope.subs.get(d.sub.name) ?? []
          // A body replaces its forward declaration / spec entry with the same parameter names.
          const same = list.findIndex((x) => sameSignature(x.sub, d.sub))
          if (same >= 0 && d.sub.body) list[same] = { sub: d.sub, scope }
          else if (same < 0) list.push({ sub: d.sub, scope })
          scope.subs.set(d.sub.name, list)
          break
        }
      }
    }
  }

  private resolveTypeDef(def: import('./ast').TypeDef, scope: Scope): RType {
    if (def.k === 'record') {
      const fields: [string, RType][] = def.fields.map((f) => [f.name, this.resolveType(f.type, scope)])
      const defaults = new Map<string, Value>()
      def.fields.forEach((f, i) => {
        if (f.init) defaults.set(f.name, this.coerce(this.eval(f.init, scope), (fields[i] as [string, RType])[1]))
      })
      return { k: 'record', fields, defaults }
    }
    if (def.k === 'collection') return { k: 'collection', of: this.resolveType(def.of, scope), indexByString: def.indexByString }
    return this.resolveType(def.of, scope)
  }

  resolveType(t: TypeRef, scope: Scope): RType {
    if (t.k === 'scalar') return { k: 'scalar', name: t.name, length: t.length, precision: t.precision, scale: t.scale }
    if (t.k === 'named') {
      const full = t.parts.join('.')
      if (t.parts.length === 1) {
        const found = scope.findType(full)
        if (found) return found
      }
      if (STRING_TABLE_TYPES.has(full)) return { k: 'collection', of: { k: 'any' }, indexByString: false }
      if (t.parts.length === 2) {
        const pkg = this.packageScope(t.parts[0] as string)
        const pt = pkg?.types.get(t.parts[1] as string)
        if (pt) return pt
      }
      throw new PlsqlError(`PLS-00201: identifier '${full}' must be declared`, 201).at(t.pos.line, t.pos.col)
    }
    // Anchored: x%TYPE, rec.field%TYPE, table.column%TYPE, table%ROWTYPE, cursor%ROWTYPE.
    if (t.attr === 'TYPE') {
      const v = scope.findVar(t.parts[0] as string)
      if (v) {
        let rt: RType = v.type
        for (const f of t.parts.slice(1)) rt = rt.k === 'record' && rt.fields ? (rt.fields.find(([n]) => n === f)?.[1] ?? { k: 'any' }) : { k: 'any' }
        return rt
      }
      if (t.parts.length === 2) {
        const pkgVar = this.packageScope(t.parts[0] as string)?.vars.get(t.parts[1] as string)
        if (pkgVar) return pkgVar.type
      }
      // table.column%TYPE: the column's Oracle type is not known here; the value is taken as it comes.
      return { k: 'any' }
    }
    if (t.parts.length === 1 && scope.findCursor(t.parts[0] as string)) return { k: 'record', fields: null }
    const table = t.parts[t.parts.length - 1] as string
    try {
      const r = this.host.db.query(`select * from ${table} where 1 = 0`, () => undefined, { maxRows: 0 })
      return { k: 'record', fields: r.columns.map((c) => [c.toUpperCase(), { k: 'any' }]) }
    } catch {
      return { k: 'record', fields: null }
    }
  }

  defaultValue(t: RType): Value {
    if (t.k === 'record') return newRecord(t.fields ? t.fields.map(([n, ft]) => [n, copyValue(t.defaults?.get(n) ?? this.defaultValue(ft))]) : [])
    if (t.k === 'collection') return newCollection(t.indexByString)
    return null
  }

  /** Assignment conversion to a declared type, with Oracle's ORA-06502 checks. */
  coerce(v: Value, t: RType): Value {
    switch (t.k) {
      case 'any':
        return typeof v === 'string' && v === '' ? null : copyValue(v)
      case 'record':
        if (v === null) return this.defaultValue(t)
        if (!isRecord(v)) throw valueError('a record was expected')
        if (!t.fields) return copyValue(v)
        return newRecord(t.fields.map(([n, ft]) => [n, this.coerce(v.fields.get(n) ?? null, ft)]))
      case 'collection':
        if (v === null) return newCollection(t.indexByString)
        if (!isCollection(v)) throw valueError('a collection was expected')
        return copyValue(v)
      case 'scalar':
        return coerceScalar(v, t)
    }
  }

  // ------------------------------------------------------------ statements

  execList(stmts: Stmt[], scope: Scope): Signal | undefined {
    for (const s of stmts) {
      const sig = this.exec(s, scope)
      if (sig) return sig
    }
    return undefined
  }

  exec(s: Stmt, scope: Scope): Signal | undefined {
    this.tick(s.pos)
    try {
      return this.execInner(s, scope)
    } catch (e) {
      if (e instanceof PlsqlError) e.at(s.pos.line, s.pos.col)
      else if (e instanceof CollectionError) throw new PlsqlError(`ORA-${e.oraCode}: ${e.message}`, e.oraCode).at(s.pos.line, s.pos.col)
      throw e
    }
  }

  private execInner(s: Stmt, scope: Scope): Signal | undefined {
    switch (s.k) {
      case 'null':
      case 'transaction':
        return undefined
      case 'pipeRow': {
        const rows = this.pipes[this.pipes.length - 1]
        if (rows === undefined) throw new PlsqlError('PLS-00629: PIPE statement cannot be used in non-pipelined functions', 629)
        // A copy: functions fill one record variable and pipe it again and again.
        rows.push(copyValue(this.eval(s.value, scope)))
        return undefined
      }
      case 'assign':
        this.assign(s.target, this.eval(s.value, scope), scope)
        return undefined
      case 'call':
        if (s.call.k === 'name') this.callNamed(s.call.parts, [], scope, s.call.pos, true)
        else this.callNamed(s.call.parts, s.call.args, scope, s.call.pos, true)
        return undefined
      case 'if': {
        for (const b of s.branches) if (toTruth(this.eval(b.cond, scope)) === true) return this.execList(b.body, scope)
        return s.else ? this.execList(s.else, scope) : undefined
      }
      case 'case': {
        const subject = s.subject ? this.eval(s.subject, scope) : undefined
        for (const w of s.whens) {
          const v = this.eval(w.when, scope)
          const hit = subject === undefined ? toTruth(v) === true : compareValues(subject, v) === 0
          if (hit) return this.execList(w.body, scope)
        }
        if (s.else) return this.execList(s.else, scope)
        throw predefined('CASE_NOT_FOUND')
      }
      case 'loop':
        for (;;) {
          this.tick(s.pos)
          const sig = this.execList(s.body, scope)
          const r = loopSignal(sig, s.label)
          if (r === 'break') return undefined
          if (r !== 'next') return r
        }
      case 'while':
        while (toTruth(this.eval(s.cond, scope)) === true) {
          const r = loopSignal(this.execList(s.body, scope), s.label)
          if (r === 'break') return undefined
          if (r !== 'next') return r
        }
        return undefined
      case 'forNum': {
        const lo = toNumber(this.eval(s.lo, scope))
        const hi = toNumber(this.eval(s.hi, scope))
        if (lo === null || hi === null) throw valueError('a FOR loop bound is NULL')
        const from = Math.round(lo)
        const to = Math.round(hi)
        const loopScope = new Scope(scope, s.label)
        const index: Variable = { value: from, type: { k: 'scalar', name: 'PLS_INTEGER' }, constant: true, notNull: true }
        loopScope.vars.set(s.index, index)
        for (let i = s.reverse ? to : from; s.reverse ? i >= from : i <= to; i += s.reverse ? -1 : 1) {
          this.tick(s.pos)
          index.value = i
          const r = loopSignal(this.execList(s.body, loopScope), s.label)
          if (r === 'break') return undefined
          if (r !== 'next') return r
        }
        return undefined
      }
      case 'forCursor':
        return this.forCursor(s.record, s.source, s.body, s.label, scope, s.pos)
      case 'exit':
      case 'continue':
        if (s.when && toTruth(this.eval(s.when, scope)) !== true) return undefined
        return { k: s.k, label: s.label }
      case 'return':
        return { k: 'return', value: s.value ? this.eval(s.value, scope) : undefined }
      case 'raise':
        throw this.raise(s.name, scope)
      case 'sql':
        this.execSql(s.sql, s.into, s.bulk, scope)
        return undefined
      case 'open': {
        const c = this.cursor(s.cursor, scope, s.pos)
        if (c.open) throw predefined('CURSOR_ALREADY_OPEN')
        this.openCursor(c, s.args, scope)
        return undefined
      }
      case 'fetch': {
        const c = this.cursor(s.cursor, scope, s.pos)
        if (!c.open) throw predefined('INVALID_CURSOR')
        if (s.bulk) {
          const rows = c.rows.slice(c.next)
          c.next = c.rows.length
          c.fetched += rows.length
          c.found = rows.length > 0
          this.bulkInto(s.into, c.columns, rows, scope)
          return undefined
        }
        const row = c.rows[c.next]
        if (!row) {
          c.found = false
          return undefined
        }
        c.next++
        c.fetched++
        c.found = true
        this.into(s.into, c.columns, row, scope)
        return undefined
      }
      case 'close': {
        const c = this.cursor(s.cursor, scope, s.pos)
        if (!c.open) throw predefined('INVALID_CURSOR')
        c.open = false
        c.rows = []
        return undefined
      }
      case 'block': {
        const sig = this.execBlock(s.block, scope)
        if (sig && (sig.k === 'exit' || sig.k === 'continue') && sig.label !== undefined && sig.label === s.block.label) return undefined
        return sig
      }
    }
  }

  private raise(name: string[] | undefined, scope: Scope): PlsqlError {
    if (!name) {
      const current = this.handling[this.handling.length - 1]
      if (!current) return new PlsqlError('PLS-00367: a RAISE statement with no exception name must be inside an exception handler', 367)
      return current
    }
    const last = name[name.length - 1] as string
    const declared = name.length === 1 ? scope.findException(last) : this.packageException(name.join('.'))
    if (declared) {
      if (declared.code !== undefined) return new PlsqlError(`ORA-${String(declared.code).padStart(5, '0')}: `, declared.code, declared.name)
      return new PlsqlError('ORA-06510: PL/SQL: unhandled user-defined exception', 1, declared.name)
    }
    if (PREDEFINED_EXCEPTIONS[last]) return predefined(last)
    return new PlsqlError(`PLS-00201: identifier '${name.join('.')}' must be declared`, 201)
  }

  private forCursor(record: string, source: CursorSource, body: Stmt[], label: string | undefined, scope: Scope, pos: Pos): Signal | undefined {
    let columns: string[]
    let rows: SqlValue[][]
    let cursor: CursorState | undefined
    if (source.k === 'sql') {
      const r = this.query(source.sql, scope)
      columns = r.columns
      rows = r.rows
    } else {
      cursor = this.cursor(source.name, scope, pos)
      if (cursor.open) throw predefined('CURSOR_ALREADY_OPEN')
      this.openCursor(cursor, source.args, scope)
      columns = cursor.columns
      rows = cursor.rows
    }
    const loopScope = new Scope(scope, label)
    const rec: Variable = { value: null, type: { k: 'record', fields: null }, constant: false, notNull: false }
    loopScope.vars.set(record, rec)
    try {
      for (const row of rows) {
        this.tick(pos)
        rec.value = rowRecord(columns, row)
        if (cursor) {
          cursor.next++
          cursor.fetched++
          cursor.found = true
        }
        const r = loopSignal(this.execList(body, loopScope), label)
        if (r === 'break') return undefined
        if (r !== 'next') return r
      }
      return undefined
    } finally {
      if (cursor) {
        cursor.open = false
        cursor.rows = []
      }
    }
  }

  private cursor(name: string[], scope: Scope, pos: Pos): CursorState {
    const c = name.length === 1 ? scope.findCursor(name[0] as string) : this.packageScope(name[0] as string)?.cursors.get(name[1] as string)
    if (!c) throw new PlsqlError(`PLS-00201: identifier '${name.join('.')}' must be declared (not a cursor)`, 201).at(pos.line, pos.col)
    return c
  }

  private openCursor(c: CursorState, args: Arg[], scope: Scope): void {
    const paramScope = new Scope(c.def.scope)
    this.bindParams(c.def.params, args, scope, paramScope, c.def.name)
    const r = this.query(c.def.sql, paramScope)
    c.columns = r.columns
    c.rows = r.rows
    c.next = 0
    c.fetched = 0
    c.found = null
    c.open = true
  }

  // ------------------------------------------------------------ embedded SQL

  /** The statement's text with PL/SQL references turned into binds, and the lookup that serves them. */
  buildSql(sql: EmbeddedSql, scope: Scope): { text: string; binds: Map<string, string | null> } {
    const binds = new Map<string, string | null>()
    let text = ''
    const bind = (v: Value): string => {
      const name = `__v${binds.size + 1}`
      binds.set(name, toText(v))
      return `:"${name}"`
    }
    for (const p of sql.pieces) {
      if (!('name' in p)) {
        text += p.text
        continue
      }
      if (p.name.length === 1 && p.name[0] === 'APEX_COLLECTIONS') {
        text += this.apexCollectionsSubquery(bind)
        continue
      }
      const view = p.name.length === 1 && (p.name[0] as string).startsWith('APEX_') ? this.host.apex.view?.(p.name[0] as string) : undefined
      if (view) {
        text += inlineView(view.columns, view.rows, bind)
        continue
      }
      const qualifiedBySql = p.name.length > 1 && sql.aliases?.includes(p.name[0] as string)
      let found = qualifiedBySql ? undefined : this.sqlReference(p.name, scope)
      // Oracle's rule: inside a query, a column of a table the statement names wins over a variable of the same name.
      if (found && p.name.length === 1 && sql.verb !== 'INSERT' && sql.verb !== 'MERGE' && this.isColumnOf(p.name[0] as string, sql.aliases ?? [])) found = undefined
      text += found ? bind(found.value) : p.text
    }
    return { text, binds }
  }

  /** Column names of the tables a statement names (cached for the run; names that are not tables have none). */
  private readonly tableColumns = new Map<string, Set<string>>()

  private isColumnOf(name: string, tables: string[]): boolean {
    for (const t of tables) {
      let cols = this.tableColumns.get(t)
      if (!cols) {
        try {
          cols = new Set(this.host.db.query(`select * from ${t} where 1 = 0`, () => undefined, { maxRows: 0 }).columns.map((c) => c.toUpperCase()))
        } catch {
          cols = new Set()
        }
        this.tableColumns.set(t, cols)
      }
      if (cols.has(name)) return true
    }
    return false
  }

  /** A PL/SQL variable, record field or package variable named in SQL — or undefined (then it is SQL's own name). */
  private sqlReference(parts: string[], scope: Scope): { value: Value } | undefined {
    const v = scope.findVar(parts[0] as string)
    if (v) {
      if (parts.length === 1) return isRecord(v.value) || isCollection(v.value) ? undefined : { value: v.value }
      if (parts.length === 2 && isRecord(v.value) && v.value.fields.has(parts[1] as string)) return { value: v.value.fields.get(parts[1] as string) ?? null }
      return undefined
    }
    if (parts.length === 2) {
      const labelled = scope.findLabelled(parts[0] as string)
      const lv = labelled?.vars.get(parts[1] as string)
      if (lv) return { value: lv.value }
      if (this.host.packages.getPackage(parts[0] as string)) {
        const pv = this.packageScope(parts[0] as string)?.vars.get(parts[1] as string)
        if (pv) return { value: pv.value }
      }
      // APEX_APPLICATION's scalar globals (G_X01 … G_X20, G_USER, G_FLOW_ID, …) are package
      // variables in APEX, so SQL inside PL/SQL may name them: bound like any PL/SQL variable.
      if (canonicalPackage(parts[0] as string) === 'APEX_APPLICATION' && SQL_READABLE_GLOBALS.test(parts[1] as string)) {
        const value = apiGlobal('APEX_APPLICATION', parts[1] as string, this.apiCtx)
        if (!isCollection(value) && !isRecord(value)) return { value }
      }
    }
    return undefined
  }

  private apexCollectionsSubquery(bind: (v: Value) => string): string {
    return apexCollectionsInlineView(this.host.apex.collections, bind)
  }

  private query(sql: EmbeddedSql, scope: Scope, maxRows?: number): { columns: string[]; rows: SqlValue[][] } {
    const { text, binds } = this.buildSql(sql, scope)
    return this.dbQuery(text, (n) => (binds.has(n) ? (binds.get(n) ?? null) : this.itemOrUndefined(n)), maxRows)
  }

  private execSql(sql: EmbeddedSql, into: Target[], bulk: boolean, scope: Scope): void {
    if (sql.verb === 'SELECT' || sql.verb === 'WITH' || sql.verb === '(') {
      const r = this.query(sql, scope, bulk ? undefined : 2)
      if (bulk) {
        this.sqlRowCount = r.rows.length
        this.bulkInto(into, r.columns, r.rows, scope)
        return
      }
      if (r.rows.length === 0) {
        this.sqlRowCount = 0
        this.sqlFound = false
        throw predefined('NO_DATA_FOUND')
      }
      if (r.rows.length > 1) {
        this.sqlRowCount = 2
        this.sqlFound = true
        throw predefined('TOO_MANY_ROWS')
      }
      this.sqlRowCount = 1
      this.sqlFound = true
      this.into(into, r.columns, r.rows[0] as SqlValue[], scope)
      return
    }
    const { text, binds } = this.buildSql(sql, scope)
    let result: { rowCount: number; returning?: SqlValue[][] }
    try {
      result = this.host.db.execute(text, (n) => (binds.has(n) ? (binds.get(n) ?? null) : this.itemOrUndefined(n)))
    } catch (e) {
      throw sqlFailure(e)
    }
    this.sqlRowCount = result.rowCount
    this.sqlFound = result.rowCount > 0
    if (into.length > 0) {
      const rows = result.returning ?? []
      if (bulk) this.bulkInto(into, [], rows, scope)
      else if (rows.length === 0) {
        for (const t of into) this.assign(t, null, scope)
      } else if (rows.length > 1) throw predefined('TOO_MANY_ROWS')
      else this.into(into, [], rows[0] as SqlValue[], scope)
    }
  }

  /** INTO targets: one record takes the whole row (by column name, else by position), or one target per column. */
  private into(targets: Target[], columns: string[], row: SqlValue[], scope: Scope): void {
    if (targets.length === 1 && row.length > 1) {
      const t = targets[0] as Target
      const current = this.targetValue(t, scope)
      if (current !== undefined && isRecord(current)) {
        this.assign(t, rowRecord(columns, row, current), scope)
        return
      }
    }
    if (targets.length !== row.length) throw new PlsqlError(`PLS-00394: wrong number of values in the INTO list of a FETCH/SELECT (${targets.length} variables, ${row.length} columns)`, 394)
    targets.forEach((t, i) => this.assign(t, row[i] ?? null, scope))
  }

  private bulkInto(targets: Target[], columns: string[], rows: SqlValue[][], scope: Scope): void {
    if (targets.length === 1 && (rows[0]?.length ?? 0) > 1) {
      const c = newCollection()
      rows.forEach((r, i) => c.items.set(i + 1, rowRecord(columns, r)))
      this.assign(targets[0] as Target, c, scope)
      return
    }
    targets.forEach((t, col) => {
      const c = newCollection()
      rows.forEach((r, i) => c.items.set(i + 1, r[col] ?? null))
      this.assign(t, c, scope)
    })
  }

  // ------------------------------------------------------------ assignment

  /** The current value of a target, when it is a plain variable (undefined otherwise). */
  private targetValue(t: Target, scope: Scope): Value | undefined {
    if (t.k === 'name') {
      const v = scope.findVar(t.parts[0] as string)
      if (!v) return undefined
      let val: Value = v.value
      for (const f of t.parts.slice(1)) {
        if (!isRecord(val)) return undefined
        val = val.fields.get(f) ?? null
      }
      return val
    }
    return undefined
  }

  assign(t: Target, value: Value, scope: Scope): void {
    switch (t.k) {
      case 'bind': {
        if (typeof value === 'boolean') throw valueError(`a BOOLEAN cannot be assigned to :${t.name}`)
        this.host.setItem(t.name, toText(value))
        return
      }
      case 'name': {
        const [first, ...rest] = t.parts as [string, ...string[]]
        let v = scope.findVar(first)
        let path = rest
        if (!v && rest.length > 0) {
          v = scope.findLabelled(first)?.vars.get(rest[0] as string) ?? this.packageVar(first, rest[0] as string)
          path = rest.slice(1)
        }
        if (!v) throw new PlsqlError(`PLS-00201: identifier '${t.parts.join('.')}' must be declared`, 201).at(t.pos.line, t.pos.col)
        if (v.constant) throw new PlsqlError(`PLS-00363: expression '${t.parts.join('.')}' cannot be used as an assignment target`, 363).at(t.pos.line, t.pos.col)
        if (path.length === 0) {
          const nv = this.coerce(value, v.type)
          if (v.notNull && nv === null) throw valueError(`NULL assigned to ${first}, declared NOT NULL`)
          v.value = nv
          return
        }
        let rec: Value = v.value
        let rtype: RType = v.type
        for (let i = 0; i < path.length - 1; i++) {
          if (!isRecord(rec)) throw new PlsqlError(`PLS-00302: component '${path[i]}' must be declared`, 302).at(t.pos.line, t.pos.col)
          rtype = fieldType(rtype, path[i] as string)
          rec = rec.fields.get(path[i] as string) ?? null
        }
        if (!isRecord(rec)) throw new PlsqlError(`PLS-00302: component '${path[path.length - 1]}' must be declared`, 302).at(t.pos.line, t.pos.col)
        const field = path[path.length - 1] as string
        const ft = fieldType(rtype, field)
        if (rtype.k === 'record' && rtype.fields && !rtype.fields.some(([n]) => n === field)) {
          throw new PlsqlError(`PLS-00302: component '${field}' must be declared`, 302).at(t.pos.line, t.pos.col)
        }
        rec.fields.set(field, this.coerce(value, ft))
        return
      }
      case 'call': {
        // coll(i) := value  (or rec.coll(i) := value)
        const { collection, type } = this.collectionRef(t.parts, scope, t.pos)
        if (t.args.length !== 1) throw new PlsqlError('PLS-00306: wrong number of subscripts', 306).at(t.pos.line, t.pos.col)
        const key = this.subscript(collection, this.eval((t.args[0] as Arg).value, scope))
        collection.items.set(key, this.coerce(value, type.of))
        return
      }
      case 'member': {
        // coll(i).field := value
        const base = t.target
        if (base.k !== 'call') throw new PlsqlError('PLS-00363: this cannot be assigned to', 363).at(t.pos.line, t.pos.col)
        const { collection, type } = this.collectionRef(base.parts, scope, t.pos)
        const key = this.subscript(collection, this.eval((base.args[0] as Arg).value, scope))
        let rec = collection.items.get(key)
        if (rec === undefined || rec === null) {
          rec = this.defaultValue(type.of)
          collection.items.set(key, rec)
        }
        if (!isRecord(rec)) throw new PlsqlError(`PLS-00302: component '${t.field}' must be declared`, 302).at(t.pos.line, t.pos.col)
        rec.fields.set(t.field, this.coerce(value, fieldType(type.of, t.field)))
        return
      }
    }
  }

  private packageVar(pkg: string, name: string): Variable | undefined {
    if (!this.host.packages.getPackage(pkg)) return undefined
    return this.packageScope(pkg)?.vars.get(name)
  }

  private collectionRef(parts: string[], scope: Scope, pos: Pos): { collection: CollectionValue; type: { k: 'collection'; of: RType; indexByString: boolean } } {
    const [first, ...rest] = parts as [string, ...string[]]
    const v = scope.findVar(first) ?? (rest.length > 0 ? this.packageVar(first, rest.shift() as string) : undefined)
    if (!v) throw new PlsqlError(`PLS-00201: identifier '${parts.join('.')}' must be declared`, 201).at(pos.line, pos.col)
    let val: Value = v.value
    let type: RType = v.type
    for (const f of rest) {
      if (!isRecord(val)) throw new PlsqlError(`PLS-00302: component '${f}' must be declared`, 302).at(pos.line, pos.col)
      type = fieldType(type, f)
      val = val.fields.get(f) ?? null
    }
    if (!isCollection(val)) throw new PlsqlError(`PLS-00308: '${parts.join('.')}' is not a collection`, 308).at(pos.line, pos.col)
    const ct = type.k === 'collection' ? type : { k: 'collection' as const, of: { k: 'any' as const }, indexByString: val.indexByString }
    return { collection: val, type: ct }
  }

  private subscript(c: CollectionValue, v: Value): string | number {
    if (v === null) throw valueError('NULL index table key value')
    if (c.indexByString) return toText(v) as string
    const n = toNumber(v) as number
    return Math.round(n)
  }

  // ------------------------------------------------------------ calls

  /** A call statement or expression `parts(args)`; returns the function's value (undefined for procedures). */
  callNamed(parts: string[], args: Arg[], scope: Scope, pos: Pos, statement: boolean): Value {
    const first = parts[0] as string
    // A collection type's constructor: t(), t(1, 2), apex_t_varchar2('a', 'b').
    const ctor = parts.length === 1 ? scope.findType(first) : undefined
    if (!statement && (ctor?.k === 'collection' || STRING_TABLE_TYPES.has(parts.join('.')))) {
      const of: RType = ctor?.k === 'collection' ? ctor.of : { k: 'any' }
      const c = newCollection(false)
      args.forEach((a, i) => c.items.set(i + 1, this.coerce(this.eval(a.value, scope), of)))
      return c
    }
    // A collection element or method: coll(i), coll.exists(i), rec.coll(i).
    const v = scope.findVar(first)
    if (v) {
      // An XMLType member function on a variable or record field: l_xml.getClobVal(), c1.xmltype001.extract('/a').
      const method = parts[parts.length - 1] as string
      if (parts.length >= 2 && XML_METHOD_NAMES.has(method)) {
        const self = this.readName(parts.slice(0, -1), scope, pos)
        if (!isRecord(self) && !isCollection(self)) return xmlMethod(self, method, args.map((a) => this.eval(a.value, scope)))
      }
      return this.collectionCall(parts, args, scope, pos, statement)
    }
    if (parts.length === 1) {
      const subs = scope.findSubs(first)
      if (subs) return this.invoke(subs, args, scope, pos, first, statement)
      if (first === 'RAISE_APPLICATION_ERROR') throw this.raiseApplicationError(args, scope)
      if (first === 'SQLERRM') return this.sqlerrm(args.length ? toNumber(this.eval((args[0] as Arg).value, scope)) : undefined)
      const builtin = BUILTINS[first]
      if (builtin) return capped(builtin(args.map((a) => this.eval(a.value, scope)), this.builtinCtx), pos)
      const standalone = this.host.packages.getStandalone(first)
      if (standalone) {
        if (!standalone.sub) throw notSimulatedCall(first, standalone.notSimulated)
        return this.invoke([{ sub: standalone.sub, scope: this.root }], args, scope, pos, first, statement)
      }
      if (!statement) return this.sqlFunction(first, args, scope)
      throw new PlsqlError(`PLS-00201: identifier '${first}' must be declared`, 201).at(pos.line, pos.col)
    }
    // pkg.member or schema.pkg.member, or label.sub
    const [rawPkg, member] = (parts.length >= 3 ? [parts[parts.length - 2], parts[parts.length - 1]] : parts) as [string, string]
    const pkg = canonicalPackage(rawPkg)
    const labelled = scope.findLabelled(pkg)
    const labelledSubs = labelled?.subs.get(member)
    if (labelledSubs) return this.invoke(labelledSubs, args, scope, pos, member, statement)
    if (isSystemPackage(pkg)) return this.apexCall(pkg, member, args, scope, pos)
    if (pkg === 'SYS' && BUILTINS[member]) return (BUILTINS[member] as (a: Value[], c: BuiltinContext) => Value)(args.map((a) => this.eval(a.value, scope)), this.builtinCtx)
    const def = this.host.packages.getPackage(pkg)
    if (def) {
      if (def.notSimulated) throw notSimulatedCall(`${pkg}.${member}`, def.notSimulated)
      const ps = this.packageScope(pkg)
      const subs = ps?.subs.get(member)
      if (subs) return this.invoke(subs, args, scope, pos, `${pkg}.${member}`, statement)
      const pv = ps?.vars.get(member)
      if (pv && args.length === 0) return pv.value
      if (pv && isCollection(pv.value)) return this.element(pv.value, this.eval((args[0] as Arg).value, scope))
    }
    throw new PlsqlError(`PLS-00201: identifier '${parts.join('.')}' must be declared`, 201).at(pos.line, pos.col)
  }

  private raiseApplicationError(args: Arg[], scope: Scope): PlsqlError {
    const code = toNumber(args[0] ? this.eval(args[0].value, scope) : null)
    const msg = args[1] ? toText(this.eval(args[1].value, scope)) : null
    if (code === null || code > -20000 || code < -20999) {
      return new PlsqlError(`ORA-21000: error number argument to raise_application_error of ${code} is out of range`, 21000)
    }
    return new PlsqlError(`ORA${code}: ${msg ?? ''}`, -code)
  }

  private sqlerrm(code?: number | null): string {
    if (code !== undefined && code !== null) {
      if (code === 0) return 'ORA-0000: normal, successful completion'
      const pre = Object.values(PREDEFINED_EXCEPTIONS).find((p) => p.code === Math.abs(code))
      return pre?.message ?? `ORA${code < 0 ? '' : '-'}${String(code)}: message ${Math.abs(code)} not found`
    }
    const e = this.handling[this.handling.length - 1]
    if (!e) return 'ORA-0000: normal, successful completion'
    return e.code === 1 && e.exceptionName && !PREDEFINED_EXCEPTIONS[e.exceptionName] ? 'User-Defined Exception' : e.message
  }

  private sqlcode(): number {
    const e = this.handling[this.handling.length - 1]
    if (!e) return 0
    if (e.exceptionName === 'NO_DATA_FOUND') return 100
    return e.code === 1 && e.exceptionName && !PREDEFINED_EXCEPTIONS[e.exceptionName] ? 1 : -e.code
  }

  /** A function the interpreter does not know, evaluated by the database: SELECT f(:a1, …) FROM dual. */
  private sqlFunction(name: string, args: Arg[], scope: Scope): Value {
    if (args.some((a) => a.name)) throw new PlsqlError(`PLS-00201: identifier '${name}' must be declared`, 201)
    const values = args.map((a) => toText(this.eval(a.value, scope)))
    const sql = `select ${name}(${values.map((_, i) => `:"__a${i + 1}"`).join(', ')}) from dual`
    let r: { columns: string[]; rows: SqlValue[][] }
    try {
      r = this.host.db.query(sql, (n) => (n.startsWith('__a') ? (values[Number(n.slice(3)) - 1] ?? null) : undefined))
    } catch (e) {
      throw new PlsqlError(`PLS-00201: identifier '${name}' must be declared (the database did not know it either: ${e instanceof Error ? e.message : String(e)})`, 201)
    }
    return r.rows[0]?.[0] ?? null
  }

  private collectionCall(parts: string[], args: Arg[], scope: Scope, pos: Pos, statement: boolean): Value {
    const method = parts[parts.length - 1] as string
    const isMethod = parts.length > 1 && COLLECTION_METHODS.has(method)
    if (!isMethod) {
      if (statement) throw new PlsqlError(`PLS-00221: '${parts.join('.')}' is not a procedure or is undefined`, 221).at(pos.line, pos.col)
      const { collection } = this.collectionRef(parts, scope, pos)
      if (args.length !== 1) throw new PlsqlError('PLS-00306: wrong number of subscripts', 306).at(pos.line, pos.col)
      return this.element(collection, this.eval((args[0] as Arg).value, scope))
    }
    const { collection: c } = this.collectionRef(parts.slice(0, -1), scope, pos)
    const arg = (i: number): Value => (args[i] ? this.eval((args[i] as Arg).value, scope) : null)
    const keys = (): (string | number)[] => sortedKeys(c)
    switch (method) {
      case 'COUNT':
        return c.items.size
      case 'FIRST':
        return keys()[0] ?? null
      case 'LAST': {
        const k = keys()
        return k[k.length - 1] ?? null
      }
      case 'EXISTS':
        return c.items.has(this.subscript(c, arg(0)))
      case 'NEXT':
      case 'PRIOR': {
        const at = arg(0)
        if (at === null) return null
        const key = this.subscript(c, at)
        const k = keys()
        if (method === 'NEXT') return k.find((x) => (typeof x === 'number' && typeof key === 'number' ? x > key : String(x) > String(key))) ?? null
        return [...k].reverse().find((x) => (typeof x === 'number' && typeof key === 'number' ? x < key : String(x) < String(key))) ?? null
      }
      case 'DELETE':
        if (args.length === 0) c.items.clear()
        else if (args.length === 1) c.items.delete(this.subscript(c, arg(0)))
        else {
          const lo = this.subscript(c, arg(0))
          const hi = this.subscript(c, arg(1))
          for (const k of keys()) if (k >= lo && k <= hi) c.items.delete(k)
        }
        return null
      case 'EXTEND': {
        const n = args.length ? (toNumber(arg(0)) ?? 0) : 1
        const last = keys().filter((k): k is number => typeof k === 'number')
        let next = (last[last.length - 1] ?? 0) + 1
        // Each new element costs a step, so EXTEND(1e9) meets the budget instead of exhausting memory.
        for (let i = 0; i < n; i++) {
          this.tick(pos)
          c.items.set(next++, null)
        }
        return null
      }
      case 'TRIM': {
        const n = args.length ? (toNumber(arg(0)) ?? 0) : 1
        const k = keys()
        for (let i = 0; i < n; i++) {
          const last = k.pop()
          if (last === undefined) throw predefined('SUBSCRIPT_BEYOND_COUNT')
          c.items.delete(last)
        }
        return null
      }
      case 'LIMIT':
        return null
    }
    return null
  }

  private element(c: CollectionValue, index: Value): Value {
    const key = this.subscript(c, index)
    if (!c.items.has(key)) throw predefined('NO_DATA_FOUND')
    return c.items.get(key) ?? null
  }

  private apexCall(pkg: string, member: string, args: Arg[], scope: Scope, pos: Pos): Value {
    const sig = API_SIGNATURES[`${pkg}.${member}`]
    if (!sig) {
      const global = apiGlobal(pkg, member, this.apiCtx)
      if (args.length === 0) return global
      // APEX_APPLICATION.G_F01(i): an element of an array global.
      if (isCollection(global) && args.length === 1) return this.element(global, this.eval((args[0] as Arg).value, scope))
      throw new PlsqlError(`PLS-00302: component '${member}' must be declared in ${pkg}`, 302).at(pos.line, pos.col)
    }
    const values = new Map<string, Value>()
    const targets = new Map<string, Arg>()
    args.forEach((a, i) => {
      const name = a.name ?? sig.params[i]
      if (name === undefined) throw new PlsqlError(`PLS-00306: wrong number or types of arguments in call to '${pkg}.${member}'`, 306).at(pos.line, pos.col)
      if (!sig.params.includes(name)) throw new PlsqlError(`PLS-00306: wrong number or types of arguments in call to '${pkg}.${member}' (no parameter ${name})`, 306).at(pos.line, pos.col)
      targets.set(name, a)
      const mode = sig.out?.[name]
      if (mode !== 'OUT') values.set(name, this.eval(a.value, scope))
    })
    const out = new Map<string, Value>()
    let result: Value
    try {
      result = apiCall(pkg, member, { values, out }, this.apiCtx)
    } catch (e) {
      if (e instanceof CollectionError) throw new PlsqlError(`ORA-${e.oraCode}: ${e.message}`, e.oraCode)
      throw e
    }
    for (const [name, value] of out) {
      const a = targets.get(name)
      if (!a) continue
      const target = a.value
      if (target.k !== 'name' && target.k !== 'bind' && target.k !== 'call' && target.k !== 'member') {
        throw new PlsqlError(`PLS-00363: expression cannot be used as an assignment target (${name} of ${pkg}.${member})`, 363)
      }
      this.assign(target, value, scope)
    }
    return result
  }

  /** Chooses the overload that fits the arguments and runs it. */
  invoke(candidates: { sub: Subprogram; scope: Scope }[], args: Arg[], caller: Scope, pos: Pos, name: string, statement: boolean): Value {
    const fits = candidates.filter((c) => c.sub.body && fitsArgs(c.sub.params, args) && (statement ? c.sub.kind === 'procedure' : c.sub.kind === 'function'))
    const pick = fits[0] ?? candidates.find((c) => c.sub.body && fitsArgs(c.sub.params, args))
    if (!pick) {
      if (candidates.every((c) => !c.sub.body)) throw new PlsqlError(`PLS-00201: the body of '${name}' is not loaded (only its declaration)`, 201).at(pos.line, pos.col)
      throw new PlsqlError(`PLS-00306: wrong number or types of arguments in call to '${name}'`, 306).at(pos.line, pos.col)
    }
    const sub = pick.sub
    if (sub.notSimulated) throw new PlsqlError(`${name} cannot run: ${sub.notSimulated}`, 6508).at(pos.line, pos.col)
    const asTable = this.tableCallPending
    this.tableCallPending = false
    if (sub.pipelined && !asTable) throw new PlsqlError(`PLS-00653: aggregate/table functions are not allowed in PL/SQL scope (${name} is PIPELINED: read it with TABLE() in SQL)`, 653).at(pos.line, pos.col)
    if (statement && sub.kind === 'function') throw new PlsqlError(`PLS-00221: '${name}' is not a procedure or is undefined`, 221).at(pos.line, pos.col)
    if (!statement && sub.kind === 'procedure') throw new PlsqlError(`PLS-00222: no function with name '${name}' exists in this scope`, 222).at(pos.line, pos.col)
    if (++this.callDepth > MAX_CALL_DEPTH) {
      this.callDepth--
      throw new PlsqlError(`ORA-06500: PL/SQL: storage error (calls nested deeper than ${MAX_CALL_DEPTH}: unbounded recursion?)`, 6500)
    }
    let piped: Value[] | undefined
    RUNNING_UNITS.push(packageOf(pick.scope))
    try {
      const frame = new Scope(pick.scope, sub.name)
      const outs = this.bindParams(sub.params, args, caller, frame, name)
      if (sub.pipelined) this.pipes.push([])
      let sig: Signal | undefined
      try {
        sig = this.execBlock(sub.body as Block, frame)
      } finally {
        if (sub.pipelined) piped = this.pipes.pop()
      }
      let result: Value | undefined
      if (sub.pipelined) {
        // Its rows, in the order piped (a bare RETURN ends it; Oracle fetches them as they come, here all at once).
        const rows = newCollection()
        ;(piped ?? []).forEach((row, i) => rows.items.set(i + 1, row))
        result = rows
      } else if (sub.kind === 'function') {
        if (!sig || sig.k !== 'return' || sig.value === undefined) throw new PlsqlError('ORA-06503: PL/SQL: Function returned without value', 6503).at(sub.pos.line, sub.pos.col)
        result = sub.returns ? this.coerce(sig.value, this.resolveType(sub.returns, frame)) : sig.value
      }
      for (const [param, target] of outs) this.assign(target, frame.vars.get(param)?.value ?? null, caller)
      return result ?? null
    } finally {
      RUNNING_UNITS.pop()
      this.callDepth--
    }
  }

  /** Binds arguments to parameters in `frame`; returns the OUT / IN OUT targets to write back. */
  private bindParams(params: Param[], args: Arg[], caller: Scope, frame: Scope, name: string): [string, Target][] {
    const given = new Map<string, Arg>()
    args.forEach((a, i) => {
      const p = a.name ? params.find((x) => x.name === a.name) : params[i]
      if (!p) throw new PlsqlError(`PLS-00306: wrong number or types of arguments in call to '${name}'`, 306)
      given.set(p.name, a)
    })
    const outs: [string, Target][] = []
    for (const p of params) {
      const type = this.resolveType(p.type, frame)
      const a = given.get(p.name)
      let value: Value
      if (a) {
        if (p.mode !== 'IN') {
          const t = a.value
          if (t.k !== 'name' && t.k !== 'bind' && t.k !== 'call' && t.k !== 'member') {
            throw new PlsqlError(`PLS-00363: expression cannot be used as an assignment target (OUT parameter ${p.name} of ${name})`, 363)
          }
          outs.push([p.name, t])
        }
        value = p.mode === 'OUT' ? this.defaultValue(type) : this.coerce(this.eval(a.value, caller), type)
      } else if (p.default) value = this.coerce(this.eval(p.default, frame), type)
      else if (p.mode === 'OUT') value = this.defaultValue(type)
      else throw new PlsqlError(`PLS-00306: wrong number or types of arguments in call to '${name}' (${p.name} is missing)`, 306)
      frame.vars.set(p.name, { value, type, constant: p.mode === 'IN', notNull: false })
    }
    return outs
  }

  /** A package's state for this session: created (spec, body, initialisation section) on first use. */
  packageScope(name: string): Scope | undefined {
    const def = this.host.packages.getPackage(name)
    if (!def) return undefined
    if (def.notSimulated) throw notSimulatedCall(name, def.notSimulated)
    const states = this.host.packages.stateOf(this.host.apex.session)
    const existing = states.get(name)
    if (existing instanceof Scope) return existing
    const scope = new Scope(this.root, name)
    states.set(name, scope)
    try {
      if (def.spec) this.declare(def.spec.decls, scope)
      if (def.body) {
        this.declare(def.body.decls, scope)
        if (def.body.init) this.execBlock(def.body.init, scope)
      }
    } catch (e) {
      states.delete(name)
      throw e
    }
    return scope
  }

  // ------------------------------------------------------------ expressions

  eval(e: Expr, scope: Scope): Value {
    this.tick(e.pos)
    switch (e.k) {
      case 'lit':
        return e.value
      case 'bind':
        return this.item(e.name)
      case 'name':
        return this.readName(e.parts, scope, e.pos)
      case 'call':
        return this.callNamed(e.parts, e.args, scope, e.pos, false)
      case 'method':
        return xmlMethod(this.eval(e.target, scope), e.name, e.args.map((a) => this.eval(a.value, scope)))
      case 'member': {
        const base = this.eval(e.target, scope)
        if (!isRecord(base)) throw new PlsqlError(`PLS-00302: component '${e.field}' must be declared`, 302).at(e.pos.line, e.pos.col)
        if (!base.fields.has(e.field)) throw new PlsqlError(`PLS-00302: component '${e.field}' must be declared`, 302).at(e.pos.line, e.pos.col)
        return base.fields.get(e.field) ?? null
      }
      case 'unary': {
        const v = this.eval(e.e, scope)
        if (e.op === 'NOT') {
          const t = toTruth(v)
          return t === null ? null : !t
        }
        const n = toNumber(v)
        return n === null ? null : e.op === '-' ? -n : n
      }
      case 'binary':
        return this.binary(e.op, e.l, e.r, scope, e.pos)
      case 'isNull': {
        const isNull = this.eval(e.e, scope) === null
        return e.not ? !isNull : isNull
      }
      case 'like': {
        const s = toText(this.eval(e.e, scope))
        const p = toText(this.eval(e.pattern, scope))
        const esc = e.escape ? toText(this.eval(e.escape, scope)) : null
        if (s === null || p === null) return null
        const hit = likeRegex(p, esc).test(s)
        return e.not ? !hit : hit
      }
      case 'between': {
        const v = this.eval(e.e, scope)
        const lo = compareValues(v, this.eval(e.lo, scope))
        const hi = compareValues(v, this.eval(e.hi, scope))
        const r = and3(lo === null ? null : lo >= 0, hi === null ? null : hi <= 0)
        return e.not ? (r === null ? null : !r) : r
      }
      case 'in': {
        const v = this.eval(e.e, scope)
        let r: boolean | null = false
        for (const x of e.list) {
          const c = compareValues(v, this.eval(x, scope))
          if (c === 0) {
            r = true
            break
          }
          if (c === null) r = null
        }
        return e.not ? (r === null ? null : !r) : r
      }
      case 'case': {
        const subject = e.subject ? this.eval(e.subject, scope) : undefined
        for (const w of e.whens) {
          const v = this.eval(w.when, scope)
          if (subject === undefined ? toTruth(v) === true : compareValues(subject, v) === 0) return this.eval(w.then, scope)
        }
        return e.else ? this.eval(e.else, scope) : null
      }
      case 'cursorAttr':
        return this.cursorAttr(e.cursor, e.attr, scope, e.pos)
    }
  }

  private cursorAttr(cursor: string[], attr: string, scope: Scope, pos: Pos): Value {
    if (cursor.length === 1 && cursor[0] === 'SQL') {
      switch (attr) {
        case 'ROWCOUNT':
          return this.sqlRowCount
        case 'FOUND':
          return this.sqlFound
        case 'NOTFOUND':
          return this.sqlFound === null ? null : !this.sqlFound
        case 'ISOPEN':
          return false
      }
      throw new PlsqlError(`PLS-00302: SQL%${attr} is not simulated`, 302).at(pos.line, pos.col)
    }
    const c = this.cursor(cursor, scope, pos)
    if (attr === 'ISOPEN') return c.open
    if (!c.open) throw predefined('INVALID_CURSOR').at(pos.line, pos.col)
    if (attr === 'ROWCOUNT') return c.fetched
    if (attr === 'FOUND') return c.found
    if (attr === 'NOTFOUND') return c.found === null ? null : !c.found
    throw new PlsqlError(`PLS-00302: %${attr} is not simulated`, 302).at(pos.line, pos.col)
  }

  private binary(op: string, le: Expr, re: Expr, scope: Scope, pos: Pos): Value {
    if (op === 'AND') {
      const l = toTruth(this.eval(le, scope))
      if (l === false) return false
      return and3(l, toTruth(this.eval(re, scope)))
    }
    if (op === 'OR') {
      const l = toTruth(this.eval(le, scope))
      if (l === true) return true
      const r = toTruth(this.eval(re, scope))
      if (r === true) return true
      return l === false && r === false ? false : null
    }
    const l = this.eval(le, scope)
    const r = this.eval(re, scope)
    switch (op) {
      case '||': {
        const s = (toText(l) ?? '') + (toText(r) ?? '')
        if (s.length > MAX_STRING) throw valueError(`a string longer than ${MAX_STRING} characters (the simulation's limit)`).at(pos.line, pos.col)
        return s === '' ? null : s
      }
      case '=':
      case '<>':
      case '<':
      case '>':
      case '<=':
      case '>=': {
        const c = compareValues(l, r)
        if (c === null) return null
        return op === '=' ? c === 0 : op === '<>' ? c !== 0 : op === '<' ? c < 0 : op === '>' ? c > 0 : op === '<=' ? c <= 0 : c >= 0
      }
      case '+':
      case '-': {
        if (l === null || r === null) return null
        if (l instanceof PlsqlDate) {
          if (r instanceof PlsqlDate) {
            if (op === '+') throw valueError('two DATEs cannot be added')
            return (l.ms - r.ms) / 86400000
          }
          const days = toNumber(r) as number
          return new PlsqlDate(l.ms + Math.round((op === '+' ? days : -days) * 86400000))
        }
        if (r instanceof PlsqlDate && op === '+') return new PlsqlDate(r.ms + Math.round((toNumber(l) as number) * 86400000))
        const x = toNumber(l) as number
        const y = toNumber(r) as number
        return op === '+' ? x + y : x - y
      }
      case '*':
      case '/':
      case '**':
      case 'MOD':
      case 'REM': {
        const x = toNumber(l)
        const y = toNumber(r)
        if (x === null || y === null) return null
        if (op === '*') return x * y
        if (op === '**') return Math.pow(x, y)
        if (op === 'MOD') return y === 0 ? x : x - y * Math.trunc(x / y)
        if (y === 0) throw predefined('ZERO_DIVIDE').at(pos.line, pos.col)
        return op === '/' ? x / y : x - y * Math.trunc(x / y)
      }
    }
    throw new PlsqlError(`unknown operator ${op}`, 6550).at(pos.line, pos.col)
  }

  /** A name without arguments: variable, field, label.x, package variable, APEX global, parameterless function. */
  private readName(parts: string[], scope: Scope, pos: Pos): Value {
    const [first, ...rest] = parts as [string, ...string[]]
    const v = scope.findVar(first)
    if (v) return this.path(v.value, rest, parts, pos)
    if (rest.length > 0) {
      const lv = scope.findLabelled(first)?.vars.get(rest[0] as string)
      if (lv) return this.path(lv.value, rest.slice(1), parts, pos)
    }
    if (parts.length === 1) {
      switch (first) {
        case 'SQLERRM':
          return this.sqlerrm()
        case 'SQLCODE':
          return this.sqlcode()
        case 'USER':
          return 'APEX_PUBLIC_USER'
        case 'SYS_GUID':
          return this.sqlFunction('SYS_GUID', [], scope)
      }
      const subs = scope.findSubs(first)
      if (subs) return this.invoke(subs, [], scope, pos, first, false)
      const builtin = BUILTINS[first]
      if (builtin && ZERO_ARG_BUILTINS.has(first)) return builtin([], this.builtinCtx)
      const standalone = this.host.packages.getStandalone(first)
      if (standalone) {
        if (!standalone.sub) throw notSimulatedCall(first, standalone.notSimulated)
        return this.invoke([{ sub: standalone.sub, scope: this.root }], [], scope, pos, first, false)
      }
      throw new PlsqlError(`PLS-00201: identifier '${first}' must be declared`, 201).at(pos.line, pos.col)
    }
    // schema.pkg.member (SYS.…, APEX_240200.…) or pkg.member[.field | .COUNT …]
    const schema = parts.length >= 3 && (first === 'SYS' || /^APEX_\d+$/.test(first))
    const pkg = canonicalPackage(schema ? (parts[1] as string) : first)
    const member = (schema ? parts[2] : parts[1]) as string
    const more = parts.slice(schema ? 3 : 2)
    if (isSystemPackage(pkg)) return this.path(this.apexCall(pkg, member, [], scope, pos), more, parts, pos)
    const def = this.host.packages.getPackage(pkg)
    if (def) {
      const ps = this.packageScope(pkg) as Scope
      const pv = ps.vars.get(member)
      if (pv) return this.path(pv.value, more, parts, pos)
      const subs = ps.subs.get(member)
      if (subs) return this.invoke(subs, [], scope, pos, `${pkg}.${member}`, false)
    }
    throw new PlsqlError(`PLS-00201: identifier '${parts.join('.')}' must be declared`, 201).at(pos.line, pos.col)
  }

  private path(value: Value, rest: string[], parts: string[], pos: Pos): Value {
    let v = value
    for (const f of rest) {
      if (isRecord(v)) {
        if (!v.fields.has(f)) throw new PlsqlError(`PLS-00302: component '${f}' must be declared (${parts.join('.')})`, 302).at(pos.line, pos.col)
        v = v.fields.get(f) ?? null
      } else if (isCollection(v)) {
        const keys = sortedKeys(v)
        if (f === 'COUNT') v = v.items.size
        else if (f === 'FIRST') v = keys[0] ?? null
        else if (f === 'LAST') v = keys[keys.length - 1] ?? null
        else throw new PlsqlError(`PLS-00302: component '${f}' must be declared (${parts.join('.')})`, 302).at(pos.line, pos.col)
      } else throw new PlsqlError(`PLS-00487: invalid reference to variable '${parts.join('.')}'`, 487).at(pos.line, pos.col)
    }
    return v
  }
}

// ---------------------------------------------------------------- helpers

/** A built-in's string result over the size limit is an error (REPLACE and friends can multiply lengths). */
function capped(v: Value, pos: Pos): Value {
  if (typeof v === 'string' && v.length > MAX_STRING) throw valueError(`a string longer than ${MAX_STRING} characters (the simulation's limit)`).at(pos.line, pos.col)
  return v
}

const COLLECTION_METHODS = new Set(['COUNT', 'FIRST', 'LAST', 'EXISTS', 'NEXT', 'PRIOR', 'DELETE', 'EXTEND', 'TRIM', 'LIMIT'])
const ZERO_ARG_BUILTINS = new Set(['SYSDATE', 'SYSTIMESTAMP', 'CURRENT_DATE', 'LOCALTIMESTAMP', 'CURRENT_TIMESTAMP'])

function and3(a: boolean | null, b: boolean | null): boolean | null {
  if (a === false || b === false) return false
  return a === true && b === true ? true : null
}

function loopSignal(sig: Signal | undefined, label: string | undefined): 'break' | 'next' | Signal {
  if (!sig) return 'next'
  if (sig.k === 'exit' && (sig.label === undefined || sig.label === label)) return 'break'
  if (sig.k === 'continue' && (sig.label === undefined || sig.label === label)) return 'next'
  return sig
}

function sameSignature(a: Subprogram, b: Subprogram): boolean {
  return a.kind === b.kind && a.params.length === b.params.length && a.params.every((p, i) => p.name === b.params[i]?.name)
}

function fitsArgs(params: Param[], args: Arg[]): boolean {
  if (args.length > params.length) return false
  const named = new Set<string>()
  for (let i = 0; i < args.length; i++) {
    const a = args[i] as Arg
    if (a.name) {
      if (!params.some((p) => p.name === a.name)) return false
      named.add(a.name)
    } else named.add((params[i] as Param).name)
  }
  return params.every((p) => named.has(p.name) || p.default !== undefined || p.mode === 'OUT')
}

function fieldType(t: RType, field: string): RType {
  if (t.k === 'record' && t.fields) return t.fields.find(([n]) => n === field)?.[1] ?? { k: 'any' }
  return { k: 'any' }
}

function sortedKeys(c: CollectionValue): (string | number)[] {
  return [...c.items.keys()].sort((a, b) => (typeof a === 'number' && typeof b === 'number' ? a - b : String(a) < String(b) ? -1 : String(a) > String(b) ? 1 : 0))
}

/** A fetched row as a record: fields by upper-cased column name; into an existing record, by position when names differ. */
function rowRecord(columns: string[], row: SqlValue[], into?: RecordValue): RecordValue {
  if (into && into.fields.size > 0 && !columns.every((c) => into.fields.has(c.toUpperCase()))) {
    const names = [...into.fields.keys()]
    if (names.length !== row.length) throw new PlsqlError(`PLS-00394: wrong number of values in the INTO list (${names.length} fields, ${row.length} columns)`, 394)
    return newRecord(names.map((n, i) => [n, row[i] ?? null]))
  }
  return newRecord(row.map((v, i) => [(columns[i] ?? `COLUMN${i + 1}`).toUpperCase(), typeof v === 'string' && v === '' ? null : v]))
}

function likeRegex(pattern: string, escape: string | null): RegExp {
  let re = '^'
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i] as string
    if (escape && ch === escape && i + 1 < pattern.length) {
      re += (pattern[++i] as string).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
    } else if (ch === '%') re += '[\\s\\S]*'
    else if (ch === '_') re += '[\\s\\S]'
    else re += ch.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
  }
  return new RegExp(re + '$')
}

function coerceScalar(v: Value, t: { name: string; length?: number; precision?: number; scale?: number }): Value {
  if (isRecord(v) || isCollection(v)) throw valueError(`a record or collection cannot be assigned to a ${t.name}`)
  if (TEXT_TYPES.has(t.name)) {
    let s = toText(v)
    if (s !== null && t.length !== undefined) {
      if (s.length > t.length) throw valueError('character string buffer too small')
      if (t.name === 'CHAR' || t.name === 'NCHAR') s = s.padEnd(t.length)
    }
    return s
  }
  if (NUMBER_TYPES.has(t.name) || INTEGER_TYPES.has(t.name)) {
    let n = toNumber(v)
    if (n === null) {
      if (t.name === 'NATURALN' || t.name === 'POSITIVEN' || t.name === 'SIMPLE_INTEGER') throw valueError(`NULL is not allowed for ${t.name}`)
      return null
    }
    if (INTEGER_TYPES.has(t.name)) {
      n = Math.sign(n) * Math.round(Math.abs(n))
      if ((t.name === 'NATURAL' || t.name === 'NATURALN') && n < 0) throw valueError(`${n} is not a NATURAL`)
      if ((t.name === 'POSITIVE' || t.name === 'POSITIVEN') && n < 1) throw valueError(`${n} is not a POSITIVE`)
      if ((t.name === 'PLS_INTEGER' || t.name === 'BINARY_INTEGER') && Math.abs(n) > 2147483647) throw new PlsqlError('ORA-01426: numeric overflow', 1426)
    } else if (t.name === 'NUMBER' && t.precision !== undefined) {
      const scale = t.scale ?? 0
      const f = Math.pow(10, scale)
      n = Math.sign(n) * Math.round(Math.abs(n) * f + 1e-9) / f
      if (Math.abs(n) >= Math.pow(10, t.precision - scale)) throw valueError('number precision too large')
    }
    return n
  }
  if (DATE_TYPES.has(t.name)) return toDate(v)
  if (t.name === 'BOOLEAN') {
    if (v === null || typeof v === 'boolean') return v
    throw new PlsqlError('PLS-00382: expression is of wrong type (a BOOLEAN was expected)', 382)
  }
  return v
}

/** An app database failure as the PL/SQL exception it raises (DUP_VAL_ON_INDEX, ORA-n, else ORA-20000). */
export function sqlFailure(e: unknown): PlsqlError {
  if (e instanceof PlsqlError) return e
  const message = e instanceof Error ? e.message : String(e)
  const ora = /ORA-(\d{5})/.exec(message)
  if (/unique constraint|ORA-00001/i.test(message)) return new PlsqlError(message.startsWith('ORA-') ? message : `ORA-00001: unique constraint violated (${message})`, 1, 'DUP_VAL_ON_INDEX')
  if (ora) return new PlsqlError(message, Number(ora[1]))
  return new PlsqlError(`SQL error: ${message}`, 20000)
}

/**
 * The package of each subprogram running (innermost last; '' for a standalone
 * one): SQL run by a package's code names the package's functions without its
 * name (`table(getRows(x))` in the package body), as Oracle resolves them.
 */
const RUNNING_UNITS: string[] = []

/** The package whose code is running now, if any. */
export function runningPackage(): string | undefined {
  const top = RUNNING_UNITS[RUNNING_UNITS.length - 1]
  return top === undefined || top === '' ? undefined : top
}

/** The package a subprogram's defining scope belongs to: the label of the scope right under the root. */
function packageOf(scope: Scope): string {
  let s: Scope | null = scope
  while (s !== null && s.parent !== null && s.parent.parent !== null) s = s.parent
  return s !== null && s.parent !== null ? (s.label ?? '') : ''
}

function notSimulatedCall(name: string, reason?: { construct: string; message: string; line: number; col: number; unit: string }): PlsqlError {
  const why = reason ? `: ${reason.unit} is not simulated (${reason.message}, line ${reason.line} col ${reason.col})` : ''
  return new PlsqlError(`${name} cannot run${why}`, 6508)
}
