/**
 * Recursive-descent parser for PL/SQL over the shared lexer's tokens
 * (src-main/engine/sql/lexer.ts). It builds the tree of ast.ts, and rejects —
 * with the construct, line and column — both syntax errors and constructs the
 * interpreter does not run (EXECUTE IMMEDIATE, FORALL, unsupported system
 * packages, ...), so that a unit is decided "not simulated" when it loads.
 */
import { tokenize, type Token } from '../sql/lexer'
import type { Arg, Block, CursorSource, Decl, EmbeddedSql, Expr, Handler, Param, Pos, SqlPiece, Stmt, Subprogram, Target, TypeDef, TypeRef, Unit } from './ast'
import { unsupportedSystemCall } from './supported-apis'
import { XML_METHOD_NAMES } from './xmltype'

export interface NotSimulatedReason {
  construct: string
  message: string
  line: number
  col: number
}

/** The parser's one exception type: turned into a NotSimulatedReason by compilePlsql. */
export class NotSimulated extends Error {
  constructor(readonly reason: NotSimulatedReason) {
    super(reason.message)
  }
}

/** Words that end an expression or a statement list, and that a name can never be. */
const RESERVED = new Set([
  'AND', 'OR', 'NOT', 'THEN', 'ELSE', 'ELSIF', 'END', 'LOOP', 'IS', 'AS', 'IN', 'WHEN', 'BEGIN', 'DECLARE', 'EXCEPTION',
  'LIKE', 'BETWEEN', 'INTO', 'FROM', 'WHERE', 'USING', 'RETURNING', 'IF', 'CASE', 'WHILE', 'FOR', 'REVERSE', 'OF',
  'SELECT', 'INSERT', 'UPDATE', 'DELETE', 'MERGE', 'DEFAULT', 'BY', 'ORDER', 'GROUP', 'HAVING', 'UNION', 'ESCAPE', 'WITH',
])

/** In embedded SQL, the word after these names a table or an alias, never a PL/SQL variable. */
const NAMING_WORDS = new Set(['AS', 'FROM', 'JOIN', 'UPDATE', 'INTO', 'TABLE'])

/** Words that cannot be a table alias (they end the table reference). */
const ALIAS_STOP = new Set(['WHERE', 'ON', 'JOIN', 'LEFT', 'RIGHT', 'INNER', 'OUTER', 'FULL', 'CROSS', 'NATURAL', 'GROUP', 'ORDER', 'CONNECT',
  'START', 'UNION', 'MINUS', 'INTERSECT', 'SET', 'VALUES', 'FETCH', 'FOR', 'PIVOT', 'UNPIVOT', 'HAVING', 'USING', 'RETURNING', 'RETURN',
  'SELECT', 'WITH', 'OFFSET', 'LIMIT', 'PARTITION', 'SAMPLE', 'MODEL', 'WINDOW', 'LOG', 'WHEN'])

const SQL_VERBS = new Set(['SELECT', 'WITH', 'INSERT', 'UPDATE', 'DELETE', 'MERGE'])

/** Statement-level words the interpreter does not run, with why. */
const UNSUPPORTED_STATEMENTS: Record<string, string> = {
  EXECUTE: 'EXECUTE IMMEDIATE (dynamic SQL) is not simulated',
  FORALL: 'FORALL (bulk DML) is not simulated',
  PIPE: 'PIPE ROW (pipelined functions) is not simulated',
  GOTO: 'GOTO is not simulated',
  LOCK: 'LOCK TABLE is not simulated',
}

const MAX_DEPTH = 200

export class Parser {
  private i = 0
  private depth = 0
  /** Set by a PIPELINED clause: the subprogram being parsed may PIPE ROW, and cannot be called. */
  private pipelined = false
  readonly tokens: Token[]

  constructor(readonly text: string) {
    this.tokens = tokenize(text).filter((t) => t.kind !== 'error' || this.fail('syntax', t.value, t))
  }

  // ------------------------------------------------------------ token helpers

  private peek(k = 0): Token {
    return this.tokens[Math.min(this.i + k, this.tokens.length - 1)] as Token
  }

  private next(): Token {
    const t = this.peek()
    if (this.i < this.tokens.length - 1) this.i++
    return t
  }

  private pos(t: Token = this.peek()): Pos {
    return { line: t.line, col: t.col }
  }

  private isWord(v: string, k = 0): boolean {
    const t = this.peek(k)
    return t.kind === 'word' && t.value === v
  }

  private isSym(v: string, k = 0): boolean {
    const t = this.peek(k)
    return (t.kind === 'op' || t.kind === 'punct') && t.value === v
  }

  private acceptWord(v: string): boolean {
    if (!this.isWord(v)) return false
    this.next()
    return true
  }

  private acceptSym(v: string): boolean {
    if (!this.isSym(v)) return false
    this.next()
    return true
  }

  private fail(construct: string, message: string, t: Token = this.peek()): never {
    throw new NotSimulated({ construct, message, line: t.line, col: t.col })
  }

  private describe(t: Token): string {
    return t.kind === 'eof' ? 'the end of the text' : `"${t.text}"`
  }

  private expectWord(v: string): Token {
    if (!this.isWord(v)) this.fail('syntax', `expected ${v} but found ${this.describe(this.peek())}`)
    return this.next()
  }

  private expectSym(v: string): Token {
    if (!this.isSym(v)) this.fail('syntax', `expected "${v}" but found ${this.describe(this.peek())}`)
    return this.next()
  }

  /** An identifier: an unreserved word or a quoted identifier. */
  private ident(): string {
    const t = this.peek()
    if (t.kind === 'quotedIdent') {
      this.next()
      return t.value
    }
    if (t.kind !== 'word' || RESERVED.has(t.value)) this.fail('syntax', `expected a name but found ${this.describe(t)}`)
    this.next()
    return t.value
  }

  private isIdent(k = 0): boolean {
    const t = this.peek(k)
    return t.kind === 'quotedIdent' || (t.kind === 'word' && !RESERVED.has(t.value))
  }

  private enter(): void {
    if (++this.depth > MAX_DEPTH) this.fail('nesting', `nesting deeper than ${MAX_DEPTH} levels is not simulated`)
  }

  private leave(): void {
    this.depth--
  }

  atEnd(): boolean {
    // A trailing SQL*Plus "/" after a unit is allowed.
    while (this.isSym('/') && this.peek(1).kind === 'eof') this.next()
    return this.peek().kind === 'eof'
  }

  skipSemicolonAtEnd(): void {
    if (this.isSym(';') && this.peek(1).kind === 'eof') this.next()
  }

  expectEnd(): void {
    if (!this.atEnd()) this.fail('syntax', `unexpected ${this.describe(this.peek())} after the end`)
  }

  // ------------------------------------------------------------ units

  /** An APEX process / function body: a statement list (possibly one DECLARE…END block). */
  parseStatementList(): Block {
    const pos = this.pos()
    const body = this.statements(['EOF'])
    this.expectEnd()
    return { decls: [], body, handlers: [], pos }
  }

  /** A supporting-object unit: CREATE [OR REPLACE] [EDITIONABLE|NONEDITIONABLE] PACKAGE [BODY] / PROCEDURE / FUNCTION. */
  parseUnit(): Unit {
    const pos = this.pos()
    if (this.acceptWord('CREATE')) {
      if (this.acceptWord('OR')) this.expectWord('REPLACE')
      if (!this.acceptWord('EDITIONABLE')) this.acceptWord('NONEDITIONABLE')
    }
    if (this.acceptWord('PACKAGE')) {
      const body = this.acceptWord('BODY')
      const name = this.qualifiedName()
      this.unitClauses()
      if (!this.acceptWord('IS')) this.expectWord('AS')
      const decls = this.declarations(true)
      let init: Block | undefined
      if (body && this.isWord('BEGIN')) {
        const bpos = this.pos()
        this.next()
        const stmts = this.statements(['END', 'EXCEPTION'])
        const handlers = this.handlers()
        init = { decls: [], body: stmts, handlers, pos: bpos }
      }
      this.expectWord('END')
      if (this.isIdent()) this.ident()
      this.acceptSym(';')
      this.expectEnd()
      return body ? { k: 'packageBody', name, decls, init, pos } : { k: 'packageSpec', name, decls, pos }
    }
    if (this.isWord('PROCEDURE') || this.isWord('FUNCTION')) {
      const sub = this.subprogram(true)
      this.expectEnd()
      return { k: 'subprogram', sub, pos }
    }
    if (this.isWord('TRIGGER')) this.fail('trigger', 'triggers are not run by the PL/SQL interpreter')
    if (this.isWord('TYPE')) this.fail('object type', 'CREATE TYPE (object types) is not simulated')
    return this.fail('syntax', `expected PACKAGE, PROCEDURE or FUNCTION but found ${this.describe(this.peek())}`)
  }

  /** `schema.name` → name (the schema is dropped: one schema per app). */
  private qualifiedName(): string {
    let name = this.ident()
    while (this.acceptSym('.')) name = this.ident()
    return name
  }

  /** AUTHID CURRENT_USER / DEFINER, ACCESSIBLE BY (...), SHARING = ... — accepted and ignored. */
  private unitClauses(): void {
    for (;;) {
      if (this.acceptWord('AUTHID')) this.next()
      else if (this.acceptWord('ACCESSIBLE')) {
        this.expectWord('BY')
        this.skipParens()
      } else if (this.acceptWord('DETERMINISTIC') || this.acceptWord('RESULT_CACHE') || this.acceptWord('PARALLEL_ENABLE')) {
        if (this.isSym('(')) this.skipParens()
      } else if (this.isWord('PIPELINED')) {
        this.next()
        this.pipelined = true
      } else return
    }
  }

  private skipParens(): void {
    this.expectSym('(')
    let depth = 1
    while (depth > 0 && this.peek().kind !== 'eof') {
      const t = this.next()
      if (t.kind === 'punct' && t.value === '(') depth++
      else if (t.kind === 'punct' && t.value === ')') depth--
    }
  }

  // ------------------------------------------------------------ declarations

  /** Declarations up to BEGIN or END. */
  private declarations(inPackage = false): Decl[] {
    const decls: Decl[] = []
    while (!this.isWord('BEGIN') && !this.isWord('END') && this.peek().kind !== 'eof') {
      decls.push(this.declaration(inPackage))
    }
    return decls
  }

  private declaration(inPackage: boolean): Decl {
    const t = this.peek()
    const pos = this.pos(t)
    if (this.isWord('PROCEDURE') || this.isWord('FUNCTION')) return { k: 'subprogram', sub: this.subprogram(false), pos }
    if (this.acceptWord('PRAGMA')) {
      const what = this.ident()
      if (what === 'EXCEPTION_INIT') {
        this.expectSym('(')
        const name = this.ident()
        this.expectSym(',')
        const neg = this.acceptSym('-')
        const n = this.next()
        if (n.kind !== 'number') this.fail('syntax', 'expected an error number in PRAGMA EXCEPTION_INIT', n)
        this.expectSym(')')
        this.expectSym(';')
        return { k: 'exceptionInit', name, code: (neg ? -1 : 1) * Number(n.value), pos }
      }
      // AUTONOMOUS_TRANSACTION, SERIALLY_REUSABLE, RESTRICT_REFERENCES, INLINE, UDF: no effect on the simulation.
      if (this.isSym('(')) this.skipParens()
      this.expectSym(';')
      return { k: 'type', name: `__PRAGMA_${what}`, def: { k: 'alias', of: { k: 'scalar', name: 'NULL', pos } }, pos }
    }
    if (this.acceptWord('CURSOR')) {
      const name = this.ident()
      const params = this.isSym('(') ? this.params() : []
      if (this.acceptWord('RETURN')) this.typeRef()
      this.expectWord('IS')
      if (!SQL_VERBS.has(this.peek().value) && !this.isSym('(')) this.fail('syntax', 'expected a SELECT after CURSOR … IS')
      const sql = this.embeddedSql('semicolon').sql
      this.expectSym(';')
      return { k: 'cursor', name, params, sql, pos }
    }
    if (this.acceptWord('TYPE')) {
      const name = this.ident()
      this.expectWord('IS')
      const def = this.typeDef()
      this.expectSym(';')
      return { k: 'type', name, def, pos }
    }
    if (this.acceptWord('SUBTYPE')) {
      const name = this.ident()
      this.expectWord('IS')
      const of = this.typeRef()
      if (this.acceptWord('RANGE')) {
        this.expr()
        this.expectSym('..')
        this.expr()
      }
      if (this.acceptWord('NOT')) this.expectWord('NULL')
      this.expectSym(';')
      return { k: 'type', name, def: { k: 'alias', of }, pos }
    }
    const name = this.ident()
    if (this.acceptWord('EXCEPTION')) {
      this.expectSym(';')
      return { k: 'exception', name, pos }
    }
    const constant = this.acceptWord('CONSTANT')
    const type = this.typeRef()
    let notNull = false
    if (this.acceptWord('NOT')) {
      this.expectWord('NULL')
      notNull = true
    }
    let init: Expr | undefined
    if (this.acceptSym(':=') || this.acceptWord('DEFAULT')) init = this.expr()
    if (constant && !init) this.fail('syntax', `the constant ${name} needs a value`, t)
    this.expectSym(';')
    void inPackage
    return { k: 'var', name, type, constant, notNull, init, pos }
  }

  private typeDef(): TypeDef {
    if (this.acceptWord('RECORD')) {
      this.expectSym('(')
      const fields: { name: string; type: TypeRef; init?: Expr }[] = []
      do {
        const name = this.ident()
        const type = this.typeRef()
        if (this.acceptWord('NOT')) this.expectWord('NULL')
        let init: Expr | undefined
        if (this.acceptSym(':=') || this.acceptWord('DEFAULT')) init = this.expr()
        fields.push({ name, type, init })
      } while (this.acceptSym(','))
      this.expectSym(')')
      return { k: 'record', fields }
    }
    if (this.acceptWord('TABLE')) {
      this.expectWord('OF')
      const of = this.typeRef()
      if (this.acceptWord('NOT')) this.expectWord('NULL')
      let indexByString = false
      if (this.acceptWord('INDEX')) {
        this.expectWord('BY')
        const ix = this.typeRef()
        indexByString = ix.k === 'scalar' && /CHAR|STRING/.test(ix.name)
      }
      return { k: 'collection', of, indexByString }
    }
    if (this.isWord('VARRAY') || this.isWord('VARYING')) {
      this.next()
      if (this.isWord('ARRAY')) this.next()
      this.skipParens()
      this.expectWord('OF')
      const of = this.typeRef()
      if (this.acceptWord('NOT')) this.expectWord('NULL')
      return { k: 'collection', of, indexByString: false }
    }
    if (this.isWord('REF')) this.fail('ref cursor', 'REF CURSOR types are not simulated')
    return this.fail('syntax', `expected RECORD, TABLE or VARRAY but found ${this.describe(this.peek())}`)
  }

  private typeRef(): TypeRef {
    const t = this.peek()
    const pos = this.pos(t)
    if (t.kind !== 'word' && t.kind !== 'quotedIdent') this.fail('syntax', `expected a type but found ${this.describe(t)}`)
    const parts = [this.next().value]
    while (this.isSym('.')) {
      this.next()
      parts.push(this.ident())
    }
    if (this.acceptSym('%')) {
      const attr = this.ident()
      if (attr !== 'TYPE' && attr !== 'ROWTYPE') this.fail('syntax', `expected %TYPE or %ROWTYPE, found %${attr}`)
      return { k: 'anchored', parts, attr, pos }
    }
    const name = parts.join('.')
    if (parts.length === 1) {
      if (name === 'SYS_REFCURSOR') this.fail('ref cursor', 'SYS_REFCURSOR is not simulated', t)
      if (name === 'ANYDATA' || name === 'BFILE') {
        this.fail('type', `the type ${name} is not simulated`, t)
      }
      if (name === 'INTERVAL') this.fail('type', 'INTERVAL types are not simulated', t)
      if (name === 'DOUBLE') this.expectWord('PRECISION')
      let length: number | undefined
      let precision: number | undefined
      let scale: number | undefined
      if (this.isSym('(')) {
        this.next()
        const n = this.next()
        if (n.kind === 'number') {
          length = precision = Number(n.value)
        } else if (!(n.kind === 'op' && n.value === '*')) this.fail('syntax', 'expected a length', n)
        if (this.acceptSym(',')) {
          const neg = this.acceptSym('-')
          const s = this.next()
          if (s.kind !== 'number') this.fail('syntax', 'expected a scale', s)
          scale = (neg ? -1 : 1) * Number(s.value)
        }
        if (this.isWord('CHAR') || this.isWord('BYTE')) this.next()
        this.expectSym(')')
      }
      if (name === 'TIMESTAMP' && this.acceptWord('WITH')) {
        this.acceptWord('LOCAL')
        this.expectWord('TIME')
        this.expectWord('ZONE')
      }
      if (SCALAR_TYPES.has(name)) return { k: 'scalar', name, length, precision, scale, pos }
    }
    return { k: 'named', parts, pos }
  }

  private params(): Param[] {
    this.expectSym('(')
    const params: Param[] = []
    do {
      const pos = this.pos()
      const name = this.ident()
      let mode: Param['mode'] = 'IN'
      if (this.acceptWord('IN')) {
        if (this.acceptWord('OUT')) mode = 'IN OUT'
      } else if (this.acceptWord('OUT')) mode = 'OUT'
      this.acceptWord('NOCOPY')
      const type = this.typeRef()
      let def: Expr | undefined
      if (this.acceptSym(':=') || this.acceptWord('DEFAULT')) def = this.expr()
      params.push({ name, mode, type, default: def, pos })
    } while (this.acceptSym(','))
    this.expectSym(')')
    return params
  }

  /** PROCEDURE/FUNCTION name (params) [RETURN type] [IS|AS decls BEGIN … END [name]] ; */
  private subprogram(standalone: boolean): Subprogram {
    const pos = this.pos()
    const kind = this.next().value === 'PROCEDURE' ? 'procedure' : 'function'
    const name = standalone ? this.qualifiedName() : this.ident()
    const params = this.isSym('(') ? this.params() : []
    let returns: TypeRef | undefined
    if (kind === 'function') {
      this.expectWord('RETURN')
      returns = this.typeRef()
    }
    this.pipelined = false
    this.unitClauses()
    const pipelined = this.pipelined
    const flags = pipelined ? { pipelined: true } : {}
    if (this.acceptSym(';')) return { kind, name, params, returns, pos, ...flags }
    if (!this.acceptWord('IS')) this.expectWord('AS')
    if (this.isWord('LANGUAGE') || this.isWord('EXTERNAL')) this.fail('external', 'external (Java/C) subprograms are not simulated')
    const bpos = this.pos()
    const decls = this.declarations()
    this.pipelined = pipelined
    const block = this.blockBody(decls, bpos)
    this.pipelined = false
    if (this.isIdent()) this.ident()
    this.expectSym(';')
    return { kind, name, params, returns, body: block, pos, ...flags }
  }

  // ------------------------------------------------------------ blocks and statements

  /** BEGIN stmts [EXCEPTION handlers] END — after the declarations. */
  private blockBody(decls: Decl[], pos: Pos, label?: string): Block {
    this.expectWord('BEGIN')
    const body = this.statements(['END', 'EXCEPTION'])
    const handlers = this.handlers()
    this.expectWord('END')
    return { label, decls, body, handlers, pos }
  }

  private handlers(): Handler[] {
    const handlers: Handler[] = []
    if (!this.acceptWord('EXCEPTION')) return handlers
    while (this.isWord('WHEN')) {
      const pos = this.pos()
      this.next()
      const names: string[] = []
      do {
        let name = this.peek().kind === 'word' ? this.next().value : this.ident()
        while (this.acceptSym('.')) name += '.' + this.ident()
        names.push(name)
      } while (this.acceptWord('OR'))
      this.expectWord('THEN')
      handlers.push({ names, body: this.statements(['WHEN', 'END']), pos })
    }
    if (handlers.length === 0) this.fail('syntax', 'expected WHEN after EXCEPTION')
    return handlers
  }

  /** Statements until one of the stop words (or the end of the text for 'EOF'). */
  private statements(stops: string[]): Stmt[] {
    const out: Stmt[] = []
    for (;;) {
      const t = this.peek()
      if (t.kind === 'eof') {
        if (stops.includes('EOF')) return out
        this.fail('syntax', `expected ${stops.join(' or ')} but found the end of the text`)
      }
      if (t.kind === 'word' && stops.includes(t.value)) return out
      if (stops.includes('EOF') && this.isSym('/') && this.peek(1).kind === 'eof') return out
      out.push(this.statement())
    }
  }

  private statement(): Stmt {
    this.enter()
    try {
      return this.statementInner()
    } finally {
      this.leave()
    }
  }

  private statementInner(): Stmt {
    let label: string | undefined
    while (this.isSym('<<')) {
      this.next()
      label = this.ident()
      this.expectSym('>>')
    }
    const t = this.peek()
    const pos = this.pos(t)
    const w = t.kind === 'word' ? t.value : ''
    if (w === 'DECLARE' || w === 'BEGIN') {
      this.next()
      const decls = w === 'DECLARE' ? this.declarations() : []
      if (w === 'BEGIN') this.i--
      const block = this.blockBody(decls, pos, label)
      if (this.isIdent()) this.ident()
      this.expectSym(';')
      return { k: 'block', block, pos }
    }
    if (w === 'PIPE' && this.pipelined && this.isWord('ROW', 1)) {
      // Only inside a PIPELINED function: PIPE ROW (expr);
      this.next()
      this.next()
      this.expectSym('(')
      const value = this.expr()
      this.expectSym(')')
      this.expectSym(';')
      return { k: 'pipeRow', value, pos }
    }
    if (UNSUPPORTED_STATEMENTS[w] && !this.isSym(':=', 1) && !this.isSym('(', 1) && !this.isSym('.', 1)) {
      this.fail(w === 'EXECUTE' ? 'EXECUTE IMMEDIATE' : w === 'PIPE' ? 'PIPE ROW' : w, UNSUPPORTED_STATEMENTS[w] as string)
    }
    switch (w) {
      case 'NULL':
        this.next()
        this.expectSym(';')
        return { k: 'null', pos }
      case 'IF':
        return this.ifStatement()
      case 'CASE':
        return this.caseStatement()
      case 'LOOP': {
        this.next()
        const body = this.loopBody(label)
        return { k: 'loop', label, body, pos }
      }
      case 'WHILE': {
        this.next()
        const cond = this.expr()
        this.expectWord('LOOP')
        return { k: 'while', label, cond, body: this.loopBody(label), pos }
      }
      case 'FOR':
        return this.forStatement(label)
      case 'EXIT':
      case 'CONTINUE': {
        this.next()
        const target = this.isIdent() && !this.isWord('WHEN') ? this.ident() : undefined
        const when = this.acceptWord('WHEN') ? this.expr() : undefined
        this.expectSym(';')
        return w === 'EXIT' ? { k: 'exit', label: target, when, pos } : { k: 'continue', label: target, when, pos }
      }
      case 'RETURN': {
        this.next()
        const value = this.isSym(';') ? undefined : this.expr()
        this.expectSym(';')
        return { k: 'return', value, pos }
      }
      case 'RAISE': {
        this.next()
        let name: string[] | undefined
        if (!this.isSym(';')) {
          name = [this.peek().kind === 'word' ? this.next().value : this.ident()]
          while (this.acceptSym('.')) name.push(this.ident())
        }
        this.expectSym(';')
        return { k: 'raise', name, pos }
      }
      case 'OPEN': {
        this.next()
        const cursor = this.dottedName()
        const args = this.isSym('(') ? this.args() : []
        if (this.isWord('FOR')) this.fail('OPEN FOR', 'OPEN … FOR (cursor variables) is not simulated')
        this.expectSym(';')
        return { k: 'open', cursor, args, pos }
      }
      case 'FETCH': {
        this.next()
        const cursor = this.dottedName()
        let bulk = false
        if (this.acceptWord('BULK')) {
          this.expectWord('COLLECT')
          bulk = true
        }
        this.expectWord('INTO')
        const into = this.targets()
        if (this.isWord('LIMIT')) this.fail('FETCH LIMIT', 'FETCH … LIMIT is not simulated')
        this.expectSym(';')
        return { k: 'fetch', cursor, into, bulk, pos }
      }
      case 'CLOSE': {
        this.next()
        const cursor = this.dottedName()
        this.expectSym(';')
        return { k: 'close', cursor, pos }
      }
      case 'COMMIT':
      case 'ROLLBACK':
      case 'SAVEPOINT': {
        this.next()
        while (!this.isSym(';') && this.peek().kind !== 'eof') this.next()
        this.expectSym(';')
        return { k: 'transaction', verb: w, pos }
      }
      case 'SET':
        if (this.isWord('TRANSACTION', 1)) {
          this.next()
          while (!this.isSym(';') && this.peek().kind !== 'eof') this.next()
          this.expectSym(';')
          return { k: 'transaction', verb: 'SET TRANSACTION', pos }
        }
        break
    }
    if (SQL_VERBS.has(w) && !this.isSym(':=', 1) && !this.isSym('.', 1)) {
      const { sql, into, bulk } = this.embeddedSql('semicolon')
      this.expectSym(';')
      if ((sql.verb === 'SELECT' || sql.verb === 'WITH') && into.length === 0) this.fail('syntax', 'a SELECT inside PL/SQL needs an INTO clause', t)
      return { k: 'sql', sql, into, bulk, pos }
    }
    // Assignment or procedure call.
    const target = this.postfix()
    if (this.acceptSym(':=')) {
      if (target.k !== 'name' && target.k !== 'bind' && target.k !== 'call' && target.k !== 'member') this.fail('syntax', 'this cannot be assigned to', t)
      const value = this.expr()
      this.expectSym(';')
      return { k: 'assign', target, value, pos }
    }
    if (target.k !== 'name' && target.k !== 'call') this.fail('syntax', `expected a statement but found ${this.describe(t)}`, t)
    this.expectSym(';')
    return { k: 'call', call: target, pos }
  }

  private loopBody(label?: string): Stmt[] {
    const body = this.statements(['END'])
    this.expectWord('END')
    this.expectWord('LOOP')
    if (this.isIdent()) {
      const end = this.ident()
      if (label && end !== label) this.fail('syntax', `END LOOP ${end} does not match the label ${label}`)
    }
    this.expectSym(';')
    return body
  }

  private ifStatement(): Stmt {
    const pos = this.pos()
    this.expectWord('IF')
    const branches: { cond: Expr; body: Stmt[] }[] = []
    const cond = this.expr()
    this.expectWord('THEN')
    branches.push({ cond, body: this.statements(['ELSIF', 'ELSE', 'END']) })
    let elseBody: Stmt[] | undefined
    for (;;) {
      if (this.acceptWord('ELSIF')) {
        const c = this.expr()
        this.expectWord('THEN')
        branches.push({ cond: c, body: this.statements(['ELSIF', 'ELSE', 'END']) })
      } else if (this.acceptWord('ELSE')) {
        elseBody = this.statements(['END'])
      } else break
    }
    this.expectWord('END')
    this.expectWord('IF')
    this.expectSym(';')
    return { k: 'if', branches, else: elseBody, pos }
  }

  private caseStatement(): Stmt {
    const pos = this.pos()
    this.expectWord('CASE')
    const subject = this.isWord('WHEN') ? undefined : this.expr()
    const whens: { when: Expr; body: Stmt[] }[] = []
    while (this.acceptWord('WHEN')) {
      const when = this.expr()
      this.expectWord('THEN')
      whens.push({ when, body: this.statements(['WHEN', 'ELSE', 'END']) })
    }
    if (whens.length === 0) this.fail('syntax', 'expected WHEN in CASE')
    const elseBody = this.acceptWord('ELSE') ? this.statements(['END']) : undefined
    this.expectWord('END')
    this.expectWord('CASE')
    if (this.isIdent()) this.ident()
    this.expectSym(';')
    return { k: 'case', subject, whens, else: elseBody, pos }
  }

  private forStatement(label?: string): Stmt {
    const pos = this.pos()
    this.expectWord('FOR')
    const index = this.ident()
    this.expectWord('IN')
    const reverse = this.acceptWord('REVERSE')
    // Cursor FOR over an inline query: FOR r IN (SELECT …) LOOP.
    if (this.isSym('(') && !reverse) {
      const k = this.firstWordAfterParens()
      if (k && SQL_VERBS.has(k)) {
        this.next()
        const { sql } = this.embeddedSql('paren')
        this.expectSym(')')
        this.expectWord('LOOP')
        return { k: 'forCursor', label, record: index, source: { k: 'sql', sql }, body: this.loopBody(label), pos }
      }
    }
    // FOR r IN cursor_name [(args)] LOOP — a name followed by LOOP or an argument list then LOOP.
    if (!reverse && this.isIdent() && this.cursorForAhead()) {
      const name = this.dottedName()
      const args = this.isSym('(') ? this.args() : []
      this.expectWord('LOOP')
      const source: CursorSource = { k: 'cursor', name, args }
      return { k: 'forCursor', label, record: index, source, body: this.loopBody(label), pos }
    }
    const lo = this.expr()
    this.expectSym('..')
    const hi = this.expr()
    this.expectWord('LOOP')
    return { k: 'forNum', label, index, reverse, lo, hi, body: this.loopBody(label), pos }
  }

  /** Is the FOR's range a cursor name (`name [(args)] LOOP`) rather than `lo .. hi`? */
  private cursorForAhead(): boolean {
    let k = 1
    while (this.isSym('.', k) && this.peek(k + 1).kind === 'word') k += 2
    if (this.isWord('LOOP', k)) return true
    if (!this.isSym('(', k)) return false
    let depth = 0
    for (; this.peek(k).kind !== 'eof'; k++) {
      if (this.isSym('(', k)) depth++
      else if (this.isSym(')', k) && --depth === 0) return this.isWord('LOOP', k + 1)
      else if (depth === 1 && this.isSym('..', k)) return false
    }
    return false
  }

  private firstWordAfterParens(): string | undefined {
    let k = 0
    while (this.isSym('(', k)) k++
    const t = this.peek(k)
    return t.kind === 'word' ? t.value : undefined
  }

  private dottedName(): string[] {
    const parts = [this.ident()]
    while (this.acceptSym('.')) parts.push(this.ident())
    return parts
  }

  private targets(): Target[] {
    const out: Target[] = []
    do {
      const t = this.peek()
      const e = this.postfix()
      if (e.k !== 'name' && e.k !== 'bind' && e.k !== 'call' && e.k !== 'member') this.fail('syntax', 'expected a variable after INTO', t)
      out.push(e)
    } while (this.acceptSym(','))
    return out
  }

  // ------------------------------------------------------------ embedded SQL

  /**
   * Captures a SQL statement's text starting at its verb, up to `;` (or the
   * closing parenthesis of `FOR r IN (…)`), at parenthesis depth 0. The INTO
   * list of SELECT … INTO and of RETURNING … INTO is parsed into targets and
   * cut from the text; candidate PL/SQL references become name pieces.
   */
  private embeddedSql(stop: 'semicolon' | 'paren'): { sql: EmbeddedSql; into: Target[]; bulk: boolean } {
    const first = this.peek()
    const pos = this.pos(first)
    const verb = first.kind === 'word' ? first.value : '('
    const pieces: SqlPiece[] = []
    const into: Target[] = []
    let bulk = false
    let depth = 0
    let sawReturning = false
    let sawFrom = false
    let textStart = first.offset
    const flush = (end: number): void => {
      if (end > textStart) pieces.push({ text: this.text.slice(textStart, end) })
      textStart = end
    }
    const aliases = new Set<string>()
    let inFromList = false
    for (;;) {
      const t = this.peek()
      if (t.kind === 'eof') {
        if (stop === 'paren') this.fail('syntax', 'expected ")" to close the query', t)
        break
      }
      if (depth === 0 && stop === 'semicolon' && t.kind === 'punct' && t.value === ';') break
      // Table names and their aliases (FROM a x, b y / JOIN c z / UPDATE d w): `x.col` is then SQL's, never a variable.
      if (t.kind === 'word' && (t.value === 'FROM' || t.value === 'JOIN' || t.value === 'UPDATE' || t.value === 'INTO')) inFromList = t.value === 'FROM'
      else if (t.kind === 'word' && ALIAS_STOP.has(t.value)) inFromList = false
      const startsTable = (t.kind === 'word' && (t.value === 'FROM' || t.value === 'JOIN' || t.value === 'UPDATE' || t.value === 'INTO')) || (inFromList && t.kind === 'punct' && t.value === ',')
      if (startsTable) this.collectAlias(aliases)
      if (t.kind === 'punct' && t.value === '(') depth++
      if (t.kind === 'punct' && t.value === ')') {
        if (depth === 0) {
          if (stop === 'paren') break
          this.fail('syntax', 'unbalanced ")" in SQL', t)
        }
        depth--
      }
      if (t.kind === 'word' && depth === 0) {
        if (t.value === 'FROM') sawFrom = true
        if (t.value === 'RETURNING' || t.value === 'RETURN') sawReturning = true
        if (t.value === 'CURRENT' && this.isWord('OF', 1)) this.fail('WHERE CURRENT OF', 'WHERE CURRENT OF is not simulated', t)
        if (t.value === 'BULK' && this.isWord('COLLECT', 1)) {
          flush(t.offset)
          this.next()
          this.next()
          bulk = true
          textStart = this.peek().offset
          continue
        }
        const selectInto = (verb === 'SELECT' || verb === 'WITH') && !sawFrom && into.length === 0
        if (t.value === 'INTO' && selectInto) {
          flush(t.offset)
          this.next()
          into.push(...this.targets())
          textStart = this.peek().offset
          continue
        }
        if (t.value === 'INTO' && sawReturning) {
          // RETURNING … INTO stays in the text (the database reads the clause and returns the row);
          // the targets are assigned from the returned values.
          this.next()
          into.push(...this.targets())
          continue
        }
      }
      const prev = this.i > 0 ? this.peek(-1) : undefined
      // APEX views (APEX_COLLECTIONS, the dictionary views) may be replaced by inline views wherever they appear.
      const afterNamingWord = prev !== undefined && prev.kind === 'word' && NAMING_WORDS.has(prev.value) && !t.value.startsWith('APEX_')
      if (t.kind === 'word' && !RESERVED.has(t.value) && !afterNamingWord && !this.isSym('(', 1) && !(prev && prev.kind === 'punct' && prev.value === '.')) {
        // A candidate reference: name(.name)* not followed by "(".
        const start = this.i
        const parts = [t.value]
        let k = 1
        while (this.isSym('.', k) && this.peek(k + 1).kind === 'word') {
          parts.push(this.peek(k + 1).value)
          k += 2
        }
        if (!this.isSym('(', k) && !this.isSym('%', k)) {
          flush(t.offset)
          const last = this.peek(k - 1)
          const end = last.offset + last.text.length
          pieces.push({ name: parts, text: this.text.slice(t.offset, end), pos: this.pos(t) })
          textStart = end
          this.i = start + k
          continue
        }
      }
      this.next()
    }
    flush(this.peek().offset)
    // Trim trailing whitespace from the last text piece for tidy SQL.
    const last = pieces[pieces.length - 1]
    if (last && !('name' in last)) last.text = last.text.trimEnd()
    return { sql: { pieces, pos, verb, aliases: [...aliases] }, into, bulk }
  }

  /** After FROM/JOIN/UPDATE/INTO/",": the table's name and its alias, if any (looked at, not consumed). */
  private collectAlias(aliases: Set<string>): void {
    let k = 1
    const table = this.peek(k)
    if (table.kind !== 'word' && table.kind !== 'quotedIdent') return
    aliases.add(table.value)
    while (this.isSym('.', k + 1) && this.peek(k + 2).kind === 'word') {
      k += 2
      aliases.add(this.peek(k).value)
    }
    k++
    if (this.isWord('AS', k)) k++
    const alias = this.peek(k)
    if ((alias.kind === 'word' && !RESERVED.has(alias.value) && !ALIAS_STOP.has(alias.value)) || alias.kind === 'quotedIdent') aliases.add(alias.value)
  }

  // ------------------------------------------------------------ expressions

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
    while (this.isWord('OR')) {
      const pos = this.pos(this.next())
      l = { k: 'binary', op: 'OR', l, r: this.andExpr(), pos }
    }
    return l
  }

  private andExpr(): Expr {
    let l = this.notExpr()
    while (this.isWord('AND')) {
      const pos = this.pos(this.next())
      l = { k: 'binary', op: 'AND', l, r: this.notExpr(), pos }
    }
    return l
  }

  private notExpr(): Expr {
    if (this.isWord('NOT')) {
      const pos = this.pos(this.next())
      this.enter()
      try {
        return { k: 'unary', op: 'NOT', e: this.notExpr(), pos }
      } finally {
        this.leave()
      }
    }
    return this.comparison()
  }

  private comparison(): Expr {
    const l = this.additive()
    const pos = l.pos
    if (this.acceptWord('IS')) {
      const not = this.acceptWord('NOT')
      if (this.acceptWord('NULL')) return { k: 'isNull', e: l, not, pos }
      return this.fail('syntax', `expected NULL after IS${not ? ' NOT' : ''}`)
    }
    const not = this.isWord('NOT') && (this.isWord('LIKE', 1) || this.isWord('BETWEEN', 1) || this.isWord('IN', 1))
    if (not) this.next()
    if (this.acceptWord('LIKE')) {
      const pattern = this.additive()
      const escape = this.acceptWord('ESCAPE') ? this.additive() : undefined
      return { k: 'like', e: l, pattern, escape, not, pos }
    }
    if (this.acceptWord('BETWEEN')) {
      const lo = this.additive()
      this.expectWord('AND')
      return { k: 'between', e: l, lo, hi: this.additive(), not, pos }
    }
    if (this.acceptWord('IN')) {
      this.expectSym('(')
      if (SQL_VERBS.has(this.peek().value)) this.fail('IN subquery', 'IN (SELECT …) in a PL/SQL expression is not simulated')
      const list: Expr[] = []
      do list.push(this.expr())
      while (this.acceptSym(','))
      this.expectSym(')')
      return { k: 'in', e: l, list, not, pos }
    }
    const t = this.peek()
    if (t.kind === 'op' && ['=', '<>', '!=', '^=', '~=', '<', '>', '<=', '>='].includes(t.value)) {
      this.next()
      const op = t.value === '!=' || t.value === '^=' || t.value === '~=' ? '<>' : t.value
      return { k: 'binary', op, l, r: this.additive(), pos: this.pos(t) }
    }
    return l
  }

  private additive(): Expr {
    let l = this.multiplicative()
    for (;;) {
      const t = this.peek()
      if (t.kind === 'op' && (t.value === '+' || t.value === '-' || t.value === '||')) {
        this.next()
        l = { k: 'binary', op: t.value, l, r: this.multiplicative(), pos: this.pos(t) }
      } else return l
    }
  }

  private multiplicative(): Expr {
    let l = this.unary()
    for (;;) {
      const t = this.peek()
      if (t.kind === 'op' && (t.value === '*' || t.value === '/')) {
        this.next()
        l = { k: 'binary', op: t.value, l, r: this.unary(), pos: this.pos(t) }
      } else if (t.kind === 'word' && (t.value === 'MOD' || t.value === 'REM') && this.peek(1).kind !== 'punct') {
        this.next()
        l = { k: 'binary', op: t.value, l, r: this.unary(), pos: this.pos(t) }
      } else return l
    }
  }

  private unary(): Expr {
    const t = this.peek()
    if (t.kind === 'op' && (t.value === '-' || t.value === '+')) {
      this.next()
      this.enter()
      try {
        return { k: 'unary', op: t.value, e: this.unary(), pos: this.pos(t) }
      } finally {
        this.leave()
      }
    }
    const base = this.primary()
    if (this.isSym('**')) {
      const p = this.pos(this.next())
      return { k: 'binary', op: '**', l: base, r: this.unary(), pos: p }
    }
    return base
  }

  private primary(): Expr {
    const t = this.peek()
    const pos = this.pos(t)
    switch (t.kind) {
      case 'number':
        this.next()
        return { k: 'lit', value: Number(t.value), pos }
      case 'string':
        this.next()
        return { k: 'lit', value: t.value === '' ? null : t.value, pos }
      case 'bind':
        return this.postfix()
      case 'punct':
        if (t.value === '(') {
          this.next()
          if (SQL_VERBS.has(this.peek().value)) this.fail('scalar subquery', 'a (SELECT …) inside a PL/SQL expression is not simulated; use SELECT … INTO')
          const e = this.expr()
          this.expectSym(')')
          return e
        }
        break
      case 'word':
        switch (t.value) {
          case 'NULL':
            this.next()
            return { k: 'lit', value: null, pos }
          case 'TRUE':
            this.next()
            return { k: 'lit', value: true, pos }
          case 'FALSE':
            this.next()
            return { k: 'lit', value: false, pos }
          case 'CASE':
            return this.caseExpr()
          case 'DATE':
          case 'TIMESTAMP':
            if (this.peek(1).kind === 'string') {
              this.next()
              const s = this.next()
              return { k: 'call', parts: ['__DATE_LITERAL'], args: [{ value: { k: 'lit', value: s.value, pos } }], pos }
            }
            break
          case 'INTERVAL':
            if (this.peek(1).kind === 'string') this.fail('INTERVAL', 'INTERVAL literals are not simulated')
            break
          case 'EXISTS':
            this.fail('EXISTS', 'EXISTS (SELECT …) in a PL/SQL expression is not simulated; use SELECT … INTO')
        }
        if (t.value === 'SQL' && this.isSym('%', 1)) return this.postfix()
        if (RESERVED.has(t.value)) break
        return this.postfix()
      case 'quotedIdent':
        return this.postfix()
    }
    return this.fail('syntax', `expected an expression but found ${this.describe(t)}`)
  }

  private caseExpr(): Expr {
    const pos = this.pos()
    this.expectWord('CASE')
    const subject = this.isWord('WHEN') ? undefined : this.expr()
    const whens: { when: Expr; then: Expr }[] = []
    while (this.acceptWord('WHEN')) {
      const when = this.expr()
      this.expectWord('THEN')
      whens.push({ when, then: this.expr() })
    }
    if (whens.length === 0) this.fail('syntax', 'expected WHEN in CASE')
    const elseExpr = this.acceptWord('ELSE') ? this.expr() : undefined
    this.expectWord('END')
    return { k: 'case', subject, whens, else: elseExpr, pos }
  }

  /** A name, bind or call with its `.field`, `(args)` and `%attr` suffixes. */
  private postfix(): Expr {
    const t = this.peek()
    const pos = this.pos(t)
    let e: Expr
    if (t.kind === 'bind') {
      this.next()
      e = { k: 'bind', name: t.value, pos }
      if (this.isSym('.')) this.fail('syntax', `:${t.value}.… (a record bind such as :NEW in a trigger) is not simulated`)
      return e
    }
    const parts = [t.kind === 'word' || t.kind === 'quotedIdent' ? this.next().value : this.ident()]
    while (this.isSym('.') && (this.peek(1).kind === 'word' || this.peek(1).kind === 'quotedIdent')) {
      this.next()
      parts.push(this.next().value)
    }
    if (this.isSym('%')) {
      this.next()
      const attr = this.ident()
      if (!['FOUND', 'NOTFOUND', 'ROWCOUNT', 'ISOPEN', 'BULK_ROWCOUNT'].includes(attr)) this.fail('syntax', `unknown attribute %${attr}`)
      return { k: 'cursorAttr', cursor: parts, attr, pos }
    }
    this.checkSystemCall(parts, t)
    if (parts.length === 1 && this.isSym('(')) {
      const special = this.specialForm(parts[0] as string, pos)
      if (special) return special
    }
    if (this.isSym('(')) {
      e = { k: 'call', parts, args: this.args(), pos }
      while (this.isSym('.') || this.isSym('(')) {
        if (this.acceptSym('.')) {
          const field = this.ident()
          // XMLType's member functions on a result (xmltype.extract(x, '/').getStringVal()); other chains stay refused.
          if (XML_METHOD_NAMES.has(field) && this.isSym('(')) e = { k: 'method', target: e, name: field, args: this.args(), pos }
          else e = { k: 'member', target: e, field, pos }
        } else this.fail('syntax', 'chained calls are not simulated')
      }
      return e
    }
    return { k: 'name', parts, pos }
  }

  /** SQL functions with keyword syntax: TRIM([LEADING|TRAILING|BOTH] [set] FROM s), CAST(x AS type), EXTRACT(part FROM d). */
  private specialForm(name: string, pos: Pos): Expr | undefined {
    const lit = (value: string): Expr => ({ k: 'lit', value, pos })
    if (name === 'TRIM') {
      const mode = this.peek(1).kind === 'word' && ['LEADING', 'TRAILING', 'BOTH'].includes(this.peek(1).value) ? this.peek(1).value : undefined
      let depth = 0
      let hasFrom = false
      for (let k = 1; this.peek(k).kind !== 'eof'; k++) {
        if (this.isSym('(', k)) depth++
        else if (this.isSym(')', k)) {
          if (depth-- === 0) break
        } else if (depth === 0 && this.isWord('FROM', k)) hasFrom = true
      }
      if (!mode && !hasFrom) return undefined
      this.expectSym('(')
      if (mode) this.next()
      const set = this.isWord('FROM') ? lit(' ') : this.expr()
      this.expectWord('FROM')
      const str = this.expr()
      this.expectSym(')')
      return { k: 'call', parts: ['__TRIM'], args: [{ value: lit(mode ?? 'BOTH') }, { value: set }, { value: str }], pos }
    }
    if (name === 'CAST') {
      this.expectSym('(')
      const e = this.expr()
      this.expectWord('AS')
      const type = this.typeRef()
      this.expectSym(')')
      const target = type.k === 'scalar' ? type.name : 'VARCHAR2'
      return { k: 'call', parts: ['__CAST'], args: [{ value: e }, { value: lit(target) }], pos }
    }
    if (name === 'EXTRACT') {
      this.expectSym('(')
      const part = this.ident()
      this.expectWord('FROM')
      const e = this.expr()
      this.expectSym(')')
      return { k: 'call', parts: ['__EXTRACT'], args: [{ value: lit(part) }, { value: e }], pos }
    }
    return undefined
  }

  private checkSystemCall(parts: string[], t: Token): void {
    if (parts.length < 2) return
    // schema.package.member (SYS.DBMS_OUTPUT.PUT_LINE, APEX_240200.APEX_UTIL.…) or package.member[.more].
    const schema = parts.length >= 3 && (parts[0] === 'SYS' || /^APEX_\d+$/.test(parts[0] ?? ''))
    const pkg = schema ? parts[1] : parts[0]
    const member = schema ? parts[2] : parts[1]
    if (pkg === undefined || member === undefined) return
    const why = unsupportedSystemCall(pkg, member)
    if (why) this.fail(`${pkg}.${member}`, why, t)
  }

  private args(): Arg[] {
    this.expectSym('(')
    const args: Arg[] = []
    if (this.acceptSym(')')) return args
    do {
      if (this.isIdent() && this.isSym('=>', 1)) {
        const name = this.ident()
        this.next()
        args.push({ name, value: this.expr() })
      } else args.push({ value: this.expr() })
    } while (this.acceptSym(','))
    this.expectSym(')')
    return args
  }
}

/** Built-in scalar type names (anything else is a user or package type, resolved at run time). */
export const SCALAR_TYPES = new Set([
  'VARCHAR2', 'VARCHAR', 'CHAR', 'NCHAR', 'NVARCHAR2', 'STRING', 'CHARACTER', 'LONG', 'CLOB', 'NCLOB',
  'NUMBER', 'INTEGER', 'INT', 'SMALLINT', 'PLS_INTEGER', 'BINARY_INTEGER', 'SIMPLE_INTEGER', 'NATURAL', 'NATURALN',
  'POSITIVE', 'POSITIVEN', 'SIGNTYPE', 'FLOAT', 'REAL', 'DECIMAL', 'DEC', 'NUMERIC', 'DOUBLE', 'BINARY_DOUBLE', 'BINARY_FLOAT',
  'BOOLEAN', 'DATE', 'TIMESTAMP', 'ROWID', 'UROWID',
  // Binary values pass through untouched (declared and copied, never converted).
  'BLOB', 'RAW',
  // An XMLType value is its XML text (xmltype.ts).
  'XMLTYPE',
])
