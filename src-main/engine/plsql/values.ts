/**
 * The PL/SQL interpreter's value model and Oracle's conversion rules.
 *
 * Scalars are JS values: `null` (Oracle NULL; the empty string is normalised
 * to it, as Oracle does for VARCHAR2), `string`, `number` (NUMBER as a double —
 * see docs/plsql.md), `boolean` (PL/SQL BOOLEAN, which SQL never sees) and
 * `PlsqlDate`. Records (%ROWTYPE, cursor rows, TYPE .. IS RECORD) and
 * collections (TABLE OF, APEX_T_VARCHAR2) are mutable containers.
 */
import { PlsqlError } from './errors'

export class PlsqlDate {
  /** Milliseconds since the epoch in UTC; the simulated clock has no time zone. */
  constructor(readonly ms: number) {}
}

export interface RecordValue {
  kind: 'record'
  /** Upper-cased field name → value, in declaration / select-list order. */
  fields: Map<string, Value>
}

export interface CollectionValue {
  kind: 'collection'
  /** Index (1-based for nested tables; any key for INDEX BY tables) → element. */
  items: Map<string | number, Value>
  indexByString: boolean
}

export type Scalar = null | string | number | boolean | PlsqlDate
export type Value = Scalar | RecordValue | CollectionValue

export function isRecord(v: Value): v is RecordValue {
  return typeof v === 'object' && v !== null && !(v instanceof PlsqlDate) && v.kind === 'record'
}

export function isCollection(v: Value): v is CollectionValue {
  return typeof v === 'object' && v !== null && !(v instanceof PlsqlDate) && v.kind === 'collection'
}

export function newRecord(entries: [string, Value][] = []): RecordValue {
  return { kind: 'record', fields: new Map(entries) }
}

export function newCollection(indexByString = false): CollectionValue {
  return { kind: 'collection', items: new Map(), indexByString }
}

/** Records and collections are copied on assignment (PL/SQL has value semantics). */
export function copyValue(v: Value): Value {
  if (isRecord(v)) return { kind: 'record', fields: new Map([...v.fields].map(([k, x]) => [k, copyValue(x)])) }
  if (isCollection(v)) return { kind: 'collection', indexByString: v.indexByString, items: new Map([...v.items].map(([k, x]) => [k, copyValue(x)])) }
  return v
}

const ORA_06502 = 6502

export function valueError(detail: string): PlsqlError {
  return new PlsqlError(`ORA-06502: PL/SQL: numeric or value error: ${detail}`, ORA_06502, 'VALUE_ERROR')
}

const NUMBER_TEXT = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i

/** Oracle's implicit character → number conversion (surrounding blanks allowed). */
export function toNumber(v: Value): number | null {
  if (v === null) return null
  if (typeof v === 'number') return v
  if (typeof v === 'string') {
    const t = v.trim()
    if (!NUMBER_TEXT.test(t)) throw valueError('character to number conversion error')
    return Number(t)
  }
  if (typeof v === 'boolean') throw valueError('a BOOLEAN is not a number')
  if (v instanceof PlsqlDate) throw valueError('a DATE is not a number')
  throw valueError('a record or collection is not a number')
}

/** Oracle's implicit number → character conversion: `0.5` is `.5`, `-0.5` is `-.5`. */
export function numberToString(n: number): string {
  if (!Number.isFinite(n)) throw valueError('number out of range')
  let s = String(n)
  if (s.includes('e')) {
    // Oracle prints up to 40 digits before switching to scientific notation.
    const abs = Math.abs(n)
    if (abs >= 1 && abs < 1e40) s = BigInt(Math.round(n)).toString()
    else if (abs < 1 && abs >= 1e-30) s = n.toFixed(30).replace(/0+$/, '')
  }
  if (s.startsWith('0.')) return s.slice(1)
  if (s.startsWith('-0.')) return '-' + s.slice(2)
  return s
}

/** The default date format of the interpreter's implicit DATE ⇄ text conversions (docs/plsql.md). */
export const DEFAULT_DATE_FORMAT = 'YYYY-MM-DD HH24:MI:SS'

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0')
}

export function dateToString(d: PlsqlDate): string {
  const x = new Date(d.ms)
  const date = `${pad(x.getUTCFullYear(), 4)}-${pad(x.getUTCMonth() + 1)}-${pad(x.getUTCDate())}`
  return `${date} ${pad(x.getUTCHours())}:${pad(x.getUTCMinutes())}:${pad(x.getUTCSeconds())}`
}

const DATE_TEXT = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?)?$/
const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC']
const ORACLE_DATE_TEXT = /^(\d{1,2})-([A-Za-z]{3})-(\d{2}|\d{4})$/

/** Implicit text → DATE: the default format, ISO with a T, or Oracle's DD-MON-RR(RR). */
export function toDate(v: Value): PlsqlDate | null {
  if (v === null) return null
  if (v instanceof PlsqlDate) return v
  if (typeof v === 'string') {
    const t = v.trim()
    const m = DATE_TEXT.exec(t)
    if (m) {
      const ms = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4] ?? 0), Number(m[5] ?? 0), Number(m[6] ?? 0))
      if (!Number.isNaN(ms)) return new PlsqlDate(ms)
    }
    const o = ORACLE_DATE_TEXT.exec(t)
    if (o) {
      const month = MONTHS.indexOf((o[2] ?? '').toUpperCase())
      let year = Number(o[3])
      if ((o[3] ?? '').length === 2) year += year < 50 ? 2000 : 1900 // RR
      if (month >= 0) return new PlsqlDate(Date.UTC(year, month, Number(o[1])))
    }
    throw new PlsqlError(`ORA-01861: literal does not match format string ('${t}' is not a date in ${DEFAULT_DATE_FORMAT})`, 1861)
  }
  throw valueError('not a date')
}

/** Implicit conversion to VARCHAR2 (what SQL binds and item values receive). */
export function toText(v: Value): string | null {
  if (v === null) return null
  if (typeof v === 'string') return v === '' ? null : v
  if (typeof v === 'number') return numberToString(v)
  if (typeof v === 'boolean') throw valueError('a BOOLEAN cannot be converted to text')
  if (v instanceof PlsqlDate) return dateToString(v)
  throw valueError('a record or collection cannot be converted to text')
}

/** A PL/SQL condition's truth: NULL is "not true" but distinct from FALSE (three-valued logic). */
export function toTruth(v: Value): boolean | null {
  if (v === null) return null
  if (typeof v === 'boolean') return v
  if (typeof v === 'string') {
    const u = v.toUpperCase()
    if (u === 'TRUE') return true
    if (u === 'FALSE') return false
  }
  throw new PlsqlError('PLS-00382: expression is of wrong type (a BOOLEAN was expected)', 382)
}

/** The '' → NULL rule, applied wherever a string value is produced. */
export function normaliseText(s: string | null | undefined): string | null {
  return s === undefined || s === null || s === '' ? null : s
}

/** Comparison with Oracle's rules: NULL compares unknown; a number against text converts the text. */
export function compareValues(a: Value, b: Value): number | null {
  if (a === null || b === null) return null
  if (typeof a === 'number' || typeof b === 'number') {
    const x = toNumber(a)
    const y = toNumber(b)
    if (x === null || y === null) return null
    return x < y ? -1 : x > y ? 1 : 0
  }
  if (a instanceof PlsqlDate || b instanceof PlsqlDate) {
    const x = toDate(a)
    const y = toDate(b)
    if (x === null || y === null) return null
    return x.ms < y.ms ? -1 : x.ms > y.ms ? 1 : 0
  }
  if (typeof a === 'boolean' || typeof b === 'boolean') {
    if (typeof a !== 'boolean' || typeof b !== 'boolean') throw new PlsqlError('PLS-00306: a BOOLEAN compared with a non-BOOLEAN', 306)
    return a === b ? 0 : a ? 1 : -1
  }
  if (typeof a === 'string' && typeof b === 'string') return a < b ? -1 : a > b ? 1 : 0
  throw valueError('records and collections cannot be compared')
}
