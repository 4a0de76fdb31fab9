/**
 * Ordering of two non-null values for `=`, `<`, IN and BETWEEN.
 *
 * If either side is a number the other is converted with TO_NUMBER semantics
 * (as Oracle does for a VARCHAR2 bind compared with a number); two strings
 * compare as binary text (UTF-16 code-unit order); booleans compare only with
 * booleans, FALSE before TRUE (Oracle 23ai's BOOLEAN order).
 */
import type { CompareOp, ExprValue } from './ast.js'
import { describeValue, toNumber } from './coercion.js'

export type Ordering = -1 | 0 | 1

export type OrderResult = { readonly ok: true; readonly order: Ordering } | { readonly ok: false; readonly problem: string }

export function orderValues(a: NonNullable<ExprValue>, b: NonNullable<ExprValue>): OrderResult {
  if (typeof a === 'boolean' || typeof b === 'boolean') {
    if (typeof a !== 'boolean' || typeof b !== 'boolean') {
      return { ok: false, problem: `cannot compare ${describeValue(a)} with ${describeValue(b)}` }
    }
    return { ok: true, order: order(Number(a), Number(b)) }
  }
  if (typeof a === 'number' || typeof b === 'number') {
    const x = toNumber(a)
    const y = toNumber(b)
    if (!x.ok) return x
    if (!y.ok) return y
    // Neither side is null here, so both conversions produced numbers.
    return { ok: true, order: order(x.value ?? 0, y.value ?? 0) }
  }
  return { ok: true, order: order(a, b) }
}

export function satisfies(op: CompareOp, order: Ordering): boolean {
  switch (op) {
    case '=':
      return order === 0
    case '<>':
      return order !== 0
    case '<':
      return order < 0
    case '<=':
      return order <= 0
    case '>':
      return order > 0
    case '>=':
      return order >= 0
  }
}

function order<T extends number | string>(a: T, b: T): Ordering {
  return a < b ? -1 : a > b ? 1 : 0
}
