/** Shared test helpers: an in-memory EvalContext that records warnings. */
import type { EvalContext, ExprValue } from '../../../src-main/engine/expression/index.js'
import { evaluate, evaluateCondition, parseExpression } from '../../../src-main/engine/expression/index.js'

export interface RecordingContext extends EvalContext {
  readonly warnings: string[]
  readonly lookedUp: string[]
}

/** A context whose known names are the keys of `values` (already upper-case). */
export function contextOf(values: Record<string, string | null> = {}): RecordingContext {
  const warnings: string[] = []
  const lookedUp: string[] = []
  return {
    warnings,
    lookedUp,
    lookup(name) {
      lookedUp.push(name)
      return Object.prototype.hasOwnProperty.call(values, name) ? values[name] : undefined
    },
    warn(message) {
      warnings.push(message)
    },
  }
}

/** Parses and evaluates `source`, returning the value and the warnings raised. */
export function run(source: string, values: Record<string, string | null> = {}): { value: ExprValue; warnings: string[] } {
  const ctx = contextOf(values)
  const value = evaluate(parseExpression(source), ctx)
  return { value, warnings: ctx.warnings }
}

/** Shorthand when only the value matters. */
export function value(source: string, values: Record<string, string | null> = {}): ExprValue {
  return run(source, values).value
}

export function condition(source: string, values: Record<string, string | null> = {}): { result: boolean; warnings: string[] } {
  const ctx = contextOf(values)
  const result = evaluateCondition(parseExpression(source), ctx)
  return { result, warnings: ctx.warnings }
}
