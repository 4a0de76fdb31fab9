/**
 * Translates simple PL/SQL and SQL expressions into the engine's expression
 * language (semantics §7): item references (`:P1_X`, `v('X')`), literals,
 * `||`, arithmetic, comparisons, `AND/OR/NOT`, `IS [NOT] NULL`, `IN`, `LIKE`,
 * `BETWEEN` and the functions the engine knows. Anything else (a package call,
 * `sysdate`, a sub-query) returns undefined: the caller keeps the original text
 * as "not simulated" instead of guessing.
 *
 * The output is rebuilt from the parse, so it is always in the engine's syntax
 * and parenthesised exactly where precedence needs it.
 */
import { itemRef, quoteLiteral } from './expression-text.js'
import type { PlsqlToken } from './plsql-tokens.js'
import { tokenizePlsql } from './plsql-tokens.js'
import type { SubstitutionStrings } from './substitution-text.js'
import { hasSubstitution, staticTextToExpression } from './substitution-text.js'

export interface TranslateContext {
  substitutions?: SubstitutionStrings
}

/** The engine expression for `source`, or undefined when it cannot be stated there. */
export function translateExpression(source: string, context: TranslateContext = {}): string | undefined {
  const tokens = tokenizePlsql(source)
  if (tokens === undefined || tokens.length === 0) return undefined
  // A trailing `;` is common in "PL/SQL expression" fields and means nothing.
  let end = tokens.length
  const last = tokens[end - 1]
  if (last?.type === 'punct' && last.punct === ';') end--
  return translateTokens(tokens, 0, end, context)
}

/** Translates `tokens[from, to)` as one whole expression. */
export function translateTokens(tokens: readonly PlsqlToken[], from: number, to: number, context: TranslateContext): string | undefined {
  if (from >= to) return undefined
  try {
    const parser = new ExpressionParser(tokens, from, to, context)
    const result = parser.expression()
    return parser.atEnd() ? result.text : undefined
  } catch (error) {
    if (error instanceof Untranslatable) return undefined
    throw error
  }
}

class Untranslatable extends Error {}

/** Printed text plus how tightly it binds (higher binds tighter). */
interface Printed {
  text: string
  prec: number
}

const PREC = { or: 1, and: 2, not: 3, compare: 4, additive: 5, multiplicative: 6, unary: 7, primary: 8 } as const

/** Functions the engine knows, with their argument counts (engine's function-signatures). */
const FUNCTIONS: Record<string, { min: number; max: number }> = {
  nvl: { min: 2, max: 2 },
  coalesce: { min: 2, max: Infinity },
  upper: { min: 1, max: 1 },
  lower: { min: 1, max: 1 },
  trim: { min: 1, max: 1 },
  length: { min: 1, max: 1 },
  substr: { min: 2, max: 3 },
  to_number: { min: 1, max: 1 },
  to_char: { min: 1, max: 1 },
  v: { min: 1, max: 1 },
  nv: { min: 1, max: 1 },
}

/** Package functions that are the same as an engine function. */
const FUNCTION_ALIASES: Record<string, string> = {
  'apex_util.get_session_state': 'v',
  'apex_util.get_numeric_session_state': 'nv',
  'htmldb_util.get_session_state': 'v',
  'wwv_flow.get_session_state': 'v',
}

/** Engine globals that PL/SQL reads from package variables. */
const GLOBALS: Record<string, string> = {
  g_request: 'REQUEST',
  g_flow_id: 'APP_ID',
  g_flow_step_id: 'APP_PAGE_ID',
  g_user: 'APP_USER',
  g_instance: 'APP_SESSION',
  g_debug: 'DEBUG',
}
const GLOBAL_PACKAGES = new Set(['apex_application', 'wwv_flow', 'htmldb_application'])

class ExpressionParser {
  private pos: number
  private depth = 0

  constructor(
    private readonly tokens: readonly PlsqlToken[],
    from: number,
    private readonly to: number,
    private readonly context: TranslateContext,
  ) {
    this.pos = from
  }

  atEnd(): boolean {
    return this.pos >= this.to
  }

  expression(): Printed {
    if (++this.depth > 150) throw new Untranslatable()
    try {
      return this.or()
    } finally {
      this.depth--
    }
  }

  private or(): Printed {
    let left = this.and()
    while (this.isWord('or')) {
      this.pos++
      const right = this.and()
      left = { text: `${wrap(left, PREC.or)} OR ${wrap(right, PREC.or + 1)}`, prec: PREC.or }
    }
    return left
  }

  private and(): Printed {
    let left = this.not()
    while (this.isWord('and')) {
      this.pos++
      const right = this.not()
      left = { text: `${wrap(left, PREC.and)} AND ${wrap(right, PREC.and + 1)}`, prec: PREC.and }
    }
    return left
  }

  private not(): Printed {
    if (this.isWord('not')) {
      this.pos++
      const operand = this.not()
      // Parenthesised so the meaning never depends on how a reader ranks NOT against comparisons.
      return { text: `NOT ${wrap(operand, PREC.primary)}`, prec: PREC.not }
    }
    return this.comparison()
  }

  private comparison(): Printed {
    const left = this.additive()
    const op = this.peekPunct()
    const operand = wrap(left, PREC.compare + 1)
    if (op !== undefined && ['=', '!=', '<>', '^=', '~=', '<', '<=', '>', '>='].includes(op)) {
      this.pos++
      const right = this.additive()
      const written = op === '^=' || op === '~=' ? '!=' : op
      return { text: `${operand} ${written} ${wrap(right, PREC.compare + 1)}`, prec: PREC.compare }
    }
    if (this.isWord('is')) {
      this.pos++
      const negated = this.isWord('not')
      if (negated) this.pos++
      this.expectWord('null')
      return { text: `${operand} IS ${negated ? 'NOT ' : ''}NULL`, prec: PREC.compare }
    }
    const negated = this.isWord('not') && ['in', 'like', 'between'].includes(this.wordAt(this.pos + 1) ?? '')
    if (negated) this.pos++
    const not = negated ? 'NOT ' : ''
    if (this.isWord('in')) {
      this.pos++
      this.expectPunct('(')
      const items = this.list()
      return { text: `${operand} ${not}IN (${items.map((i) => i.text).join(', ')})`, prec: PREC.compare }
    }
    if (this.isWord('like')) {
      this.pos++
      const pattern = this.additive()
      if (this.isWord('escape')) throw new Untranslatable()
      return { text: `${operand} ${not}LIKE ${wrap(pattern, PREC.compare + 1)}`, prec: PREC.compare }
    }
    if (this.isWord('between')) {
      this.pos++
      const low = this.additive()
      this.expectWord('and')
      const high = this.additive()
      return {
        text: `${operand} ${not}BETWEEN ${wrap(low, PREC.compare + 1)} AND ${wrap(high, PREC.compare + 1)}`,
        prec: PREC.compare,
      }
    }
    if (negated) throw new Untranslatable()
    return left
  }

  private additive(): Printed {
    let left = this.multiplicative()
    for (;;) {
      const op = this.peekPunct()
      if (op !== '||' && op !== '+' && op !== '-') return left
      this.pos++
      const right = this.multiplicative()
      left = { text: `${wrap(left, PREC.additive)} ${op} ${wrap(right, PREC.additive + 1)}`, prec: PREC.additive }
    }
  }

  private multiplicative(): Printed {
    let left = this.unary()
    for (;;) {
      const op = this.peekPunct()
      if (op !== '*' && op !== '/') return left
      this.pos++
      const right = this.unary()
      left = { text: `${wrap(left, PREC.multiplicative)} ${op} ${wrap(right, PREC.multiplicative + 1)}`, prec: PREC.multiplicative }
    }
  }

  private unary(): Printed {
    const op = this.peekPunct()
    if (op === '-' || op === '+') {
      this.pos++
      const operand = this.unary()
      if (op === '+') return operand
      // `--x` would start a comment: a negated negation keeps its parentheses.
      const inner = wrap(operand, PREC.unary)
      return { text: inner.startsWith('-') ? `-(${inner})` : `-${inner}`, prec: PREC.unary }
    }
    return this.primary()
  }

  private primary(): Printed {
    const token = this.tokens[this.pos]
    if (token === undefined || this.pos >= this.to) throw new Untranslatable()
    this.pos++
    switch (token.type) {
      case 'string':
        return this.stringLiteral(token.value)
      case 'number':
        return { text: token.text, prec: PREC.primary }
      case 'bind':
        return this.reference(token.name)
      case 'punct':
        if (token.punct === '(') {
          const inner = this.expression()
          this.expectPunct(')')
          return inner
        }
        throw new Untranslatable()
      case 'word':
        return this.word(token.word)
    }
  }

  /** A literal; `&ITEM.` inside it is substituted by APEX before the code runs. */
  private stringLiteral(value: string): Printed {
    if (!hasSubstitution(value)) return { text: quoteLiteral(value), prec: PREC.primary }
    const text = staticTextToExpression(value, this.context.substitutions) ?? "''"
    return { text, prec: text.includes(' || ') ? PREC.additive : PREC.primary }
  }

  private reference(name: string): Printed {
    const constant = this.context.substitutions?.[name.toUpperCase()]
    if (constant !== undefined) {
      const text = staticTextToExpression(constant, this.context.substitutions) ?? "''"
      return { text, prec: text.includes(' || ') ? PREC.additive : PREC.primary }
    }
    return { text: itemRef(name), prec: PREC.primary }
  }

  private word(first: string): Printed {
    if (first === 'null') return { text: 'NULL', prec: PREC.primary }
    if (first === 'true' || first === 'false') return { text: first.toUpperCase(), prec: PREC.primary }
    let path = first
    while (this.isPunct('.') && this.tokens[this.pos + 1]?.type === 'word') {
      path += `.${(this.tokens[this.pos + 1] as { word: string }).word}`
      this.pos += 2
    }
    const dot = path.lastIndexOf('.')
    if (dot > 0 && GLOBAL_PACKAGES.has(path.slice(0, dot)) && GLOBALS[path.slice(dot + 1)] !== undefined) {
      return { text: `:${GLOBALS[path.slice(dot + 1)]}`, prec: PREC.primary }
    }
    const fn = FUNCTION_ALIASES[path] ?? path
    const signature = FUNCTIONS[fn]
    if (signature === undefined || !this.isPunct('(')) throw new Untranslatable()
    this.pos++
    const args = this.list()
    if (args.length < signature.min || args.length > signature.max) throw new Untranslatable()
    return { text: `${fn.toUpperCase()}(${args.map((a) => a.text).join(', ')})`, prec: PREC.primary }
  }

  /** `a, b, c)` — after the opening parenthesis; named arguments (`=>`) are not handled. */
  private list(): Printed[] {
    const items: Printed[] = []
    if (this.isPunct(')')) throw new Untranslatable()
    for (;;) {
      items.push(this.expression())
      if (this.isPunct(',')) {
        this.pos++
        continue
      }
      this.expectPunct(')')
      return items
    }
  }

  private peekPunct(): string | undefined {
    const token = this.pos < this.to ? this.tokens[this.pos] : undefined
    return token?.type === 'punct' ? token.punct : undefined
  }

  private isPunct(punct: string): boolean {
    return this.peekPunct() === punct
  }

  private wordAt(index: number): string | undefined {
    const token = index < this.to ? this.tokens[index] : undefined
    return token?.type === 'word' ? token.word : undefined
  }

  private isWord(word: string): boolean {
    return this.wordAt(this.pos) === word
  }

  private expectWord(word: string): void {
    if (!this.isWord(word)) throw new Untranslatable()
    this.pos++
  }

  private expectPunct(punct: string): void {
    if (!this.isPunct(punct)) throw new Untranslatable()
    this.pos++
  }
}

/** Parenthesises `printed` when it binds looser than the place it goes into. */
function wrap(printed: Printed, minPrec: number): string {
  return printed.prec < minPrec ? `(${printed.text})` : printed.text
}
