/**
 * A recursive-descent parser for the Oracle SQL that APEX apps run: queries
 * (joins, subqueries, set operators, CASE, analytic functions, FETCH FIRST),
 * INSERT/UPDATE/DELETE with RETURNING, and the expressions inside them.
 * Errors are `SqlSyntaxError`s carrying the line and column of the token
 * where parsing stopped; the translator turns them into reports.
 */
import type { CommonTable, Expr, Fetch, FromItem, Hierarchy, Ident, OrderItem, Query, Returning, SelectItem, Statement, WindowSpec } from './ast.js'
import type { Token } from './lexer.js'
import { tokenize } from './lexer.js'
import { XML_METHOD_NAMES } from './xml.js'

export class SqlSyntaxError extends Error {
  constructor(
    message: string,
    readonly line: number,
    readonly col: number,
  ) {
    super(message)
    this.name = 'SqlSyntaxError'
  }
}

/** Words that end an expression or a FROM item, so they are never read as an alias. */
const CLAUSE_WORDS = new Set([
  'FROM', 'WHERE', 'GROUP', 'HAVING', 'ORDER', 'UNION', 'INTERSECT', 'MINUS', 'EXCEPT', 'CONNECT', 'START', 'FETCH', 'OFFSET',
  'FOR', 'INTO', 'JOIN', 'INNER', 'LEFT', 'RIGHT', 'FULL', 'CROSS', 'NATURAL', 'ON', 'USING', 'WHEN', 'THEN', 'ELSE', 'END',
  'AND', 'OR', 'NOT', 'IS', 'IN', 'LIKE', 'BETWEEN', 'AS', 'RETURNING', 'RETURN', 'SET', 'VALUES', 'WITH', 'LIMIT', 'WINDOW',
  'NULLS', 'ASC', 'DESC', 'MODEL', 'PIVOT', 'UNPIVOT', 'LOG', 'SELECT', 'PARTITION', 'ESCAPE', 'OUTER',
])

/** Oracle reserved words: never a column or table name unless quoted. */
const RESERVED = new Set([
  'ALL', 'ALTER', 'AND', 'ANY', 'AS', 'ASC', 'BETWEEN', 'BY', 'CHECK', 'CONNECT', 'CREATE', 'DELETE', 'DESC', 'DISTINCT', 'DROP', 'ELSE',
  'EXISTS', 'FROM', 'GRANT', 'GROUP', 'HAVING', 'IN', 'INSERT', 'INTERSECT', 'INTO', 'IS', 'LIKE', 'MINUS', 'NOT', 'OF', 'ON', 'OR',
  'ORDER', 'PRIOR', 'SELECT', 'SET', 'START', 'THEN', 'TO', 'UNION', 'UNIQUE', 'UPDATE', 'VALUES', 'WHERE', 'WITH', 'WHEN', 'END',
])

/** Oracle builtins written without parentheses. */
const NILADIC = new Set(['SYSDATE', 'SYSTIMESTAMP', 'CURRENT_DATE', 'CURRENT_TIMESTAMP', 'LOCALTIMESTAMP', 'USER', 'UID'])

/** Recursion bound: garbage like "((((((…" gets a clear error, never a stack overflow. */
const MAX_DEPTH = 150

export function parseStatement(text: string): Statement {
  const parser = new Parser(text)
  const statement = parser.statement()
  parser.finish()
  return statement
}

/** Parses one expression (used for CHECK constraints, defaults and trigger bodies). */
export function parseExpression(text: string): Expr {
  const parser = new Parser(text)
  const e = parser.expr()
  parser.finish()
  return e
}

export class Parser {
  private readonly tokens: Token[]
  private pos = 0
  private depth = 0
  /** Inside a CONNECT BY condition (PRIOR is read there only). */
  private priorAllowed = false
  /** The last ORDER BY clause read was ORDER SIBLINGS BY. */
  private lastOrderSiblings = false

  constructor(
    private readonly text: string,
    tokens?: Token[],
  ) {
    this.tokens = tokens ?? tokenize(text)
    const error = this.tokens.find((t) => t.kind === 'error')
    if (error) throw new SqlSyntaxError(error.value, error.line, error.col)
  }

  // ---- token helpers -------------------------------------------------------

  peek(ahead = 0): Token {
    return this.tokens[Math.min(this.pos + ahead, this.tokens.length - 1)] as Token
  }

  next(): Token {
    const token = this.peek()
    if (this.pos < this.tokens.length - 1) this.pos++
    return token
  }

  isWord(word: string, ahead = 0): boolean {
    const t = this.peek(ahead)
    return t.kind === 'word' && t.value === word
  }

  isSym(sym: string, ahead = 0): boolean {
    const t = this.peek(ahead)
    return (t.kind === 'op' || t.kind === 'punct') && t.value === sym
  }

  acceptWord(word: string): boolean {
    if (!this.isWord(word)) return false
    this.next()
    return true
  }

  acceptSym(sym: string): boolean {
    if (!this.isSym(sym)) return false
    this.next()
    return true
  }

  expectWord(word: string): void {
    if (!this.acceptWord(word)) this.fail(`expected ${word}`)
  }

  expectSym(sym: string): void {
    if (!this.acceptSym(sym)) this.fail(`expected "${sym}"`)
  }

  fail(message: string, token: Token = this.peek()): never {
    const found = token.kind === 'eof' ? 'end of statement' : `"${token.text}"`
    throw new SqlSyntaxError(`${message}, found ${found}`, token.line, token.col)
  }

  finish(): void {
    this.acceptSym(';')
    if (this.peek().kind !== 'eof') this.fail('unexpected text after the statement')
  }

  private enter(): void {
    if (++this.depth > MAX_DEPTH) this.fail(`nesting deeper than ${MAX_DEPTH} levels`)
  }

  private leave(): void {
    this.depth--
  }

  ident(what = 'a name'): Ident {
    const t = this.peek()
    if (t.kind === 'word') {
      this.next()
      return { name: t.value, quoted: false }
    }
    if (t.kind === 'quotedIdent') {
      this.next()
      return { name: t.value, quoted: true }
    }
    this.fail(`expected ${what}`)
  }

  /** `a`, `a.b`, `a.b.c` (a dblink `@x` is reported). */
  qualifiedName(what = 'a name'): Ident[] {
    const parts = [this.ident(what)]
    while (this.isSym('.') && (this.peek(1).kind === 'word' || this.peek(1).kind === 'quotedIdent')) {
      this.next()
      parts.push(this.ident(what))
    }
    if (this.isSym('@')) this.fail('database links are not supported')
    return parts
  }

  private isNameToken(ahead = 0): boolean {
    const t = this.peek(ahead)
    return t.kind === 'quotedIdent' || (t.kind === 'word' && !CLAUSE_WORDS.has(t.value))
  }

  private optionalAlias(): Ident | undefined {
    if (this.acceptWord('AS')) return this.ident('an alias')
    if (this.isNameToken()) return this.ident()
    return undefined
  }

  // ---- statements ----------------------------------------------------------

  statement(): Statement {
    if (this.isWord('SELECT') || this.isWord('WITH') || this.isSym('(')) return { k: 'query', q: this.query() }
    if (this.acceptWord('INSERT')) return this.insert()
    if (this.acceptWord('UPDATE')) return this.update()
    if (this.acceptWord('DELETE')) return this.delete()
    if (this.acceptWord('MERGE')) return this.merge()
    this.fail('expected SELECT, INSERT, UPDATE, DELETE or MERGE')
  }

  /** MERGE INTO t [a] USING src [s] ON (cond) WHEN MATCHED THEN UPDATE … / WHEN NOT MATCHED THEN INSERT … */
  private merge(): Statement {
    this.expectWord('INTO')
    const table = this.qualifiedName('a table name')
    const alias = this.isNameToken() && !this.isWord('USING') ? this.ident() : undefined
    this.expectWord('USING')
    const source = this.fromPrimary()
    this.expectWord('ON')
    this.expectSym('(')
    const on = this.expr()
    this.expectSym(')')
    const statement: Statement & { k: 'merge' } = { k: 'merge', table, ...(alias ? { alias } : {}), source, on }
    while (this.acceptWord('WHEN')) {
      const not = this.acceptWord('NOT')
      this.expectWord('MATCHED')
      this.expectWord('THEN')
      if (!not) {
        if (statement.matched) this.fail('WHEN MATCHED given twice')
        this.expectWord('UPDATE')
        this.expectWord('SET')
        const set: { column: Ident; value: Expr }[] = []
        do {
          const column = this.columnTarget()
          this.expectSym('=')
          set.push({ column, value: this.expr() })
        } while (this.acceptSym(','))
        const where = this.acceptWord('WHERE') ? this.expr() : undefined
        let deleteWhere: Expr | undefined
        if (this.acceptWord('DELETE')) {
          this.expectWord('WHERE')
          deleteWhere = this.expr()
        }
        statement.matched = { set, ...(where ? { where } : {}), ...(deleteWhere ? { deleteWhere } : {}) }
      } else {
        if (statement.notMatched) this.fail('WHEN NOT MATCHED given twice')
        this.expectWord('INSERT')
        let columns: Ident[] | undefined
        if (this.acceptSym('(')) {
          columns = [this.columnTarget()]
          while (this.acceptSym(',')) columns.push(this.columnTarget())
          this.expectSym(')')
        }
        this.expectWord('VALUES')
        this.expectSym('(')
        const values = this.exprList()
        this.expectSym(')')
        const where = this.acceptWord('WHERE') ? this.expr() : undefined
        statement.notMatched = { ...(columns ? { columns } : {}), values, ...(where ? { where } : {}) }
      }
    }
    if (!statement.matched && !statement.notMatched) this.fail('expected WHEN MATCHED or WHEN NOT MATCHED')
    return statement
  }

  private insert(): Statement {
    this.expectWord('INTO')
    const table = this.qualifiedName('a table name')
    const alias = this.isNameToken() && !this.isWord('VALUES') ? this.ident() : undefined
    let columns: Ident[] | undefined
    if (this.isSym('(') && !this.isWord('SELECT', 1) && !this.isWord('WITH', 1)) {
      this.next()
      columns = [this.ident('a column name')]
      while (this.acceptSym(',')) columns.push(this.ident('a column name'))
      this.expectSym(')')
    }
    if (this.acceptWord('VALUES')) {
      this.expectSym('(')
      const values = this.exprList()
      this.expectSym(')')
      const returning = this.returning()
      return { k: 'insert', table, ...(alias ? { alias } : {}), ...(columns ? { columns } : {}), values, ...(returning ? { returning } : {}) }
    }
    const q = this.query()
    const returning = this.returning()
    return { k: 'insert', table, ...(alias ? { alias } : {}), ...(columns ? { columns } : {}), q, ...(returning ? { returning } : {}) }
  }

  private update(): Statement {
    const table = this.qualifiedName('a table name')
    const alias = this.isNameToken() ? this.ident() : undefined
    this.expectWord('SET')
    const set: { columns: Ident[]; value?: Expr; q?: Query }[] = []
    do {
      if (this.acceptSym('(')) {
        const columns = [this.columnTarget()]
        while (this.acceptSym(',')) columns.push(this.columnTarget())
        this.expectSym(')')
        this.expectSym('=')
        this.expectSym('(')
        const q = this.query()
        this.expectSym(')')
        set.push({ columns, q })
      } else {
        const column = this.columnTarget()
        this.expectSym('=')
        set.push({ columns: [column], value: this.expr() })
      }
    } while (this.acceptSym(','))
    const where = this.acceptWord('WHERE') ? this.expr() : undefined
    const returning = this.returning()
    return { k: 'update', table, ...(alias ? { alias } : {}), set, ...(where ? { where } : {}), ...(returning ? { returning } : {}) }
  }

  /** `col` or `alias.col` in SET: the alias is dropped (SQLite names the column alone). */
  private columnTarget(): Ident {
    const parts = this.qualifiedName('a column name')
    return parts[parts.length - 1] as Ident
  }

  private delete(): Statement {
    this.acceptWord('FROM')
    const table = this.qualifiedName('a table name')
    const alias = this.isNameToken() ? this.ident() : undefined
    const where = this.acceptWord('WHERE') ? this.expr() : undefined
    const returning = this.returning()
    return { k: 'delete', table, ...(alias ? { alias } : {}), ...(where ? { where } : {}), ...(returning ? { returning } : {}) }
  }

  private returning(): Returning | undefined {
    if (!this.acceptWord('RETURNING') && !this.acceptWord('RETURN')) return undefined
    const exprs = this.exprList()
    const into: string[] = []
    if (this.acceptWord('BULK')) this.fail('RETURNING BULK COLLECT is not supported')
    this.expectWord('INTO')
    do {
      const t = this.next()
      if (t.kind === 'bind' || t.kind === 'word' || t.kind === 'quotedIdent') {
        let name = t.value
        while (this.isSym('.') && (this.peek(1).kind === 'word' || this.peek(1).kind === 'quotedIdent')) {
          this.next()
          name += '.' + this.next().value
        }
        into.push(name)
      } else this.fail('expected a variable after INTO', t)
    } while (this.acceptSym(','))
    if (into.length !== exprs.length) this.fail(`RETURNING has ${exprs.length} values but INTO names ${into.length} variables`)
    return { exprs, into }
  }

  // ---- queries -------------------------------------------------------------

  query(): Query {
    this.enter()
    try {
      let withClause: CommonTable[] | undefined
      if (this.acceptWord('WITH')) {
        withClause = []
        do {
          const name = this.ident('a query name')
          let columns: Ident[] | undefined
          if (this.acceptSym('(')) {
            columns = [this.ident('a column name')]
            while (this.acceptSym(',')) columns.push(this.ident('a column name'))
            this.expectSym(')')
          }
          this.expectWord('AS')
          this.expectSym('(')
          const q = this.query()
          this.expectSym(')')
          withClause.push({ name, ...(columns ? { columns } : {}), q })
        } while (this.acceptSym(','))
      }
      let q = this.queryTerm()
      for (;;) {
        let op: 'UNION' | 'INTERSECT' | 'MINUS' | undefined
        if (this.acceptWord('UNION')) op = 'UNION'
        else if (this.acceptWord('INTERSECT')) op = 'INTERSECT'
        else if (this.acceptWord('MINUS') || this.acceptWord('EXCEPT')) op = 'MINUS'
        if (!op) break
        const all = this.acceptWord('ALL')
        const r = this.queryTerm()
        q = { k: 'setop', op, all, l: q, r, orderBy: [] }
      }
      this.lastOrderSiblings = false
      let orderBy = this.orderByClause()
      if (this.lastOrderSiblings) {
        if (q.k !== 'select' || !q.hierarchy) this.fail('ORDER SIBLINGS BY needs a CONNECT BY query')
        q.hierarchy.siblings = orderBy
        orderBy = []
      }
      const fetch = this.fetchClause()
      if (q.k === 'select' && q.orderBy.length === 0 && q.fetch === undefined) {
        q.orderBy = orderBy
        if (fetch) q.fetch = fetch
      } else if (orderBy.length > 0 || fetch) {
        if (q.k === 'setop' && q.orderBy.length === 0 && !q.fetch) {
          q.orderBy = orderBy
          if (fetch) q.fetch = fetch
        } else {
          // `(select … order by …) order by …`: wrap the inner query.
          q = {
            k: 'select', distinct: false, items: [{ expr: { k: 'star' }, source: '*' }],
            from: [{ k: 'subquery', q }], groupBy: [], orderBy, ...(fetch ? { fetch } : {}),
          }
        }
      }
      if (withClause) q.with = withClause
      if (this.isWord('FOR') && this.isWord('UPDATE', 1)) {
        // FOR UPDATE [OF …] [NOWAIT | WAIT n | SKIP LOCKED]: one writer here, nothing to lock.
        this.next()
        this.next()
        if (this.acceptWord('OF')) {
          this.qualifiedName()
          while (this.acceptSym(',')) this.qualifiedName()
        }
        if (this.acceptWord('WAIT')) this.next()
        else if (this.acceptWord('SKIP')) this.expectWord('LOCKED')
        else this.acceptWord('NOWAIT')
      }
      return q
    } finally {
      this.leave()
    }
  }

  private queryTerm(): Query {
    if (this.acceptSym('(')) {
      const q = this.query()
      this.expectSym(')')
      return q
    }
    return this.select()
  }

  private select(): Query {
    this.expectWord('SELECT')
    let distinct = false
    if (this.acceptWord('DISTINCT') || this.acceptWord('UNIQUE')) distinct = true
    else this.acceptWord('ALL')
    const items: SelectItem[] = []
    do items.push(this.selectItem())
    while (this.acceptSym(','))
    if (this.isWord('INTO')) this.fail('SELECT … INTO belongs to PL/SQL')
    const from: FromItem[] = []
    if (this.acceptWord('FROM')) {
      do from.push(this.fromItem())
      while (this.acceptSym(','))
    }
    const where = this.acceptWord('WHERE') ? this.expr() : undefined
    const hierarchy = this.hierarchyClause()
    const groupBy: Expr[] = []
    let having: Expr | undefined
    if (this.isWord('GROUP') && this.isWord('BY', 1)) {
      this.next()
      this.next()
      if (this.isWord('ROLLUP') || this.isWord('CUBE') || this.isWord('GROUPING')) this.fail('ROLLUP, CUBE and GROUPING SETS are not supported')
      groupBy.push(...this.exprList())
    }
    if (this.acceptWord('HAVING')) having = this.expr()
    return { k: 'select', distinct, items, from, ...(where ? { where } : {}), groupBy, ...(having ? { having } : {}), orderBy: [], ...(hierarchy ? { hierarchy } : {}) }
  }

  /** `START WITH cond CONNECT BY [NOCYCLE] cond` in either order; PRIOR and LEVEL are only read inside one. */
  private hierarchyClause(): Hierarchy | undefined {
    if (!this.isWord('START') && !this.isWord('CONNECT')) return undefined
    let startWith: Expr | undefined
    let connectBy: Expr | undefined
    let noCycle = false
    for (let i = 0; i < 2; i++) {
        if (!startWith && this.isWord('START') && this.isWord('WITH', 1)) {
          this.next()
          this.next()
          startWith = this.expr()
        } else if (!connectBy && this.isWord('CONNECT') && this.isWord('BY', 1)) {
          this.next()
          this.next()
          noCycle = this.acceptWord('NOCYCLE')
          this.priorAllowed = true
          try {
            connectBy = this.expr()
          } finally {
            this.priorAllowed = false
          }
        }
    }
    if (!connectBy) this.fail('START WITH needs CONNECT BY')
    return { ...(startWith ? { startWith } : {}), connectBy, noCycle }
  }

  private selectItem(): SelectItem {
    const start = this.peek()
    if (this.isSym('*')) {
      this.next()
      return { expr: { k: 'star' }, source: '*' }
    }
    // t.* and s.t.*
    if ((start.kind === 'word' || start.kind === 'quotedIdent') && this.isSym('.', 1)) {
      let ahead = 0
      while ((this.peek(ahead).kind === 'word' || this.peek(ahead).kind === 'quotedIdent') && this.isSym('.', ahead + 1)) ahead += 2
      if (this.isSym('*', ahead)) {
        const table: Ident[] = []
        while (!this.isSym('*')) {
          table.push(this.ident())
          this.expectSym('.')
        }
        this.next()
        return { expr: { k: 'star', table }, source: '*' }
      }
    }
    const expr = this.expr()
    const end = this.tokens[this.pos - 1] as Token
    const source = this.text.slice(start.offset, end.offset + end.text.length)
    const alias = this.optionalAlias()
    return { expr, ...(alias ? { alias } : {}), source }
  }

  private fromItem(): FromItem {
    let item = this.fromPrimary()
    if (this.isWord('PIVOT') && (this.isSym('(', 1) || this.isWord('XML', 1))) item = this.pivot(item)
    for (;;) {
      const natural = this.acceptWord('NATURAL')
      let type: 'INNER' | 'LEFT' | 'RIGHT' | 'FULL' | 'CROSS' | undefined
      if (this.isWord('JOIN')) type = 'INNER'
      else if (this.isWord('INNER') && this.isWord('JOIN', 1)) type = 'INNER'
      else if (this.isWord('CROSS') && this.isWord('JOIN', 1)) type = 'CROSS'
      else if (this.isWord('LEFT') || this.isWord('RIGHT') || this.isWord('FULL')) type = this.peek().value as 'LEFT' | 'RIGHT' | 'FULL'
      if (!type) {
        if (natural) this.fail('expected JOIN after NATURAL')
        return item
      }
      if (!this.isWord('JOIN')) {
        this.next()
        this.acceptWord('OUTER')
      }
      this.expectWord('JOIN')
      const r = this.fromPrimary()
      let on: Expr | undefined
      let using: Ident[] | undefined
      if (type !== 'CROSS' && !natural) {
        if (this.acceptWord('ON')) on = this.expr()
        else if (this.acceptWord('USING')) {
          this.expectSym('(')
          using = [this.ident('a column name')]
          while (this.acceptSym(',')) using.push(this.ident('a column name'))
          this.expectSym(')')
        } else this.fail('expected ON or USING')
      }
      item = { k: 'join', type, natural, l: item, r, ...(on ? { on } : {}), ...(using ? { using } : {}) }
    }
  }

  private fromPrimary(): FromItem {
    if (this.acceptSym('(')) {
      if (this.isWord('SELECT') || this.isWord('WITH') || this.isSym('(')) {
        const q = this.query()
        this.expectSym(')')
        const alias = this.optionalAlias()
        return { k: 'subquery', q, ...(alias ? { alias } : {}) }
      }
      const inner = this.fromItem()
      this.expectSym(')')
      return inner
    }
    if (this.isWord('TABLE') && this.isSym('(', 1)) {
      const at = this.next()
      this.next()
      let e = this.expr()
      this.expectSym(')')
      // TABLE(pkg.f) calls f without arguments, as TABLE(pkg.f()) does.
      if (e.k === 'col' && e.parts.length === 2) e = { k: 'call', name: e.parts, args: [] }
      if (e.k !== 'call') this.fail('TABLE() is supported over a PL/SQL function call (TABLE(apex_string.split(…)))', at)
      const alias = this.optionalAlias()
      return { k: 'collection', call: e, ...(alias ? { alias } : {}) }
    }
    if (this.isWord('LATERAL')) this.fail('LATERAL is not supported')
    if (this.peek().kind === 'word' && RESERVED.has(this.peek().value)) this.fail('expected a table name')
    const name = this.qualifiedName('a table name')
    const alias = this.optionalAlias()
    return { k: 'table', name, ...(alias ? { alias } : {}) }
  }

  /** `PIVOT (agg(…) [AS a], … FOR col IN (v [AS a], …)) [alias]` after a FROM item (PIVOT XML and ANY are not supported). */
  private pivot(source: FromItem): FromItem {
    this.next()
    if (this.isWord('XML')) this.fail('PIVOT XML is not supported')
    this.expectSym('(')
    const aggs: { call: Expr & { k: 'call' }; alias?: Ident }[] = []
    do {
      const at = this.peek()
      const call = this.expr()
      if (call.k !== 'call') this.fail('PIVOT needs an aggregate function call', at)
      const alias = this.optionalAlias()
      aggs.push({ call, ...(alias ? { alias } : {}) })
    } while (this.acceptSym(','))
    this.expectWord('FOR')
    if (this.isSym('(')) this.fail('PIVOT FOR a list of columns is not supported')
    const column = this.ident('a column name')
    this.expectWord('IN')
    this.expectSym('(')
    if (this.isWord('ANY') || this.isWord('SELECT')) this.fail('PIVOT IN (ANY | subquery) is not supported')
    const values: { e: Expr; alias?: Ident }[] = []
    do {
      const e = this.expr()
      const alias = this.optionalAlias()
      values.push({ e, ...(alias ? { alias } : {}) })
    } while (this.acceptSym(','))
    this.expectSym(')')
    this.expectSym(')')
    const alias = this.optionalAlias()
    return { k: 'pivot', source, aggs, column, values, ...(alias ? { alias } : {}) }
  }

  private orderByClause(): OrderItem[] {
    if (!(this.isWord('ORDER') && (this.isWord('BY', 1) || (this.isWord('SIBLINGS', 1) && this.isWord('BY', 2))))) return []
    this.next()
    this.lastOrderSiblings = this.acceptWord('SIBLINGS')
    this.next()
    return this.orderItems()
  }

  private orderItems(): OrderItem[] {
    const items: OrderItem[] = []
    do {
      const expr = this.expr()
      let desc = false
      if (this.acceptWord('DESC')) desc = true
      else this.acceptWord('ASC')
      let nulls: 'FIRST' | 'LAST' | undefined
      if (this.acceptWord('NULLS')) {
        if (this.acceptWord('FIRST')) nulls = 'FIRST'
        else if (this.acceptWord('LAST')) nulls = 'LAST'
        else this.fail('expected FIRST or LAST')
      }
      items.push({ expr, desc, ...(nulls ? { nulls } : {}) })
    } while (this.acceptSym(','))
    return items
  }

  /** `OFFSET n ROWS`, `FETCH FIRST|NEXT n [PERCENT] ROWS ONLY|WITH TIES`. */
  private fetchClause(): Fetch | undefined {
    let offset: Expr | undefined
    let limit: Expr | undefined
    if (this.acceptWord('OFFSET')) {
      offset = this.expr()
      if (!this.acceptWord('ROWS')) this.acceptWord('ROW')
    }
    if (this.acceptWord('FETCH')) {
      if (!this.acceptWord('FIRST')) this.expectWord('NEXT')
      if (this.isWord('ROWS') || this.isWord('ROW')) limit = { k: 'num', text: '1' }
      else limit = this.expr()
      if (this.isWord('PERCENT')) this.fail('FETCH … PERCENT is not supported')
      if (!this.acceptWord('ROWS')) this.expectWord('ROW')
      if (this.acceptWord('WITH')) this.fail('FETCH … WITH TIES is not supported')
      this.expectWord('ONLY')
    }
    if (!offset && !limit) return undefined
    return { ...(offset ? { offset } : {}), ...(limit ? { limit } : {}) }
  }

  // ---- expressions ---------------------------------------------------------

  exprList(): Expr[] {
    const list = [this.expr()]
    while (this.acceptSym(',')) list.push(this.expr())
    return list
  }

  expr(): Expr {
    this.enter()
    try {
      return this.orExpr()
    } finally {
      this.leave()
    }
  }

  private orExpr(): Expr {
    let l = this.andExpr()
    while (this.acceptWord('OR')) l = { k: 'bin', op: 'OR', l, r: this.andExpr() }
    return l
  }

  private andExpr(): Expr {
    let l = this.notExpr()
    while (this.acceptWord('AND')) l = { k: 'bin', op: 'AND', l, r: this.notExpr() }
    return l
  }

  private notExpr(): Expr {
    if (this.acceptWord('NOT')) {
      this.enter()
      try {
        return { k: 'unary', op: 'NOT', e: this.notExpr() }
      } finally {
        this.leave()
      }
    }
    return this.comparison()
  }

  private comparison(): Expr {
    if (this.acceptWord('EXISTS')) {
      this.expectSym('(')
      const q = this.query()
      this.expectSym(')')
      return { k: 'exists', q }
    }
    const l = this.additive()
    const t = this.peek()
    if (t.kind === 'op' && ['=', '<>', '!=', '^=', '~=', '<', '>', '<=', '>='].includes(t.value)) {
      this.next()
      const op = t.value === '!=' || t.value === '^=' || t.value === '~=' ? '<>' : t.value
      if (this.isWord('ANY') || this.isWord('SOME') || this.isWord('ALL')) {
        const quantifier = this.next().value === 'ALL' ? 'ALL' : 'ANY'
        this.expectSym('(')
        if (this.isWord('SELECT') || this.isWord('WITH')) {
          const sub = this.query()
          this.expectSym(')')
          return { k: 'quantified', op, quantifier, l, sub }
        }
        const list = this.exprList()
        this.expectSym(')')
        return { k: 'quantified', op, quantifier, l, list }
      }
      return { k: 'bin', op, l, r: this.additive() }
    }
    if (this.acceptWord('IS')) {
      const not = this.acceptWord('NOT')
      if (this.acceptWord('NULL')) return { k: 'isNull', e: l, not }
      this.fail('expected NULL after IS')
    }
    const not = this.isWord('NOT') && (this.isWord('IN', 1) || this.isWord('LIKE', 1) || this.isWord('BETWEEN', 1))
    if (not) this.next()
    if (this.acceptWord('IN')) {
      this.expectSym('(')
      if (this.isWord('SELECT') || this.isWord('WITH')) {
        const sub = this.query()
        this.expectSym(')')
        return { k: 'in', e: l, not, sub }
      }
      const list = this.exprList()
      this.expectSym(')')
      return { k: 'in', e: l, not, list }
    }
    if (this.acceptWord('BETWEEN')) {
      const lo = this.additive()
      this.expectWord('AND')
      return { k: 'between', e: l, not, lo, hi: this.additive() }
    }
    if (this.acceptWord('LIKE') || this.acceptWord('LIKEC') || this.acceptWord('LIKE2') || this.acceptWord('LIKE4')) {
      const pattern = this.additive()
      const escape = this.acceptWord('ESCAPE') ? this.additive() : undefined
      return { k: 'like', e: l, not, pattern, ...(escape ? { escape } : {}) }
    }
    if (not) this.fail('expected IN, LIKE or BETWEEN after NOT')
    return l
  }

  /** `+ - ||` share one precedence level in Oracle, left to right. */
  private additive(): Expr {
    let l = this.multiplicative()
    for (;;) {
      if (this.acceptSym('||')) {
        const r = this.multiplicative()
        l = l.k === 'concat' ? { k: 'concat', parts: [...l.parts, r] } : { k: 'concat', parts: [l, r] }
      } else if (this.isSym('+') || this.isSym('-')) {
        const op = this.next().value
        l = { k: 'bin', op, l, r: this.multiplicative() }
      } else return l
    }
  }

  private multiplicative(): Expr {
    let l = this.unary()
    while (this.isSym('*') || this.isSym('/') || this.isSym('**')) {
      const op = this.next().value
      l = { k: 'bin', op, l, r: this.unary() }
    }
    return l
  }

  private unary(): Expr {
    if (this.isSym('-') || this.isSym('+')) {
      const op = this.next().value as '-' | '+'
      this.enter()
      try {
        return { k: 'unary', op, e: this.unary() }
      } finally {
        this.leave()
      }
    }
    if (this.isWord('PRIOR')) {
      if (!this.priorAllowed) this.fail('PRIOR is only allowed in a CONNECT BY condition')
      this.next()
      return { k: 'prior', e: this.unary() }
    }
    return this.postfix(this.primary())
  }

  private postfix(e: Expr): Expr {
    // col (+)
    if (this.isSym('(') && this.isSym('+', 1) && this.isSym(')', 2)) {
      this.next()
      this.next()
      this.next()
      return { k: 'outer', e }
    }
    return e
  }

  private primary(): Expr {
    const t = this.peek()
    switch (t.kind) {
      case 'number':
        this.next()
        return { k: 'num', text: t.value }
      case 'string':
        this.next()
        return t.value === '' ? { k: 'null' } : { k: 'str', value: t.value }
      case 'bind': {
        this.next()
        if ((t.value === 'NEW' || t.value === 'OLD') && this.isSym('.')) {
          this.next()
          return { k: 'pseudo', which: t.value, column: this.ident('a column name') }
        }
        return { k: 'bind', name: t.value }
      }
      case 'punct':
        if (t.value === '(') {
          this.next()
          if (this.isWord('SELECT') || this.isWord('WITH')) {
            const q = this.query()
            this.expectSym(')')
            return { k: 'subquery', q }
          }
          const items = this.exprList()
          this.expectSym(')')
          return items.length === 1 ? (items[0] as Expr) : { k: 'tuple', items }
        }
        break
      case 'word':
      case 'quotedIdent':
        return this.wordExpr()
    }
    this.fail('expected an expression')
  }

  private wordExpr(): Expr {
    const t = this.peek()
    if (t.kind === 'word') {
      switch (t.value) {
        case 'NULL':
          this.next()
          return { k: 'null' }
        case 'TRUE':
        case 'FALSE':
          this.next()
          return { k: 'bool', value: t.value === 'TRUE' }
        case 'CASE':
          this.next()
          return this.caseExpr()
        case 'ROWNUM':
          this.next()
          return { k: 'rownum' }
        case 'LEVEL':
          this.next()
          return { k: 'level' }
        case 'DATE':
        case 'TIMESTAMP':
          if (this.peek(1).kind === 'string') {
            this.next()
            return { k: 'dateLit', type: t.value, text: this.next().value }
          }
          break
        case 'INTERVAL':
          if (this.peek(1).kind === 'string') this.fail('INTERVAL literals are not supported')
          break
        case 'CAST':
          if (this.isSym('(', 1)) {
            this.next()
            this.next()
            const e = this.expr()
            this.expectWord('AS')
            const type = this.typeName()
            this.expectSym(')')
            return { k: 'cast', e, type }
          }
          break
        case 'EXTRACT':
          // EXTRACT(YEAR FROM d) is the date form; EXTRACT(xml, xpath) is XMLType's, an ordinary call.
          if (this.isSym('(', 1) && this.isWord('FROM', 3)) {
            this.next()
            this.next()
            const field = this.ident('a date field').name
            this.expectWord('FROM')
            const e = this.expr()
            this.expectSym(')')
            return { k: 'extract', field, e }
          }
          break
        case 'TRIM':
          if (this.isSym('(', 1)) return this.trimExpr()
          break
      }
      if (NILADIC.has(t.value) && !this.isSym('(', 1) && !this.isSym('.', 1)) {
        this.next()
        if ((t.value === 'SYSTIMESTAMP' || t.value === 'CURRENT_TIMESTAMP' || t.value === 'LOCALTIMESTAMP') && this.isSym('(')) {
          this.next()
          this.expr()
          this.expectSym(')')
        }
        return { k: 'builtin', name: t.value }
      }
    }
    if (t.kind === 'word' && RESERVED.has(t.value)) this.fail('expected an expression')
    const parts = [this.ident()]
    while (this.isSym('.') && (this.peek(1).kind === 'word' || this.peek(1).kind === 'quotedIdent')) {
      this.next()
      parts.push(this.ident())
    }
    const last = parts[parts.length - 1] as Ident
    if (parts.length >= 2 && !last.quoted && (last.name === 'NEXTVAL' || last.name === 'CURRVAL')) {
      return { k: 'seq', seq: parts.slice(0, -1), which: last.name }
    }
    if (this.isSym('(') && !(this.isSym('+', 1) && this.isSym(')', 2))) return this.call(parts)
    return { k: 'col', parts }
  }

  private caseExpr(): Expr {
    const operand = this.isWord('WHEN') ? undefined : this.expr()
    const whens: { when: Expr; then: Expr }[] = []
    while (this.acceptWord('WHEN')) {
      const when = this.expr()
      this.expectWord('THEN')
      whens.push({ when, then: this.expr() })
    }
    if (whens.length === 0) this.fail('expected WHEN')
    const otherwise = this.acceptWord('ELSE') ? this.expr() : undefined
    this.expectWord('END')
    return { k: 'case', ...(operand ? { operand } : {}), whens, ...(otherwise ? { else: otherwise } : {}) }
  }

  private trimExpr(): Expr {
    this.next()
    this.next()
    let mode: 'LEADING' | 'TRAILING' | 'BOTH' = 'BOTH'
    let explicitMode = false
    if (this.isWord('LEADING') || this.isWord('TRAILING') || this.isWord('BOTH')) {
      mode = this.next().value as typeof mode
      explicitMode = true
    }
    if (explicitMode && this.acceptWord('FROM')) {
      const e = this.expr()
      this.expectSym(')')
      return { k: 'trim', mode, e }
    }
    const first = this.expr()
    if (this.acceptWord('FROM')) {
      const e = this.expr()
      this.expectSym(')')
      return { k: 'trim', mode, chars: first, e }
    }
    this.expectSym(')')
    return { k: 'trim', mode, e: first }
  }

  /** A type name as written in CAST: `NUMBER(10,2)`, `VARCHAR2(20 CHAR)`, `DATE`. */
  typeName(): string {
    const words = [this.ident('a type name').name]
    while (this.peek().kind === 'word' && ['PRECISION', 'VARYING', 'WITH', 'TIME', 'ZONE', 'LOCAL'].includes(this.peek().value)) words.push(this.next().value)
    if (this.acceptSym('(')) {
      const args: string[] = []
      do {
        const a = this.next()
        if (a.kind !== 'number' && !(a.kind === 'op' && a.value === '*')) this.fail('expected a size', a)
        args.push(a.value)
        if (this.isWord('CHAR') || this.isWord('BYTE')) this.next()
      } while (this.acceptSym(','))
      this.expectSym(')')
      return `${words.join(' ')}(${args.join(',')})`
    }
    return words.join(' ')
  }

  private call(name: Ident[]): Expr {
    this.expectSym('(')
    const upper = name.map((n) => n.name).join('.')
    let distinct = false
    let star = false
    let args: Expr[] = []
    let argNames: (string | undefined)[] | undefined
    if (this.acceptSym(')')) {
      // f()
    } else {
      if (this.acceptWord('DISTINCT') || this.acceptWord('UNIQUE')) distinct = true
      else this.acceptWord('ALL')
      if (this.isSym('*') && this.isSym(')', 1)) {
        this.next()
        star = true
      } else {
        const named = (): Expr => {
          const name = this.argName()
          if (name !== undefined) (argNames ??= Array<string | undefined>(args.length).fill(undefined))[args.length] = name
          else if (argNames) this.fail('a positional argument cannot follow a named one (PLS-00312)')
          return this.expr()
        }
        args = [named()]
        while (this.acceptSym(',')) args.push(named())
      }
      if (this.isWord('ON') && this.isWord('OVERFLOW', 1)) this.fail('LISTAGG … ON OVERFLOW is not supported')
      this.expectSym(')')
    }
    const sessionState = upper === 'V' || upper === 'NV' || upper === 'APEX_UTIL.GET_SESSION_STATE' || upper === 'APEX_UTIL.GET_NUMERIC_SESSION_STATE'
    if (sessionState && args.length === 1 && args[0]?.k === 'str') {
      const numeric = upper === 'NV' || upper === 'APEX_UTIL.GET_NUMERIC_SESSION_STATE'
      return { k: 'bind', name: args[0].value.toUpperCase(), ...(numeric ? { numeric: true } : {}) }
    }
    const e: Expr & { k: 'call' } = { k: 'call', name, args, ...(distinct ? { distinct } : {}), ...(star ? { star } : {}), ...(argNames ? { argNames } : {}) }
    if (this.isWord('WITHIN') && this.isWord('GROUP', 1)) {
      this.next()
      this.next()
      this.expectSym('(')
      this.expectWord('ORDER')
      this.expectWord('BY')
      e.withinGroup = this.orderItems()
      this.expectSym(')')
    }
    if (this.isWord('KEEP')) this.fail('KEEP (DENSE_RANK …) is not supported')
    if (this.acceptWord('OVER')) e.over = this.windowSpec()
    return this.xmlMethods(e)
  }

  /**
   * `f(…).getStringVal()`: XMLType's methods called on a function's result
   * (`extract(x, '/a').getStringVal()`), as `XMLTYPE.METHOD(result, args…)`
   * calls. Other chained calls are not SQL Oracle accepts on scalars.
   */
  private xmlMethods(target: Expr): Expr {
    let e = target
    while (this.isSym('.') && this.peek(1).kind === 'word' && XML_METHOD_NAMES.has(this.peek(1).value) && this.isSym('(', 2)) {
      this.next()
      const method = this.next().value
      this.expectSym('(')
      const args: Expr[] = []
      if (!this.acceptSym(')')) {
        do args.push(this.callArg())
        while (this.acceptSym(','))
        this.expectSym(')')
      }
      e = { k: 'call', name: [{ name: 'XMLTYPE', quoted: false }, { name: method, quoted: false }], args: [e, ...args] }
    }
    return e
  }

  /** A method argument: named notation is only for the PL/SQL functions a call reaches through ORA_CALL. */
  private callArg(): Expr {
    if (this.argName() !== undefined) this.fail('named arguments (=>) are only supported in calls of PL/SQL functions')
    return this.expr()
  }

  /** `name =>` before a call argument (named notation): the upper-cased name, consumed; else undefined. */
  private argName(): string | undefined {
    if ((this.peek().kind === 'word' || this.peek().kind === 'quotedIdent') && this.isSym('=>', 1)) {
      const t = this.next()
      this.next()
      return t.kind === 'word' ? t.value.toUpperCase() : t.value
    }
    return undefined
  }

  private windowSpec(): WindowSpec {
    this.expectSym('(')
    const spec: WindowSpec = { partitionBy: [], orderBy: [] }
    if (this.isWord('PARTITION')) {
      this.next()
      this.expectWord('BY')
      spec.partitionBy = this.exprList()
    }
    if (this.isWord('ORDER')) {
      this.next()
      this.expectWord('BY')
      spec.orderBy = this.orderItems()
    }
    if (this.isWord('ROWS') || this.isWord('RANGE')) {
      // The frame grammar is the same in SQLite; keep its words, checking them.
      const words: string[] = []
      const allowed = new Set(['ROWS', 'RANGE', 'BETWEEN', 'AND', 'UNBOUNDED', 'PRECEDING', 'FOLLOWING', 'CURRENT', 'ROW'])
      while (!this.isSym(')')) {
        const w = this.next()
        if (w.kind === 'number' || (w.kind === 'word' && allowed.has(w.value))) words.push(w.value)
        else this.fail('unexpected text in a window frame', w)
      }
      spec.frame = words.join(' ')
    }
    this.expectSym(')')
    return spec
  }
}
