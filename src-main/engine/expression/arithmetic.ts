/**
 * `+ - * /` on numbers. Oracle NUMBER is decimal; JavaScript numbers are
 * binary, so 0.1 + 0.2 would show as 0.30000000000000004 in the debugger
 * where APEX shows 0.3. Fractional results are therefore rounded to 15
 * significant digits (the precision a double always holds exactly); integer
 * results are kept as they are.
 */
import type { ArithmeticOp } from './ast.js'

export type ArithmeticResult = { readonly ok: true; readonly value: number } | { readonly ok: false; readonly problem: string }

export function applyArithmetic(op: ArithmeticOp, a: number, b: number): ArithmeticResult {
  if (op === '/' && b === 0) return { ok: false, problem: 'division by zero' }
  const raw = op === '+' ? a + b : op === '-' ? a - b : op === '*' ? a * b : a / b
  if (!Number.isFinite(raw)) return { ok: false, problem: 'numeric overflow' }
  return { ok: true, value: toDecimalPrecision(raw) }
}

export function toDecimalPrecision(n: number): number {
  if (Number.isInteger(n)) return Object.is(n, -0) ? 0 : n
  return Number(n.toPrecision(15))
}
