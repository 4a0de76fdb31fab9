/**
 * Which functions exist and how many arguments each takes. The parser checks
 * calls against this table so that an unknown function or a wrong argument
 * count is a load-time syntax error, never a run-time surprise.
 */
import type { FunctionName } from './ast.js'

export interface FunctionSignature {
  readonly min: number
  /** `Infinity` for variadic functions. */
  readonly max: number
}

export const FUNCTION_SIGNATURES: Readonly<Record<FunctionName, FunctionSignature>> = {
  NVL: { min: 2, max: 2 },
  // Oracle requires at least two expressions for COALESCE.
  COALESCE: { min: 2, max: Infinity },
  UPPER: { min: 1, max: 1 },
  LOWER: { min: 1, max: 1 },
  TRIM: { min: 1, max: 1 },
  LENGTH: { min: 1, max: 1 },
  SUBSTR: { min: 2, max: 3 },
  // Format masks and NLS parameters are not simulated, so only the one-argument forms exist.
  TO_NUMBER: { min: 1, max: 1 },
  TO_CHAR: { min: 1, max: 1 },
  V: { min: 1, max: 1 },
  NV: { min: 1, max: 1 },
}

export function isFunctionName(word: string): word is FunctionName {
  return Object.prototype.hasOwnProperty.call(FUNCTION_SIGNATURES, word)
}

/** "takes 1 argument", "takes 2 or 3 arguments", "takes at least 2 arguments". */
export function describeArity({ min, max }: FunctionSignature): string {
  const plural = (n: number): string => (n === 1 ? 'argument' : 'arguments')
  if (max === Infinity) return `takes at least ${min} ${plural(min)}`
  if (min === max) return `takes ${min} ${plural(min)}`
  return `takes ${min} to ${max} arguments`
}
