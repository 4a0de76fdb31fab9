/**
 * Oracle DATE and TIMESTAMP values on SQLite.
 *
 * Decision (docs/decisions.md, "Application database"): a date is stored and
 * shown as text in ONE fixed format, `YYYY-MM-DD HH24:MI:SS` (timestamps add
 * `.FF` only when they have a fraction). Text in this format sorts and
 * compares like the dates it holds, so SQLite's own comparisons and ORDER BY
 * stay right without conversion. TO_CHAR/TO_DATE read and write the common
 * Oracle format models; a VARCHAR2 used as a date is converted with the
 * default format, or ISO and `DD-MON-RR`/`DD-MON-YYYY` forms, as a lenient
 * NLS_DATE_FORMAT would.
 *
 * Dates are wall-clock values with no time zone: the simulated clock is read
 * in UTC.
 */

export interface DateParts {
  year: number
  month: number // 1-12
  day: number
  hour: number
  minute: number
  second: number
  /** Fraction of a second in nanoseconds (TIMESTAMP precision). */
  nanos: number
}

export const DEFAULT_DATE_FORMAT = 'YYYY-MM-DD HH24:MI:SS'

const MONTHS = ['JANUARY', 'FEBRUARY', 'MARCH', 'APRIL', 'MAY', 'JUNE', 'JULY', 'AUGUST', 'SEPTEMBER', 'OCTOBER', 'NOVEMBER', 'DECEMBER']
const DAYS = ['SUNDAY', 'MONDAY', 'TUESDAY', 'WEDNESDAY', 'THURSDAY', 'FRIDAY', 'SATURDAY']

/** Oracle's error for a date it cannot read; the message names what was expected. */
export class OracleDateError extends Error {}

const CANONICAL = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?)?$/

function pad(n: number, width: number): string {
  const s = String(Math.abs(n))
  return (n < 0 ? '-' : '') + (s.length >= width ? s : '0'.repeat(width - s.length) + s)
}

const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]

export function daysInMonth(year: number, month: number): number {
  return month === 2 && isLeap(year) ? 29 : (MONTH_DAYS[month - 1] ?? 31)
}

function isLeap(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0
}

function valid(p: DateParts): boolean {
  return (
    Number.isInteger(p.year) && p.year >= 1 && p.year <= 9999 &&
    p.month >= 1 && p.month <= 12 && p.day >= 1 && p.day <= daysInMonth(p.year, p.month) &&
    p.hour >= 0 && p.hour <= 23 && p.minute >= 0 && p.minute <= 59 && p.second >= 0 && p.second <= 59
  )
}

/** The stored text of a date: `YYYY-MM-DD HH24:MI:SS[.FF]`. */
export function formatCanonical(p: DateParts): string {
  const base = `${pad(p.year, 4)}-${pad(p.month, 2)}-${pad(p.day, 2)} ${pad(p.hour, 2)}:${pad(p.minute, 2)}:${pad(p.second, 2)}`
  if (p.nanos === 0) return base
  return `${base}.${pad(p.nanos, 9).replace(/0+$/, '')}`
}

/** Reads stored/ISO text (`YYYY-MM-DD[ HH24:MI[:SS[.FF]]]`); undefined when it is not one. */
export function parseCanonical(text: string): DateParts | undefined {
  const m = CANONICAL.exec(text)
  if (!m) return undefined
  const p: DateParts = {
    year: Number(m[1]), month: Number(m[2]), day: Number(m[3]),
    hour: Number(m[4] ?? 0), minute: Number(m[5] ?? 0), second: Number(m[6] ?? 0),
    nanos: m[7] ? Number(m[7].padEnd(9, '0')) : 0,
  }
  return valid(p) ? p : undefined
}

/** Whether a value is a stored date (used by date arithmetic to tell dates from numbers). */
export function looksLikeDate(value: unknown): value is string {
  return typeof value === 'string' && value.length >= 19 && value.charCodeAt(4) === 45 /* - */ && CANONICAL.test(value)
}

/** `DATE 'YYYY-MM-DD'` / `TIMESTAMP 'YYYY-MM-DD HH24:MI:SS[.FF]'` literals. */
export function parseDateLiteral(text: string, type: 'DATE' | 'TIMESTAMP'): string | undefined {
  const p = parseCanonical(text.trim())
  if (!p) return undefined
  if (type === 'DATE' && (p.hour !== 0 || p.minute !== 0 || p.second !== 0 || p.nanos !== 0) && !/\d{2}:/.test(text)) return undefined
  return formatCanonical(p)
}

export function fromJsDate(d: Date, withFraction: boolean): DateParts {
  return {
    year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate(),
    hour: d.getUTCHours(), minute: d.getUTCMinutes(), second: d.getUTCSeconds(),
    nanos: withFraction ? d.getUTCMilliseconds() * 1_000_000 : 0,
  }
}

/** Days since 0001-01-01 (fractional), for arithmetic. */
export function toDayNumber(p: DateParts): number {
  const d = new Date(0)
  d.setUTCFullYear(p.year, p.month - 1, p.day)
  d.setUTCHours(0, 0, 0, 0)
  const days = Math.round(d.getTime() / 86_400_000)
  return days + (p.hour * 3600 + p.minute * 60 + p.second + p.nanos / 1e9) / 86_400
}

export function fromDayNumber(days: number): DateParts {
  const whole = Math.floor(days)
  // Round to whole seconds: Oracle DATE arithmetic has second precision.
  let seconds = Math.round((days - whole) * 86_400)
  let base = whole
  if (seconds >= 86_400) {
    base += 1
    seconds -= 86_400
  }
  const d = new Date(base * 86_400_000)
  return {
    year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate(),
    hour: Math.floor(seconds / 3600), minute: Math.floor((seconds % 3600) / 60), second: seconds % 60, nanos: 0,
  }
}

export function addMonths(p: DateParts, months: number): DateParts {
  const total = p.year * 12 + (p.month - 1) + Math.trunc(months)
  const year = Math.floor(total / 12)
  const month = (total % 12) + 1
  const last = daysInMonth(year, month)
  // Oracle: the last day of a month maps to the last day of the result month.
  const day = p.day === daysInMonth(p.year, p.month) || p.day > last ? last : p.day
  return { ...p, year, month, day }
}

export function dayOfWeek(p: DateParts): number {
  const d = new Date(0)
  d.setUTCFullYear(p.year, p.month - 1, p.day)
  return d.getUTCDay() // 0 = Sunday
}

// ---- format models -----------------------------------------------------------

/** Format elements, longest first so `HH24` wins over `HH` and `MONTH` over `MON`. */
const ELEMENTS = [
  'YYYY', 'SYYYY', 'RRRR', 'YYY', 'YY', 'RR', 'Y', 'MONTH', 'MON', 'MM', 'DDD', 'DD', 'DAY', 'DY', 'D', 'HH24', 'HH12', 'HH', 'MI',
  'SSSSS', 'SS', 'AM', 'PM', 'A.M.', 'P.M.', 'FF9', 'FF8', 'FF7', 'FF6', 'FF5', 'FF4', 'FF3', 'FF2', 'FF1', 'FF', 'Q', 'WW', 'W', 'J',
  'FM', 'FX', 'TZR', 'TZH', 'TZM', 'TZD', 'IW', 'IYYY',
]

type FormatToken = { kind: 'element'; name: string; raw: string } | { kind: 'literal'; text: string }

function tokenizeFormat(format: string): FormatToken[] {
  const tokens: FormatToken[] = []
  let i = 0
  outer: while (i < format.length) {
    const ch = format.charAt(i)
    if (ch === '"') {
      const close = format.indexOf('"', i + 1)
      const end = close < 0 ? format.length : close
      tokens.push({ kind: 'literal', text: format.slice(i + 1, end) })
      i = end + 1
      continue
    }
    const upper = format.slice(i, i + 5).toUpperCase()
    for (const el of ELEMENTS) {
      if (upper.startsWith(el)) {
        tokens.push({ kind: 'element', name: el, raw: format.slice(i, i + el.length) })
        i += el.length
        continue outer
      }
    }
    if (/[-/,.;: \t]/.test(ch)) {
      tokens.push({ kind: 'literal', text: ch })
      i++
      continue
    }
    throw new OracleDateError(`ORA-01821: date format not recognized at "${format.slice(i)}"`)
  }
  return tokens
}

/** 'MON' → JAN, 'Mon' → Jan, 'mon' → jan: Oracle follows the element's case. */
function applyCase(raw: string, value: string): string {
  const first = raw.charAt(0)
  const second = raw.charAt(1)
  if (first === first.toLowerCase()) return value.toLowerCase()
  if (second !== '' && second === second.toLowerCase()) return value.charAt(0) + value.slice(1).toLowerCase()
  return value
}

export function formatDate(p: DateParts, format: string): string {
  const tokens = tokenizeFormat(format)
  let fill = true
  let out = ''
  for (const t of tokens) {
    if (t.kind === 'literal') {
      out += t.text
      continue
    }
    const num = (n: number, width: number): string => (fill ? pad(n, width) : String(n))
    const hour12 = p.hour % 12 === 0 ? 12 : p.hour % 12
    switch (t.name) {
      case 'FM':
        fill = !fill
        break
      case 'FX':
        break
      case 'YYYY': case 'SYYYY': case 'RRRR': case 'IYYY': out += pad(p.year, 4); break
      case 'YYY': out += pad(p.year % 1000, 3); break
      case 'YY': case 'RR': out += pad(p.year % 100, 2); break
      case 'Y': out += String(p.year % 10); break
      case 'MM': out += num(p.month, 2); break
      case 'MON': out += applyCase(t.raw, (MONTHS[p.month - 1] as string).slice(0, 3)); break
      case 'MONTH': {
        const name = MONTHS[p.month - 1] as string
        out += applyCase(t.raw, fill ? name.padEnd(9) : name)
        break
      }
      case 'DD': out += num(p.day, 2); break
      case 'DDD': {
        const start = toDayNumber({ ...p, month: 1, day: 1, hour: 0, minute: 0, second: 0, nanos: 0 })
        const today = toDayNumber({ ...p, hour: 0, minute: 0, second: 0, nanos: 0 })
        out += num(Math.round(today - start) + 1, 3)
        break
      }
      case 'D': out += String(dayOfWeek(p) + 1); break // NLS_TERRITORY AMERICA: Sunday is day 1
      case 'DY': out += applyCase(t.raw, (DAYS[dayOfWeek(p)] as string).slice(0, 3)); break
      case 'DAY': {
        const name = DAYS[dayOfWeek(p)] as string
        out += applyCase(t.raw, fill ? name.padEnd(9) : name)
        break
      }
      case 'HH24': out += num(p.hour, 2); break
      case 'HH': case 'HH12': out += num(hour12, 2); break
      case 'MI': out += num(p.minute, 2); break
      case 'SS': out += num(p.second, 2); break
      case 'SSSSS': out += num(p.hour * 3600 + p.minute * 60 + p.second, 5); break
      case 'AM': case 'PM': out += applyCase(t.raw, p.hour < 12 ? 'AM' : 'PM'); break
      case 'A.M.': case 'P.M.': out += applyCase(t.raw, p.hour < 12 ? 'A.M.' : 'P.M.'); break
      case 'Q': out += String(Math.floor((p.month - 1) / 3) + 1); break
      case 'W': out += String(Math.floor((p.day - 1) / 7) + 1); break
      case 'WW': {
        const start = toDayNumber({ ...p, month: 1, day: 1, hour: 0, minute: 0, second: 0, nanos: 0 })
        out += num(Math.floor((toDayNumber({ ...p, hour: 0, minute: 0, second: 0, nanos: 0 }) - start) / 7) + 1, 2)
        break
      }
      case 'J': out += String(Math.round(toDayNumber({ ...p, hour: 0, minute: 0, second: 0, nanos: 0 })) + 1721424); break
      default:
        if (t.name.startsWith('FF')) {
          const digits = t.name === 'FF' ? 6 : Number(t.name.slice(2))
          out += pad(p.nanos, 9).slice(0, digits)
          break
        }
        if (t.name.startsWith('TZ')) {
          out += t.name === 'TZR' ? 'UTC' : t.name === 'TZD' ? 'UTC' : '00'
          break
        }
        throw new OracleDateError(`ORA-01821: date format element ${t.name} is not supported`)
    }
  }
  return out
}

/**
 * TO_DATE: reads `text` with a format model, leniently as Oracle does
 * (separators need not match, FM/FX accepted). Throws OracleDateError.
 */
export function parseDate(text: string, format: string, now: DateParts): DateParts {
  const tokens = tokenizeFormat(format)
  // Oracle's defaults: the current year and month, the first day, midnight.
  const p: DateParts = { year: now.year, month: now.month, day: 1, hour: 0, minute: 0, second: 0, nanos: 0 }
  let i = 0
  let pm: boolean | undefined
  let hour12: number | undefined
  const skipSeparators = (): void => {
    while (i < text.length && /[-/,.;: \t]/.test(text.charAt(i))) i++
  }
  const readNumber = (maxDigits: number): number => {
    skipSeparators()
    let j = i
    if (text.charAt(j) === '-' || text.charAt(j) === '+') j++
    while (j < text.length && j - i < maxDigits && /\d/.test(text.charAt(j))) j++
    if (j === i) throw new OracleDateError(`ORA-01858: a non-numeric character was found where a numeric was expected ("${text}" for format "${format}")`)
    const n = Number(text.slice(i, j))
    i = j
    return n
  }
  const readName = (names: string[], length?: number): number => {
    skipSeparators()
    const rest = text.slice(i).toUpperCase()
    for (let k = 0; k < names.length; k++) {
      const name = names[k] as string
      const candidates = length ? [name.slice(0, length)] : [name, name.slice(0, 3)]
      for (const c of candidates) {
        if (rest.startsWith(c)) {
          i += c.length
          return k
        }
      }
    }
    throw new OracleDateError(`ORA-01843: not a valid month or day name in "${text}" for format "${format}"`)
  }
  for (const t of tokens) {
    if (t.kind === 'literal') {
      if (/^[-/,.;: \t]$/.test(t.text)) continue
      skipSeparators()
      if (text.slice(i, i + t.text.length).toUpperCase() === t.text.toUpperCase()) i += t.text.length
      continue
    }
    switch (t.name) {
      case 'FM': case 'FX': break
      case 'YYYY': case 'SYYYY': case 'IYYY': p.year = readNumber(4); break
      case 'RRRR':
      case 'RR': {
        skipSeparators()
        const start = i
        const y = readNumber(4)
        p.year = i - start <= 2 ? rrYear(y, now.year) : y
        break
      }
      case 'YYY': p.year = Math.floor(now.year / 1000) * 1000 + readNumber(3); break
      case 'YY': p.year = Math.floor(now.year / 100) * 100 + readNumber(2); break
      case 'Y': p.year = Math.floor(now.year / 10) * 10 + readNumber(1); break
      case 'MM': p.month = readNumber(2); break
      case 'MON': case 'MONTH': p.month = readName(MONTHS) + 1; break
      case 'DD': p.day = readNumber(2); break
      case 'DY': case 'DAY': readName(DAYS); break
      case 'D': readNumber(1); break
      case 'HH24': p.hour = readNumber(2); break
      case 'HH': case 'HH12': hour12 = readNumber(2); break
      case 'MI': p.minute = readNumber(2); break
      case 'SS': p.second = readNumber(2); break
      case 'SSSSS': {
        const s = readNumber(5)
        p.hour = Math.floor(s / 3600)
        p.minute = Math.floor((s % 3600) / 60)
        p.second = s % 60
        break
      }
      case 'AM': case 'PM': case 'A.M.': case 'P.M.': {
        skipSeparators()
        const rest = text.slice(i, i + 4).toUpperCase()
        if (rest.startsWith('A.M.') || rest.startsWith('P.M.')) { pm = rest.startsWith('P'); i += 4 }
        else if (rest.startsWith('AM') || rest.startsWith('PM')) { pm = rest.startsWith('P'); i += 2 }
        else throw new OracleDateError(`ORA-01855: AM/A.M. or PM/P.M. required in "${text}"`)
        break
      }
      case 'J': {
        const j = readNumber(7)
        Object.assign(p, fromDayNumber(j - 1721424))
        break
      }
      default:
        if (t.name.startsWith('FF')) {
          skipSeparators()
          let j = i
          while (j < text.length && j - i < 9 && /\d/.test(text.charAt(j))) j++
          p.nanos = Number(text.slice(i, j).padEnd(9, '0') || '0')
          i = j
          break
        }
        if (t.name.startsWith('TZ')) break
        throw new OracleDateError(`ORA-01821: date format element ${t.name} cannot be used in TO_DATE`)
    }
  }
  skipSeparators()
  if (i < text.length) throw new OracleDateError(`ORA-01830: date format picture ends before converting entire input string ("${text}" for format "${format}")`)
  if (hour12 !== undefined) {
    if (hour12 < 1 || hour12 > 12) throw new OracleDateError('ORA-01849: hour must be between 1 and 12')
    p.hour = (hour12 % 12) + (pm ? 12 : 0)
  } else if (pm !== undefined && pm && p.hour < 12) p.hour += 12
  if (p.month < 1 || p.month > 12) throw new OracleDateError('ORA-01843: not a valid month')
  if (p.day < 1 || p.day > daysInMonth(p.year, p.month)) throw new OracleDateError('ORA-01847: day of month must be between 1 and last day of month')
  if (p.hour > 23) throw new OracleDateError('ORA-01850: hour must be between 0 and 23')
  if (p.minute > 59) throw new OracleDateError('ORA-01851: minutes must be between 0 and 59')
  if (p.second > 59) throw new OracleDateError('ORA-01852: seconds must be between 0 and 59')
  if (p.year < 1 || p.year > 9999) throw new OracleDateError('ORA-01841: (full) year must be between -4713 and +9999, and not be 0')
  return p
}

/** RR: a two-digit year near the current century (Oracle's rule, relative to the current year). */
export function rrYear(twoDigits: number, currentYear: number): number {
  if (twoDigits >= 100) return twoDigits
  const century = Math.floor(currentYear / 100) * 100
  const current = currentYear % 100
  if (twoDigits < 50) return current < 50 ? century + twoDigits : century + 100 + twoDigits
  return current < 50 ? century - 100 + twoDigits : century + twoDigits
}

/**
 * A VARCHAR2 used where a DATE is expected (Oracle's implicit conversion with
 * NLS_DATE_FORMAT): the default format, ISO forms, or DD-MON-RR / DD-MON-YYYY.
 */
export function implicitDate(text: string, now: DateParts): DateParts {
  const trimmed = text.trim()
  const iso = parseCanonical(trimmed)
  if (iso) return iso
  if (/^\d{1,2}-[A-Za-z]{3}-\d{2,4}( \d{1,2}:\d{2}(:\d{2})?)?$/.test(trimmed)) {
    const hasTime = trimmed.includes(':')
    return parseDate(trimmed, `DD-MON-RR${hasTime ? (trimmed.split(':').length === 3 ? ' HH24:MI:SS' : ' HH24:MI') : ''}`, now)
  }
  throw new OracleDateError(`ORA-01861: literal does not match format string ("${text}" is not a date in the default format ${DEFAULT_DATE_FORMAT})`)
}

export function truncDate(p: DateParts, unit: string): DateParts {
  const day0 = { ...p, hour: 0, minute: 0, second: 0, nanos: 0 }
  switch (unit.toUpperCase()) {
    case 'DD': case 'DDD': case 'J': return day0
    case 'MM': case 'MON': case 'MONTH': case 'RM': return { ...day0, day: 1 }
    case 'YYYY': case 'YEAR': case 'SYYYY': case 'YYY': case 'YY': case 'Y': case 'RR': case 'RRRR': return { ...day0, month: 1, day: 1 }
    case 'Q': return { ...day0, month: Math.floor((p.month - 1) / 3) * 3 + 1, day: 1 }
    case 'HH': case 'HH24': case 'HH12': return { ...p, minute: 0, second: 0, nanos: 0 }
    case 'MI': return { ...p, second: 0, nanos: 0 }
    case 'D': case 'DY': case 'DAY': return fromDayNumber(toDayNumber(day0) - dayOfWeek(p))
    case 'IW': return fromDayNumber(toDayNumber(day0) - ((dayOfWeek(p) + 6) % 7))
    default: throw new OracleDateError(`ORA-01898: too many precision specifiers (TRUNC unit "${unit}" is not supported)`)
  }
}
