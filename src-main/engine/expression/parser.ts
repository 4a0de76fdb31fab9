/**
 * Recursive-descent parser for the expression language (semantics §7).
 *
 * Precedence, lowest to highest (Oracle's order):
 *   OR < AND < NOT < comparison / IS / IN / LIKE / BETWEEN
 *      < `||` `+` `-` (one level, left-associative) < `*` `/` < unary minus < primary
 * Comparisons do not chain (`a = b = c` is an error, as in Oracle).
 */
import { childrenOf, type CompareOp, type Expr, type FunctionName } from './ast.js'
import { describeArity, FUNCTION_SIGNATURES, isFunctionName } from './function-signatures.js'
import { Lexer, type Token } from './lexer.js'
import { MAX_NESTING_DEPTH } from './limits.js'
import { ExpressionSyntaxError, lineAndColumn } from './syntax-error.js'

const COMPARE_OPS: ReadonlySet<string> = new Set<CompareOp>(['=', '<>', '<', '<=', '>', '>='])
const KEYWORDS: ReadonlySet<string> = new Set(['AND', 'OR', 'NOT', 'IS', 'NULL', 'IN', 'LIKE', 'BETWEEN', 'TRUE', 'FALSE'])

/** Parses `source`; throws `ExpressionSyntaxError` and nothing else. */
export function parseExpression(source: string): Expr {
  if (typeof source !== 'string') throw new ExpressionSyntaxError('expression source must be text', '', 0)
  try {
    return new Parser(source).parseAll()
  } catch (error) {
    if (error instanceof ExpressionSyntaxError) throw error
    // Only a bug (or an exhausted stack despite the depth limit) gets here; keep the contract anyway.
    throw new ExpressionSyntaxError(`internal parser error: ${String(error)}`, source, 0)
  }
}

/** Like `parseExpression`, but reports the error as a value. Never throws. */
export function tryParseExpression(
  source: string,
): { ok: true; expr: Expr } | { ok: false; error: ExpressionSyntaxError } {
  try {
    return { ok: true, expr: parseExpression(source) }
  } catch (error) {
    if (error instanceof ExpressionSyntaxError) return { ok: false, error }
    return { ok: false, error: new ExpressionSyntaxError(`internal parser error: ${String(error)}`, '', 0) }
  }
}

class Parser {
  private readonly lexer: Lexer
  private token: Token
  /** Open parentheses, NOTs and unary minuses around the current position. */
  private nesting = 0
  /** Height of every node built so far, to bound trees that loops build without recursion (`1+1+1…`). */
  private readonly heights = new WeakMap<Expr, number>()

  constructor(private readonly source: string) {
    this.lexer = new Lexer(source)
    this.token = this.lexer.next()
  }

  parseAll(): Expr {
    if (this.token.type === 'eof') throw this.error('expected an expression but the input is empty', this.token.start)
    const expr = this.parseOr()
    // Re-read through a method: TypeScript's narrowing of this.token above does not survive parseOr().
    if (this.current().type !== 'eof') {
      if (this.isPunct(')')) throw this.error("unmatched ')'", this.token.start)
      throw this.error(`unexpected ${describe(this.token)} after the end of the expression`, this.token.start)
    }
    return expr
  }

  private parseOr(): Expr {
    let left = this.parseAnd()
    while (this.isWord('OR')) {
      const at = this.advance().start
      left = this.build({ kind: 'logical', op: 'OR', left, right: this.parseAnd() }, at)
    }
    return left
  }

  private parseAnd(): Expr {
    let left = this.parseNot()
    while (this.isWord('AND')) {
      const at = this.advance().start
      left = this.build({ kind: 'logical', op: 'AND', left, right: this.parseNot() }, at)
    }
    return left
  }

  private parseNot(): Expr {
    if (!this.isWord('NOT')) return this.parsePredicate()
    const at = this.advance().start
    const operand = this.nested(at, () => this.parseNot())
    return this.build({ kind: 'not', operand }, at)
  }

  /** One additive operand, optionally followed by one comparison-level operator. */
  private parsePredicate(): Expr {
    const operand = this.parseAdditive()
    const at = this.token.start
    let result: Expr
    if (this.token.type === 'punct' && COMPARE_OPS.has(this.token.punct)) {
      const op = this.token.punct as CompareOp
      this.advance()
      result = this.build({ kind: 'compare', op, left: operand, right: this.parseAdditive() }, at)
    } else if (this.isWord('IS')) {
      this.advance()
      const negated = this.acceptWord('NOT')
      if (!this.isWord('NULL')) {
        throw this.error(`expected NULL after IS${negated ? ' NOT' : ''} but found ${describe(this.token)}`, this.token.start)
      }
      this.advance()
      result = this.build({ kind: 'isNull', negated, operand }, at)
    } else if (this.isWord('NOT') || this.isWord('IN') || this.isWord('LIKE') || this.isWord('BETWEEN')) {
      const negated = this.acceptWord('NOT')
      result = this.parseSetOrPattern(operand, negated, at)
    } else {
      return operand
    }
    if (this.startsPredicate()) {
      throw this.error('comparisons cannot be chained; use AND or parentheses', this.token.start)
    }
    return result
  }

  private parseSetOrPattern(operand: Expr, negated: boolean, at: number): Expr {
    if (this.acceptWord('IN')) {
      const open = this.expectPunct('(', 'after IN')
      const list = this.nested(open.start, () => this.parseList())
      this.expectClosing(open)
      return this.build({ kind: 'in', negated, operand, list }, at)
    }
    if (this.acceptWord('LIKE')) {
      return this.build({ kind: 'like', negated, operand, pattern: this.parseAdditive() }, at)
    }
    if (this.acceptWord('BETWEEN')) {
      const low = this.parseAdditive()
      if (!this.acceptWord('AND')) {
        throw this.error(`expected AND in BETWEEN but found ${describe(this.token)}`, this.token.start)
      }
      return this.build({ kind: 'between', negated, operand, low, high: this.parseAdditive() }, at)
    }
    throw this.error(`expected IN, LIKE or BETWEEN after NOT but found ${describe(this.token)}`, this.token.start)
  }

  private parseAdditive(): Expr {
    let left = this.parseMultiplicative()
    while (this.token.type === 'punct' && (this.token.punct === '||' || this.token.punct === '+' || this.token.punct === '-')) {
      const op = this.token.punct
      const at = this.advance().start
      left = this.build({ kind: 'binary', op, left, right: this.parseMultiplicative() }, at)
    }
    return left
  }

  private parseMultiplicative(): Expr {
    let left = this.parseUnary()
    while (this.token.type === 'punct' && (this.token.punct === '*' || this.token.punct === '/')) {
      const op = this.token.punct
      const at = this.advance().start
      left = this.build({ kind: 'binary', op, left, right: this.parseUnary() }, at)
    }
    return left
  }

  private parseUnary(): Expr {
    if (!this.isPunct('-')) return this.parsePrimary()
    const at = this.advance().start
    const operand = this.nested(at, () => this.parseUnary())
    return this.build({ kind: 'negate', operand }, at)
  }

  private parsePrimary(): Expr {
    const token = this.token
    switch (token.type) {
      case 'number':
        this.advance()
        return { kind: 'number', value: token.value }
      case 'string':
        this.advance()
        return { kind: 'string', value: token.value }
      case 'ref':
        this.advance()
        return { kind: 'ref', name: token.name }
      case 'punct':
        if (token.punct === '(') {
          this.advance()
          const inner = this.nested(token.start, () => this.parseOr())
          this.expectClosing(token)
          return inner
        }
        throw this.error(`expected an expression but found ${describe(token)}`, token.start)
      case 'eof':
        throw this.error('unexpected end of input; expected an expression', token.start)
      case 'word':
        return this.parseWord(token)
    }
  }

  private parseWord(token: Token & { type: 'word' }): Expr {
    const word = token.word
    if (word === 'NULL' || word === 'TRUE' || word === 'FALSE') {
      this.advance()
      return word === 'NULL' ? { kind: 'null' } : { kind: 'boolean', value: word === 'TRUE' }
    }
    if (isFunctionName(word)) {
      this.advance()
      return this.parseCall(word, token.start)
    }
    if (KEYWORDS.has(word)) throw this.error(`expected an expression but found ${word}`, token.start)
    // Look at the raw next character so that a later lexical error cannot hide this one.
    if (this.lexer.peekChar() === '(') throw this.error(`unknown function ${word}`, token.start)
    throw this.error(`unknown name ${word}; an item reference needs a colon, as in :${word}`, token.start)
  }

  private parseCall(fn: FunctionName, at: number): Expr {
    const open = this.expectPunct('(', `after ${fn}`)
    const args: Expr[] = []
    const starts: number[] = []
    this.nested(open.start, () => {
      if (this.isPunct(')')) return
      starts.push(this.token.start)
      args.push(this.parseOr())
      while (this.acceptPunct(',')) {
        starts.push(this.token.start)
        args.push(this.parseOr())
      }
    })
    const signature = FUNCTION_SIGNATURES[fn]
    if (args.length > signature.max) {
      throw this.error(`${fn} ${describeArity(signature)} but got ${args.length}`, starts[signature.max] ?? at)
    }
    const close = this.expectClosing(open)
    if (args.length < signature.min) {
      throw this.error(`${fn} ${describeArity(signature)} but got ${args.length}`, close.start)
    }
    return this.build({ kind: 'call', fn, args }, at)
  }

  private parseList(): Expr[] {
    const list = [this.parseOr()]
    while (this.acceptPunct(',')) list.push(this.parseOr())
    return list
  }

  /** Runs `parse` one nesting level deeper, refusing to go past the limit. */
  private nested<T>(at: number, parse: () => T): T {
    if (++this.nesting > MAX_NESTING_DEPTH) throw this.tooDeep(at)
    try {
      return parse()
    } finally {
      this.nesting--
    }
  }

  /** Records a new node's height and refuses trees taller than the limit. */
  private build(expr: Expr, at: number): Expr {
    // Leaves have height 0, so the limit reads as "at most N nested operators".
    let height = 0
    for (const child of childrenOf(expr)) height = Math.max(height, this.heights.get(child) ?? 0)
    if (height + 1 > MAX_NESTING_DEPTH) throw this.tooDeep(at)
    this.heights.set(expr, height + 1)
    return expr
  }

  private tooDeep(at: number): ExpressionSyntaxError {
    return this.error(`expression is nested too deeply (more than ${MAX_NESTING_DEPTH} levels)`, at)
  }

  /** True when the current token would start another comparison-level operator. */
  private startsPredicate(): boolean {
    if (this.token.type === 'punct') return COMPARE_OPS.has(this.token.punct)
    return ['IS', 'IN', 'LIKE', 'BETWEEN'].some((w) => this.isWord(w))
  }

  private current(): Token {
    return this.token
  }

  private advance(): Token {
    const previous = this.token
    this.token = this.lexer.next()
    return previous
  }

  private isWord(word: string): boolean {
    return this.token.type === 'word' && this.token.word === word
  }

  private isPunct(punct: string): boolean {
    return this.token.type === 'punct' && this.token.punct === punct
  }

  private acceptWord(word: string): boolean {
    if (!this.isWord(word)) return false
    this.advance()
    return true
  }

  private acceptPunct(punct: string): boolean {
    if (!this.isPunct(punct)) return false
    this.advance()
    return true
  }

  private expectPunct(punct: string, context: string): Token {
    if (!this.isPunct(punct)) {
      throw this.error(`expected '${punct}' ${context} but found ${describe(this.token)}`, this.token.start)
    }
    return this.advance()
  }

  private expectClosing(open: Token): Token {
    if (!this.isPunct(')')) {
      const { line, column } = lineAndColumn(this.source, open.start)
      throw this.error(
        `expected ')' to close the '(' at line ${line}, column ${column} but found ${describe(this.token)}`,
        this.token.start,
      )
    }
    return this.advance()
  }

  private error(reason: string, position: number): ExpressionSyntaxError {
    return new ExpressionSyntaxError(reason, this.source, position)
  }
}

function describe(token: Token): string {
  switch (token.type) {
    case 'eof':
      return 'the end of the input'
    case 'number':
      return `number ${token.text}`
    case 'string':
      return `string ${quote(token.value)}`
    case 'ref':
      return `item reference :${token.name}`
    case 'word':
      return token.word
    case 'punct':
      return `'${token.punct}'`
  }
}

function quote(text: string): string {
  const shown = text.length > 20 ? `${text.slice(0, 20)}…` : text
  return `'${shown.replace(/'/g, "''")}'`
}
