/**
 * What an expression may see of the world: item values by name, and a place
 * to report run-time problems. Keeping it this narrow is what makes the
 * language sandboxed.
 */
import type { Value } from '../model/values.js'

export interface EvalContext {
  /** Value of a name (item or built-in such as APP_ID, REQUEST, APP_USER), or undefined when the name is unknown. Names arrive upper-cased. */
  lookup(name: string): string | null | undefined
  /** Called for runtime problems (unknown name, TO_NUMBER failure, division by zero, non-boolean condition…). */
  warn(message: string): void
  /**
   * Where the expression sits ("computation #1 on page 1"), for the errors
   * that stop a step (ExpressionLimitError); optional, as a bare context has no place.
   */
  where?(): string
}

/**
 * Looks a name up the way `:NAME`, `V('NAME')` and `&NAME.` all do: an unknown
 * name warns and reads as null (semantics §7), and '' reads as null.
 */
export function lookupItem(ctx: EvalContext, name: string): Value {
  const value = ctx.lookup(name)
  if (value === undefined) {
    ctx.warn(`unknown item ${name}`)
    return null
  }
  return value === '' ? null : value
}
