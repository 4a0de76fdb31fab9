/**
 * Evaluation of parsed expressions. Total by design: every run-time problem
 * (unknown item, a value that is not a number, division by zero, a
 * non-boolean where a condition is needed…) is reported through
 * `ctx.warn` and turns the offending sub-expression into null, as the
 * debugger must keep simulating where APEX would raise an error.
 */
import { bytesOverLimit, MAX_VALUE_BYTES, normalizeName } from '../model/values.js'
import type { Between, Binary, Call, Compare, Expr, ExprValue, In, Like, Logical } from './ast.js'
import { applyArithmetic } from './arithmetic.js'
import { describeValue, toNumber, toText } from './coercion.js'
import { orderValues, satisfies, type Ordering } from './comparison.js'
import { lookupItem, type EvalContext } from './eval-context.js'
import { formatExpr } from './format.js'
import { likeMatches } from './like.js'
import { ExpressionLimitError } from './limit-error.js'
import { characterLength, nullIfEmpty, substr, trimSpaces } from './string-functions.js'
import { and3, not3, or3, type Truth } from './three-valued-logic.js'

/**
 * Evaluates `expr`. Problems go to `ctx.warn` and yield null; the one
 * exception is a bound that protects the host (a computed string over the
 * value limit, a LIKE over its work limit): that throws ExpressionLimitError,
 * placed by `ctx.where`, and the engine makes it an error step.
 */
export function evaluate(expr: Expr, ctx: EvalContext): ExprValue {
  const evaluator = new Evaluator(ctx)
  try {
    return evaluator.value(expr)
  } catch (error) {
    if (error instanceof ExpressionLimitError) throw error.at(whereOf(ctx))
    // Only a bug, a throwing context, or a hand-built tree deeper than the parser allows gets here.
    evaluator.warnSafely(`evaluation failed: ${String(error)}`)
    return null
  }
}

/**
 * Evaluates a condition: true only for boolean TRUE. FALSE and unknown (null)
 * are false; any other value warns and counts as false.
 */
export function evaluateCondition(expr: Expr, ctx: EvalContext): boolean {
  const value = evaluate(expr, ctx)
  if (value === true) return true
  if (value === false || value === null) return false
  new Evaluator(ctx).warnSafely(
    `condition ${snippet(expr)} evaluated to ${describeValue(value)} rather than TRUE or FALSE; treated as false`,
  )
  return false
}

class Evaluator {
  constructor(private readonly ctx: EvalContext) {}

  value(expr: Expr): ExprValue {
    switch (expr.kind) {
      case 'string':
        return nullIfEmpty(expr.value)
      case 'number':
        return expr.value
      case 'boolean':
        return expr.value
      case 'null':
        return null
      case 'ref':
        return lookupItem(this.ctx, expr.name)
      case 'negate': {
        const n = this.number(this.value(expr.operand), expr)
        return n === null ? null : n === 0 ? 0 : -n
      }
      case 'not':
        return not3(this.truth(expr.operand))
      case 'binary':
        return this.binary(expr)
      case 'compare':
        return this.compare(expr)
      case 'logical':
        return this.logical(expr)
      case 'isNull': {
        const isNull = this.value(expr.operand) === null
        return expr.negated ? !isNull : isNull
      }
      case 'in':
        return this.in(expr)
      case 'like':
        return this.like(expr)
      case 'between':
        return this.between(expr)
      case 'call':
        return this.call(expr)
    }
  }

  private binary(expr: Binary): ExprValue {
    const left = this.value(expr.left)
    const right = this.value(expr.right)
    if (expr.op === '||') {
      // Concatenation treats null as '' (Oracle), so only two nulls give null.
      return capped(nullIfEmpty((toText(left) ?? '') + (toText(right) ?? '')), '||')
    }
    const a = this.number(left, expr)
    const b = this.number(right, expr)
    if (a === null || b === null) return null
    const result = applyArithmetic(expr.op, a, b)
    if (result.ok) return result.value
    this.warn(result.problem, expr)
    return null
  }

  private compare(expr: Compare): Truth {
    const order = this.order(this.value(expr.left), this.value(expr.right), expr)
    return order === null ? null : satisfies(expr.op, order)
  }

  private logical(expr: Logical): Truth {
    // Short-circuit like PL/SQL: the right side is not evaluated (nor warned about) when the left decides.
    const left = this.truth(expr.left)
    if (expr.op === 'AND') {
      if (left === false) return false
      const right = this.truth(expr.right)
      return and3(left, right)
    }
    if (left === true) return true
    const right = this.truth(expr.right)
    return or3(left, right)
  }

  /** `x IN (a, b…)` is `x = a OR x = b…`; it stops at the first match. */
  private in(expr: In): Truth {
    const operand = this.value(expr.operand)
    if (operand === null) return null
    let unknown = false
    let found = false
    for (const item of expr.list) {
      const order = this.order(operand, this.value(item), expr)
      if (order === 0) {
        found = true
        break
      }
      if (order === null) unknown = true
    }
    const result: Truth = found ? true : unknown ? null : false
    return expr.negated ? not3(result) : result
  }

  private like(expr: Like): Truth {
    const text = toText(this.value(expr.operand))
    const pattern = toText(this.value(expr.pattern))
    if (text === null || pattern === null) return null
    const matches = likeMatches(text, pattern)
    return expr.negated ? !matches : matches
  }

  /** `x BETWEEN low AND high` is `x >= low AND x <= high`. */
  private between(expr: Between): Truth {
    const operand = this.value(expr.operand)
    const low = this.value(expr.low)
    const high = this.value(expr.high)
    const fromLow = this.order(operand, low, expr)
    const toHigh = this.order(operand, high, expr)
    const result = and3(fromLow === null ? null : fromLow >= 0, toHigh === null ? null : toHigh <= 0)
    return expr.negated ? not3(result) : result
  }

  /** Argument i of a call, evaluated (null when absent). A method, not a closure made per call evaluated. */
  private arg(args: Call['args'], i: number): ExprValue {
    const e = args[i]
    return e === undefined ? null : this.value(e)
  }

  private call(expr: Call): ExprValue {
    const args = expr.args
    switch (expr.fn) {
      case 'NVL': {
        // Oracle evaluates both NVL arguments, so both may warn.
        const first = this.arg(args, 0)
        const second = this.arg(args, 1)
        return first ?? second
      }
      case 'COALESCE':
        for (const e of args) {
          const v = this.value(e)
          if (v !== null) return v
        }
        return null
      case 'UPPER':
        // Case mapping can lengthen text ('ß' → 'SS'), so its result is capped too.
        return capped(toText(this.arg(args, 0))?.toUpperCase() ?? null, 'UPPER')
      case 'LOWER':
        return capped(toText(this.arg(args, 0))?.toLowerCase() ?? null, 'LOWER')
      case 'TRIM': {
        const text = toText(this.arg(args, 0))
        return text === null ? null : trimSpaces(text)
      }
      case 'LENGTH': {
        const text = toText(this.arg(args, 0))
        return text === null ? null : characterLength(text)
      }
      case 'SUBSTR': {
        const text = toText(this.arg(args, 0))
        const position = this.number(this.arg(args, 1), expr)
        const length = args.length > 2 ? this.number(this.arg(args, 2), expr) : undefined
        if (text === null || position === null || length === null) return null
        return substr(text, position, length)
      }
      case 'TO_NUMBER':
        return this.number(this.arg(args, 0), expr)
      case 'TO_CHAR':
        return toText(this.arg(args, 0))
      case 'V':
        return this.item(this.arg(args, 0), expr)
      case 'NV':
        return this.number(this.item(this.arg(args, 0), expr), expr)
    }
  }

  /** The item named by the argument of V / NV (any text expression, case-insensitive). */
  private item(nameValue: ExprValue, expr: Call): string | null {
    const name = toText(nameValue)
    const key = name === null ? '' : normalizeName(name)
    if (key === '') {
      this.warn(`${expr.fn} needs an item name`, expr)
      return null
    }
    return lookupItem(this.ctx, key)
  }

  /** A condition operand: booleans and unknown pass, anything else warns and becomes unknown. */
  private truth(expr: Expr): Truth {
    const v = this.value(expr)
    if (v === null || typeof v === 'boolean') return v
    this.warn(`expected TRUE or FALSE but got ${describeValue(v)}`, expr)
    return null
  }

  private number(v: ExprValue, context: Expr): number | null {
    const result = toNumber(v)
    if (result.ok) return result.value
    this.warn(result.problem, context)
    return null
  }

  /** Ordering of two values, or null when either is null or they cannot be compared (warned). */
  private order(a: ExprValue, b: ExprValue, context: Expr): Ordering | null {
    if (a === null || b === null) return null
    const result = orderValues(a, b)
    if (result.ok) return result.order
    this.warn(result.problem, context)
    return null
  }

  private warn(problem: string, context: Expr): void {
    this.warnSafely(`${problem} in ${snippet(context)}`)
  }

  /** Reports a problem; a context whose warn throws must not break the never-throws promise. */
  warnSafely(message: string): void {
    try {
      this.ctx.warn(message)
    } catch {
      // Nothing sensible is left to do with the warning.
    }
  }
}

/** `ctx.where()`, or undefined when the context has no place or fails to name it. */
function whereOf(ctx: EvalContext): string | undefined {
  try {
    return ctx.where?.()
  } catch {
    return undefined
  }
}

/**
 * A computed string, refused past the value limit (semantics: values are at
 * most MAX_VALUE_BYTES). Checked where a string can grow, so 40 doublings of
 * an item stop at the first result over 1 MiB rather than after gigabytes.
 */
export function capped<T extends ExprValue>(value: T, operation: string): T {
  if (typeof value !== 'string') return value
  const bytes = bytesOverLimit(value)
  if (bytes === null) return value
  throw new ExpressionLimitError(`${operation} gives a value of ${bytes} bytes, over the ${MAX_VALUE_BYTES}-byte limit of a session-state value`)
}

/** A sub-expression as canonical text, shortened so warnings stay readable. */
function snippet(expr: Expr): string {
  let text: string
  try {
    text = formatExpr(expr)
  } catch {
    // A hand-built tree too deep to format must not turn a warning into a throw.
    return '(expression)'
  }
  return text.length > 80 ? `${text.slice(0, 79)}…` : text
}
