/**
 * Conversions between expression values, following Oracle's implicit
 * conversions: '' is null, text becomes a number only when it reads as one.
 */
import { numberToString } from '../model/values.js'
import type { ExprValue } from './ast.js'

/**
 * The session-state form of a value: numbers via `numberToString` (so `0.5`,
 * not Oracle's `.5`, to match every other number the engine stores), booleans
 * as 'TRUE'/'FALSE', '' and non-finite numbers as null.
 */
export function toItemValue(v: ExprValue): string | null {
  if (v === null) return null
  if (typeof v === 'number') return Number.isFinite(v) ? numberToString(v) : null
  if (typeof v === 'boolean') return v ? 'TRUE' : 'FALSE'
  return v === '' ? null : v
}

/** Text of a value for `||`, string functions and LIKE; same rules as stored values. */
export const toText = toItemValue

/**
 * TO_NUMBER without a format mask: optional blanks, sign, digits with at most
 * one '.', optional exponent. Decimal separator is always '.', group separators
 * are not accepted. The pattern has no ambiguous repetition, so hostile text
 * cannot make it backtrack.
 */
const NUMERIC_TEXT = /^\s*[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?\s*$/

/** Parses numeric text, or returns undefined when it is not a number (or overflows). */
export function parseNumber(text: string): number | undefined {
  if (!NUMERIC_TEXT.test(text)) return undefined
  const n = Number(text.trim())
  return Number.isFinite(n) ? (Object.is(n, -0) ? 0 : n) : undefined
}

export type NumberConversion = { readonly ok: true; readonly value: number | null } | { readonly ok: false; readonly problem: string }

/** Implicit or explicit conversion to a number; null stays null, booleans never convert. */
export function toNumber(v: ExprValue): NumberConversion {
  if (v === null || v === '') return { ok: true, value: null }
  if (typeof v === 'number') return { ok: true, value: v }
  if (typeof v === 'boolean') return { ok: false, problem: `cannot use the boolean ${v ? 'TRUE' : 'FALSE'} as a number` }
  const n = parseNumber(v)
  return n === undefined ? { ok: false, problem: `${describeValue(v)} is not a number` } : { ok: true, value: n }
}

/** A value as it would be written in the language, for warnings. */
export function describeValue(v: ExprValue): string {
  if (v === null) return 'NULL'
  if (typeof v === 'boolean') return v ? 'TRUE' : 'FALSE'
  if (typeof v === 'number') return numberToString(v)
  const shown = v.length > 40 ? `${v.slice(0, 40)}…` : v
  return `'${shown.replace(/'/g, "''")}'`
}
