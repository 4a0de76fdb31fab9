/**
 * Oracle's limits on the value a column stores, applied to every value the
 * translator writes into a column (INSERT … VALUES, UPDATE … SET, MERGE):
 *
 * - NUMBER(p,s): the value is rounded (half away from zero, in decimal) to s
 *   places — a negative s rounds left of the point — and then must be below
 *   10^(p−s) in magnitude, else ORA-01438. NUMBER(p) is NUMBER(p,0);
 *   NUMBER and NUMBER(*) are unconstrained; NUMBER(*,s) is NUMBER(38,s).
 * - VARCHAR2(n) / CHAR(n) / NVARCHAR2(n): a text longer than n raises
 *   ORA-12899. Decision (docs/database.md): length is counted in characters
 *   (Unicode code points) whether the DDL said BYTE or CHAR, because the
 *   database's byte count depends on a character set this tool does not know.
 *
 * The rounding works on the number's decimal text (the shortest text that
 * reads back as the same double), not on binary arithmetic, so 12345.675
 * rounds to 12345.68 as Oracle does. The rounded value is what the statement
 * stores, so the captured after-image of a change is the stored value.
 */

export class ColumnLimitError extends Error {}

export type ColumnLimit =
  | { kind: 'number'; precision: number; scale: number }
  | { kind: 'text'; maxLength: number }

/** The limit a column type imposes, from its declared type text (`NUMBER(7,2)`, `VARCHAR2(30)`); undefined when none. */
export function columnLimitOf(type: string): ColumnLimit | undefined {
  const t = type.trim().toUpperCase()
  let m = /^(?:NUMBER|NUMERIC|DECIMAL|DEC)\s*\(\s*(\*|\d+)\s*(?:,\s*(-?\d+)\s*)?\)$/.exec(t)
  if (m) {
    if (m[1] === '*' && m[2] === undefined) return undefined
    return { kind: 'number', precision: m[1] === '*' ? 38 : Number(m[1]), scale: m[2] === undefined ? 0 : Number(m[2]) }
  }
  m = /^(?:N?VARCHAR2?|N?CHAR|CHARACTER(?: VARYING)?|CHAR VARYING)\s*\(\s*(\d+)\s*(?:BYTE|CHAR)?\s*\)$/.exec(t)
  if (m) return { kind: 'text', maxLength: Number(m[1]) }
  return undefined
}

/** An exact decimal: sign × digits × 10^exponent. */
interface Decimal {
  negative: boolean
  digits: bigint
  exponent: number
}

const NUMERIC_TEXT = /^\s*([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?\s*$/

function toDecimal(value: number | string): Decimal | undefined {
  const text = typeof value === 'number' ? (Number.isFinite(value) ? String(value) : '') : value
  const m = NUMERIC_TEXT.exec(text)
  if (!m) return undefined
  const whole = m[2] ?? ''
  const fraction = m[3] ?? ''
  if (whole === '' && fraction === '') return undefined
  return { negative: m[1] === '-', digits: BigInt(whole + fraction || '0'), exponent: Number(m[4] ?? '0') - fraction.length }
}

function decimalText(d: Decimal): string {
  const sign = d.negative && d.digits !== 0n ? '-' : ''
  return `${sign}${d.digits.toString()}e${d.exponent}`
}

/**
 * The value NUMBER(precision, scale) stores for `value`: rounded to the
 * scale; ORA-01438 when its integer part does not fit. Values that are not
 * numbers (null, text that is not a number, blobs) pass unchanged: their
 * conversion errors are not this check's to raise.
 */
export function fitNumber<T>(value: T, precision: number, scale: number): T | number {
  if (typeof value !== 'number' && typeof value !== 'string') return value
  // Nearly every value a form writes is a whole number (a key, an amount without cents): nothing
  // to round, and its size checked without building the decimal (exactly fitNumberByDecimal's answer).
  const whole = wholeNumber(value)
  if (whole !== undefined && scale >= 0 && precision - scale <= 15) {
    if (Math.abs(whole) >= 10 ** (precision - scale)) throw new ColumnLimitError('ORA-01438: value larger than specified precision allowed for this column')
    return typeof value === 'number' ? value : whole
  }
  return fitNumberByDecimal(value, precision, scale)
}

const WHOLE_TEXT = /^-?[1-9]\d{0,14}$/

/** A whole number below 10^15 given as a number or as plain digits ('-12', not '+12', '012', '1e3' or '-0'); undefined otherwise. */
function wholeNumber(value: number | string): number | undefined {
  if (typeof value === 'number') return Number.isInteger(value) && Math.abs(value) < 1e15 ? value : undefined
  if (value === '0') return 0
  return WHOLE_TEXT.test(value) ? Number(value) : undefined
}

/** fitNumber on the value's exact decimal: any number or numeric text, any precision and scale. */
export function fitNumberByDecimal<T extends number | string>(value: T, precision: number, scale: number): T | number {
  const d = toDecimal(value)
  if (!d) return value
  let { digits, exponent } = d
  if (exponent < -scale) {
    const divisor = 10n ** BigInt(-scale - exponent)
    const quotient = digits / divisor
    digits = 2n * (digits % divisor) >= divisor ? quotient + 1n : quotient
    exponent = -scale
  }
  // |value| < 10^(precision − scale)  ⇔  digits × 10^(exponent + scale) < 10^precision
  const shift = exponent + scale
  const units = shift >= 0 ? digits * 10n ** BigInt(shift) : digits
  if (units >= 10n ** BigInt(precision)) throw new ColumnLimitError('ORA-01438: value larger than specified precision allowed for this column')
  if (typeof value === 'number' && digits === d.digits && exponent === d.exponent) return value
  return Number(decimalText({ negative: d.negative, digits, exponent }))
}

/** ORA-12899 when a text is longer than `maxLength` characters; other values pass unchanged. */
export function fitText<T>(value: T, maxLength: number, table: string, column: string, schema: string): T {
  if (typeof value !== 'string') return value
  // UTF-16 units are never fewer than code points: a text this short fits without counting them.
  if (value.length <= maxLength) return value
  const length = [...value].length
  if (length > maxLength) {
    throw new ColumnLimitError(`ORA-12899: value too large for column "${schema}"."${table}"."${column}" (actual: ${length}, maximum: ${maxLength})`)
  }
  return value
}

/** The value a column with `limit` stores for `value` (fitNumber or fitText); ColumnLimitError when it does not fit. */
export function fitValue<T>(value: T, limit: ColumnLimit, table: string, column: string, schema: string): T | number {
  return limit.kind === 'number' ? fitNumber(value, limit.precision, limit.scale) : fitText(value, limit.maxLength, table, column, schema)
}
