/**
 * Values from the database or the interpreter as session state text. Session
 * state is VARCHAR2: a number becomes the text Oracle's implicit TO_CHAR
 * gives (no leading zero before the decimal point: 0.5 → ".5"), an empty
 * string is null (Oracle has no empty string).
 */
import type { SqlValue } from './backend.js'

export function itemText(value: SqlValue | boolean | undefined): string | null {
  if (value === undefined || value === null) return null
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE'
  if (typeof value === 'number') return numberText(value)
  return value === '' ? null : value
}

export function numberText(n: number): string {
  if (!Number.isFinite(n)) return String(n)
  const text = String(n)
  if (text.startsWith('0.')) return text.slice(1)
  if (text.startsWith('-0.')) return `-${text.slice(2)}`
  return text
}
