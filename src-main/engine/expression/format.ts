/**
 * Canonical source text for a tree: keywords and names upper case, single
 * spaces around operators, parentheses only where precedence needs them.
 * `parseExpression(formatExpr(e))` rebuilds `e` exactly, which lets the UI
 * show any sub-expression (for "why" explanations) as text a user could type.
 */
import type { Expr } from './ast.js'
import { isBareBindName } from './names.js'

/** Binding strength of a node's outermost operator (higher binds tighter). */
const Level = {
  Or: 1,
  And: 2,
  Not: 3,
  Predicate: 4,
  Additive: 5,
  Multiplicative: 6,
  Unary: 7,
  Primary: 8,
} as const
type Level = (typeof Level)[keyof typeof Level]

export function formatExpr(expr: Expr): string {
  return at(expr, Level.Or)
}

/** Formats `expr` as an operand that must bind at least as tightly as `min`. */
function at(expr: Expr, min: number): string {
  const text = bare(expr)
  return level(expr) < min ? `(${text})` : text
}

function level(expr: Expr): Level {
  switch (expr.kind) {
    case 'logical':
      return expr.op === 'OR' ? Level.Or : Level.And
    case 'not':
      return Level.Not
    case 'compare':
    case 'isNull':
    case 'in':
    case 'like':
    case 'between':
      return Level.Predicate
    case 'binary':
      return expr.op === '*' || expr.op === '/' ? Level.Multiplicative : Level.Additive
    case 'negate':
      return Level.Unary
    default:
      return Level.Primary
  }
}

function bare(expr: Expr): string {
  switch (expr.kind) {
    case 'string':
      return `'${expr.value.replace(/'/g, "''")}'`
    case 'number':
      return formatNumber(expr.value)
    case 'boolean':
      return expr.value ? 'TRUE' : 'FALSE'
    case 'null':
      return 'NULL'
    case 'ref':
      return isBareBindName(expr.name) ? `:${expr.name}` : `:"${expr.name}"`
    case 'negate': {
      const operand = at(expr.operand, Level.Unary)
      // "--" would start a comment, so a minus never directly precedes another.
      return operand.startsWith('-') ? `-(${operand})` : `-${operand}`
    }
    case 'not':
      return `NOT ${at(expr.operand, Level.Not)}`
    case 'binary':
    case 'logical': {
      // Left-associative: the right operand must bind strictly tighter to keep its grouping.
      const own = level(expr)
      return `${at(expr.left, own)} ${expr.op} ${at(expr.right, own + 1)}`
    }
    case 'compare':
      return `${at(expr.left, Level.Additive)} ${expr.op} ${at(expr.right, Level.Additive)}`
    case 'isNull':
      return `${at(expr.operand, Level.Additive)} IS ${expr.negated ? 'NOT ' : ''}NULL`
    case 'in':
      return `${at(expr.operand, Level.Additive)} ${expr.negated ? 'NOT ' : ''}IN (${expr.list.map(formatExpr).join(', ')})`
    case 'like':
      return `${at(expr.operand, Level.Additive)} ${expr.negated ? 'NOT ' : ''}LIKE ${at(expr.pattern, Level.Additive)}`
    case 'between':
      return (
        `${at(expr.operand, Level.Additive)} ${expr.negated ? 'NOT ' : ''}BETWEEN ` +
        `${at(expr.low, Level.Additive)} AND ${at(expr.high, Level.Additive)}`
      )
    case 'call':
      return `${expr.fn}(${expr.args.map(formatExpr).join(', ')})`
  }
}

/**
 * JavaScript's shortest round-trip spelling: plain decimals for ordinary
 * magnitudes, exponent notation (which the lexer reads) only below 1e-6 or
 * from 1e21 up, where the plain form would be unreadably long.
 */
function formatNumber(n: number): string {
  return String(n)
}
