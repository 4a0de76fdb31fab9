/**
 * Row validations of an interactive grid or tabular form (issue #11): a
 * validation tied to a grid region runs once per row the submit carries for
 * that grid (`grids`, docs/trace-format.md) — created and updated rows; a
 * deleted row is not validated, as in APEX — with the row's columns as bind
 * variables (`:END_DATE`, `:APEX$ROW_STATUS`) ahead of session state, as APEX
 * binds them in grid validations. A failing row is reported with its number
 * and its key.
 *
 * Code validations (expressions, EXISTS, function bodies) run through the
 * request's logic with the row's binds; the declarative column checks the
 * samples use (regular expression, numeric, date/timestamp, not null) are
 * decided here (docs/decisions.md "Grid row validations").
 */
import type { GridRow } from '../model/operation.js'

/** What the importer keeps of a grid validation (Validation.grid). */
export interface GridValidation {
  /** How the submit names the grid's rows: `R<region id>` (or the region's name). */
  region: string
  regionName?: string
  /** The column the error is shown on. */
  column?: string
  /** The column's heading, for `#COLUMN_HEADER#`. */
  heading?: string
  /** A declarative column check decided here (no code): its APEX type, column and pattern. */
  check?: { type: string; column: string; pattern?: string }
}

/** Declarative validation types decided per row without code. */
export const GRID_CHECKS: ReadonlySet<string> = new Set(['ITEM_NOT_NULL', 'REGULAR_EXPRESSION', 'ITEM_IS_NUMERIC', 'ITEM_IS_DATE', 'ITEM_IS_TIMESTAMP'])

const STATUS = 'APEX$ROW_STATUS'

/** A submitted value as APEX binds it: text, '' as NULL. */
function text(v: string | number | null | undefined): string | null {
  if (v === null || v === undefined) return null
  const s = typeof v === 'number' ? String(v) : v
  return s === '' ? null : s
}

/** The row's own binds: its columns (by upper-case name) and its status; undefined for any other name (session state answers those). */
export function rowBinds(row: GridRow): (name: string) => string | null | undefined {
  const values = new Map<string, string | null>()
  for (const [name, v] of Object.entries(row.values)) values.set(name.toUpperCase(), text(v))
  return (name) => {
    const n = name.replace(/^:/, '').replace(/"/g, '').toUpperCase()
    if (values.has(n)) return values.get(n) ?? null
    if (n === STATUS) return row.status
    return undefined
  }
}

const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC']

/** Whether a day of a month of a year exists. */
function realDay(y: number, m: number, d: number): boolean {
  if (m < 1 || m > 12 || d < 1) return false
  const days = [31, (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1]!
  return d <= days
}

/** A time of day as APEX's formats write it: HH24:MI[:SS[.FF]], or HH:MI[:SS] AM/PM. */
function realTime(t: string | undefined): boolean {
  if (t === undefined || t.trim() === '') return true
  const m = /^(\d{1,2}):(\d{2})(?::(\d{2})(?:[.,]\d{1,9})?)?\s*(AM|PM)?$/i.exec(t.trim())
  if (!m) return false
  const h = Number(m[1])
  return (m[4] ? h >= 1 && h <= 12 : h <= 23) && Number(m[2]) <= 59 && Number(m[3] ?? 0) <= 59
}

/**
 * Whether text reads as a date or timestamp in one of the formats APEX apps
 * use by default: YYYY-MM-DD, DD-MON-YYYY (or -RR), MM/DD/YYYY and
 * DD.MM.YYYY, each optionally followed by a time. The app's own NLS format
 * is not in the export: a value in another format fails (documented).
 */
export function readsAsDate(value: string): boolean {
  const v = value.trim()
  let m = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T](.*))?$/.exec(v)
  if (m) return realDay(Number(m[1]), Number(m[2]), Number(m[3])) && realTime(m[4])
  m = /^(\d{1,2})-([A-Za-z]{3})-(\d{2}|\d{4})(?:\s+(.*))?$/.exec(v)
  if (m) {
    const month = MONTHS.indexOf(m[2]!.toUpperCase()) + 1
    const year = m[3]!.length === 2 ? 2000 + Number(m[3]) : Number(m[3])
    return month > 0 && realDay(year, month, Number(m[1])) && realTime(m[4])
  }
  m = /^(\d{1,2})([/.])(\d{1,2})\2(\d{4})(?:\s+(.*))?$/.exec(v)
  if (m) {
    const [a, b] = [Number(m[1]), Number(m[3])]
    // "/" is month first (US), "." day first (European).
    const [month, day] = m[2] === '/' ? [a, b] : [b, a]
    return realDay(Number(m[4]), month, day) && realTime(m[5])
  }
  return false
}

/** Oracle's TO_NUMBER on text without a mask: optional sign, digits with one decimal point, optional exponent. */
export function readsAsNumber(value: string): boolean {
  return /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/.test(value.trim())
}

/**
 * A declarative check on one value: true when it passes. A NULL value passes
 * every check but "not null", as APEX's checks read it (a regular expression
 * or conversion of NULL is not a failure); a bad pattern throws, naming it.
 */
export function columnCheckPasses(type: string, value: string | null, pattern?: string): boolean {
  if (type === 'ITEM_NOT_NULL') return value !== null
  if (value === null) return true
  switch (type) {
    case 'REGULAR_EXPRESSION': {
      let re: RegExp
      try {
        re = new RegExp(pattern ?? '', 'u')
      } catch {
        try {
          re = new RegExp(pattern ?? '')
        } catch (e) {
          throw new Error(`regular expression ${JSON.stringify(pattern)} does not compile: ${(e as Error).message}`, { cause: e })
        }
      }
      return re.test(value)
    }
    case 'ITEM_IS_NUMERIC':
      return readsAsNumber(value)
    case 'ITEM_IS_DATE':
    case 'ITEM_IS_TIMESTAMP':
      return readsAsDate(value)
    default:
      throw new Error(`${type} is not a grid column check`)
  }
}

/** The rows a submit carries for the grid that a row validation checks: created and updated ones, with their positions (1-based). */
export function rowsToValidate(grid: GridValidation, grids: Readonly<Record<string, readonly GridRow[]>> | null): { row: GridRow; n: number }[] {
  const rows = grids?.[grid.region] ?? (grid.regionName === undefined ? undefined : grids?.[grid.regionName])
  return (rows ?? []).flatMap((row, i) => (row.status === 'D' ? [] : [{ row, n: i + 1 }]))
}

/** The validation's message for a failing row: `#COLUMN_HEADER#` replaced, the row named by its position among the grid's submitted rows. */
export function rowMessage(message: string, grid: GridValidation, row: GridRow, n: number): string {
  const header = grid.heading ?? grid.column ?? ''
  const rowid = Object.entries(row.values).find(([k]) => k.toUpperCase() === 'ROWID')
  const which = row.status === 'C' ? ', new' : rowid ? `, ROWID ${text(rowid[1]) ?? 'null'}` : ''
  return `${message.split('#COLUMN_HEADER#').join(header)} (grid ${grid.regionName ?? grid.region} row ${n}${which})`
}
