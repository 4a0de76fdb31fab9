/**
 * Oracle's built-in functions, registered on a better-sqlite3 connection as
 * `ORA_<NAME>` (the translator writes those names, so SQLite's own functions
 * of the same name keep their meaning for the engine's other tables).
 *
 * Null rules: every function returns NULL instead of an empty string ('' is
 * NULL in Oracle), and a NULL argument gives NULL where Oracle says so.
 * Positions are 1-based. Numbers become text as TO_CHAR(n) writes them.
 */
import type Database from 'better-sqlite3'
import type { DateParts } from './dates.js'
import {
  addMonths, daysInMonth, DEFAULT_DATE_FORMAT, dayOfWeek, formatCanonical, formatDate, fromDayNumber, fromJsDate, implicitDate,
  looksLikeDate, OracleDateError, parseCanonical, parseDate, toDayNumber, truncDate,
} from './dates.js'
import { formatNumber, numberToText, OracleNumberError, parseNumber, textToNumber } from './numbers.js'
import { compileOracleRegex } from './oracle-regex.js'
import { oraHash, soundex } from './phonetic-and-hash.js'
import { checkedXml, xmlExistsNode, xmlExtract, xmlExtractValue } from './xml.js'

export type SqliteValue = string | number | bigint | Buffer | null

/** What the functions need from their surroundings. */
export interface FunctionHost {
  /** The simulated clock (never the host's). */
  clock(): Date
  /** The current APEX user (USER, wwv_flow.g_user). */
  user(): string
  nextval(sequence: string): number
  currval(sequence: string): number
  /** A function that is not an Oracle built-in (a package function): answered by the PL/SQL engine, if any. */
  call(name: string, args: SqliteValue[], names?: (string | undefined)[]): SqliteValue
  /** TABLE(f(…)): the collection a PL/SQL function returns, as a JSON array of its elements. */
  callTable?(name: string, args: SqliteValue[], names: (string | undefined)[]): string
}

export class OracleFunctionError extends Error {}

/** Text that sorts like the value: numbers by value (a fixed-width shifted decimal), texts as texts, NULL last. */
function siblingKey(v: SqliteValue): string {
  if (v === null || v === '') return '\uffff'
  if (typeof v === 'number' || typeof v === 'bigint') {
    const n = Number(v)
    // 1e15 shift keeps negatives in order; 6 decimals are enough to order the keys apps use.
    return `N${(n + 1e15).toFixed(6).padStart(24, '0')}`
  }
  return `T${typeof v === 'string' ? v : v.toString('hex')}`
}

/** '' is NULL: every text result goes through this. */
function nz(s: string | null | undefined): string | null {
  return s === undefined || s === null || s === '' ? null : s
}

export function toText(v: SqliteValue | undefined): string | null {
  if (v === null || v === undefined) return null
  if (typeof v === 'string') return v === '' ? null : v
  if (typeof v === 'number') return numberToText(v)
  if (typeof v === 'bigint') return v.toString()
  return nz(v.toString('hex').toUpperCase())
}

export function toNumber(v: SqliteValue | undefined): number | null {
  if (v === null || v === undefined) return null
  if (typeof v === 'number') return v
  if (typeof v === 'bigint') return Number(v)
  if (typeof v === 'string') return v === '' ? null : textToNumber(v)
  throw new OracleNumberError('ORA-00932: inconsistent datatypes: expected NUMBER got BINARY')
}

function toInt(v: SqliteValue | undefined): number | null {
  const n = toNumber(v)
  return n === null ? null : Math.trunc(n)
}

/**
 * Where the deterministic SYS_GUID counter starts: 2^48. Apps turn GUIDs into
 * keys with TO_NUMBER(SYS_GUID(), 'XXXX…'); Oracle's are 128-bit values, far
 * from the small keys sample data writes by hand (Sample Master Detail inserts
 * task links 1, 2, 3… and its trigger keys new ones from SYS_GUID), so a
 * counter from 1 collided with them (ORA-00001). Below 2^53 the number stays
 * exact as a double and as an SQLite integer.
 */
export const SYS_GUID_BASE = 2 ** 48

/** Round half away from zero at `digits` decimals, as Oracle's decimal NUMBER does (1.005 → 1.01). */
export function roundNumber(n: number, digits: number): number {
  const sign = n < 0 ? -1 : 1
  const abs = Math.abs(n)
  if (digits >= 0) {
    const f = 10 ** digits
    return (sign * Math.round(Number((abs * f).toPrecision(15)))) / f
  }
  const f = 10 ** -digits
  return sign * Math.round(Number((abs / f).toPrecision(15))) * f
}

export function truncNumber(n: number, digits: number): number {
  if (digits >= 0) {
    const f = 10 ** digits
    return Math.trunc(Number((n * f).toPrecision(15))) / f
  }
  const f = 10 ** -digits
  return Math.trunc(Number((n / f).toPrecision(15))) * f
}

export function registerOracleFunctions(db: Database.Database, host: FunctionHost): void {
  const now = (): DateParts => fromJsDate(host.clock(), false)
  const toDate = (v: SqliteValue | undefined): DateParts | null => {
    if (v === null || v === undefined || v === '') return null
    if (typeof v === 'string') return parseCanonical(v) ?? implicitDate(v, now())
    throw new OracleDateError('ORA-00932: inconsistent datatypes: expected DATE got NUMBER')
  }
  const dateOut = (p: DateParts): string => formatCanonical({ ...p, nanos: 0 })
  const fn = (name: string, f: (...args: SqliteValue[]) => SqliteValue, deterministic = true): void => {
    db.function(`ORA_${name}`, { deterministic, varargs: true }, f as (...args: unknown[]) => unknown)
  }

  fn('CONCAT', (...args) => {
    let out = ''
    for (const a of args) {
      const t = toText(a)
      if (t !== null) out += t
    }
    return nz(out)
  })

  // ---- arithmetic with dates ------------------------------------------------
  fn('ADD', (a, b) => {
    if (a === null || b === null) return null
    if (looksLikeDate(a)) return dateOut(fromDayNumber(toDayNumber(toDate(a) as DateParts) + (toNumber(b) as number)))
    if (looksLikeDate(b)) return dateOut(fromDayNumber(toDayNumber(toDate(b) as DateParts) + (toNumber(a) as number)))
    return (toNumber(a) as number) + (toNumber(b) as number)
  })
  fn('SUB', (a, b) => {
    if (a === null || b === null) return null
    if (looksLikeDate(a)) {
      const left = toDayNumber(toDate(a) as DateParts)
      if (looksLikeDate(b)) return left - toDayNumber(toDate(b) as DateParts)
      return dateOut(fromDayNumber(left - (toNumber(b) as number)))
    }
    return (toNumber(a) as number) - (toNumber(b) as number)
  })
  fn('DIV', (a, b) => {
    const x = toNumber(a)
    const y = toNumber(b)
    if (x === null || y === null) return null
    if (y === 0) throw new OracleNumberError('ORA-01476: divisor is equal to zero')
    return x / y
  })
  fn('POWER', (a, b) => {
    const x = toNumber(a)
    const y = toNumber(b)
    return x === null || y === null ? null : x ** y
  })

  // ---- conversion -------------------------------------------------------------
  fn('TO_NUMBER', (v, format) => {
    if (v === null || v === undefined) return null
    if (typeof v === 'number') return v
    const text = toText(v)
    if (text === null) return null
    return parseNumber(text, format === undefined ? null : toText(format))
  })
  fn('TO_BINARY_DOUBLE', (v) => toNumber(v))
  fn('TO_CHAR', (v, format) => {
    if (v === null || v === undefined) return null
    const f = format === undefined ? null : toText(format)
    if (typeof v === 'number' || typeof v === 'bigint') return f === null ? toText(v) : nz(formatNumber(Number(v), f))
    if (typeof v === 'string' && looksLikeDate(v)) return nz(formatDate(toDate(v) as DateParts, f ?? DEFAULT_DATE_FORMAT))
    if (f === null) return toText(v)
    // TO_CHAR(varchar2, number format): Oracle converts the text to a number first.
    return nz(formatNumber(toNumber(v) as number, f))
  })
  fn('TO_CLOB', (v) => toText(v))
  fn('TO_NCHAR', (v) => toText(v))
  fn('TO_NCLOB', (v) => toText(v))
  fn('TO_DATE', (v, format) => {
    if (v === null || v === undefined) return null
    if (typeof v === 'number') throw new OracleDateError('ORA-01858: TO_DATE of a number needs a format')
    const text = toText(v)
    if (text === null) return null
    const f = format === undefined || format === null ? null : toText(format)
    return dateOut(f === null ? (parseCanonical(text) ?? implicitDate(text, now())) : parseDate(text, f, now()))
  })
  fn('TO_TIMESTAMP', (v, format) => {
    const text = toText(v ?? null)
    if (text === null) return null
    const f = format === undefined || format === null ? null : toText(format)
    return formatCanonical(f === null ? (parseCanonical(text) ?? implicitDate(text, now())) : parseDate(text, f, now()))
  })
  fn('EXTRACT', (field, v) => {
    const p = toDate(v ?? null)
    if (p === null) return null
    switch (String(field)) {
      case 'YEAR': return p.year
      case 'MONTH': return p.month
      case 'DAY': return p.day
      case 'HOUR': return p.hour
      case 'MINUTE': return p.minute
      case 'SECOND': return p.second + p.nanos / 1e9
      default: throw new OracleFunctionError(`ORA-30076: invalid extract field ${String(field)} for extract source`)
    }
  })

  // ---- XMLType's subset (xml.ts): an XMLType value is its text -------------------
  const xmlPath = (x: SqliteValue | undefined, path: SqliteValue | undefined, f: (xml: string, xpath: string) => SqliteValue): SqliteValue => {
    const xml = toText(x ?? null)
    const p = toText(path ?? null)
    return xml === null || p === null ? null : f(xml, p)
  }
  fn('XML_EXTRACT', (x, path) => xmlPath(x, path, xmlExtract))
  fn('XML_EXISTSNODE', (x, path) => xmlPath(x, path, xmlExistsNode))
  fn('XML_EXTRACTVALUE', (x, path) => xmlPath(x, path, xmlExtractValue))
  fn('XML_CHECKED', (x) => checkedXml(toText(x ?? null)))

  // ---- clock, user, sequences, user functions -----------------------------------
  // SYSDATE's text is worked out again only when the clock moved: the statements of a request read one simulated
  // instant, and a log row's SYSDATE was a date split and formatted per row.
  let sysdateAt = Number.NaN
  let sysdateText = ''
  fn(
    'SYSDATE',
    () => {
      const d = host.clock()
      const at = d.getTime()
      if (at !== sysdateAt) {
        sysdateText = formatCanonical(fromJsDate(d, false))
        sysdateAt = at
      }
      return sysdateText
    },
    false,
  )
  fn('SYSTIMESTAMP', () => formatCanonical(fromJsDate(host.clock(), true)), false)
  fn('USER', () => nz(host.user()), false)
  fn('NEXTVAL', (name) => host.nextval(String(name)), false)
  fn('CURRVAL', (name) => host.currval(String(name)), false)
  fn('SYS_GUID', () => (SYS_GUID_BASE + host.nextval('$SYS_GUID')).toString(16).toUpperCase().padStart(32, '0'), false)
  fn('CALL', (name, ...args) => host.call(String(name), args), false)
  fn('CALL_TABLE', (name, names, ...args) => {
    if (!host.callTable) throw new OracleFunctionError(`ORA-22905: cannot access rows from a non-nested table item (no PL/SQL engine for ${String(name)})`)
    return host.callTable(String(name), args, String(names).split(',').map((n) => (n === '' ? undefined : n)))
  }, false)
  // Named notation: the names come comma-separated, '' for a positional argument.
  fn('CALL_NAMED', (name, names, ...args) => host.call(String(name), args, String(names).split(',').map((n) => (n === '' ? undefined : n))), false)

  // ---- numbers -----------------------------------------------------------------
  const num1 = (name: string, f: (x: number) => number): void =>
    fn(name, (v) => {
      const x = toNumber(v ?? null)
      return x === null ? null : f(x)
    })
  num1('ABS', Math.abs)
  num1('FLOOR', Math.floor)
  num1('CEIL', Math.ceil)
  num1('SIGN', Math.sign)
  num1('EXP', Math.exp)
  num1('LN', (x) => {
    if (x <= 0) throw new OracleNumberError('ORA-01428: argument is out of range (LN of a number not above 0)')
    return Math.log(x)
  })
  num1('SQRT', (x) => {
    if (x < 0) throw new OracleNumberError('ORA-01428: argument is out of range (SQRT of a negative number)')
    return Math.sqrt(x)
  })
  fn('LOG', (b, x) => {
    const base = toNumber(b)
    const n = toNumber(x ?? null)
    return base === null || n === null ? null : Math.log(n) / Math.log(base)
  })
  fn('MOD', (a, b) => {
    const x = toNumber(a)
    const y = toNumber(b ?? null)
    if (x === null || y === null) return null
    if (y === 0) return x
    return x - y * Math.trunc(x / y)
  })
  fn('REMAINDER', (a, b) => {
    const x = toNumber(a)
    const y = toNumber(b ?? null)
    if (x === null || y === null) return null
    if (y === 0) throw new OracleNumberError('ORA-01476: divisor is equal to zero')
    return x - y * roundNumber(x / y, 0)
  })
  fn('BITAND', (a, b) => {
    const x = toInt(a)
    const y = toInt(b ?? null)
    return x === null || y === null ? null : Number(BigInt(x) & BigInt(y))
  })
  fn('ROUND', (v, arg) => {
    if (v === null || v === undefined) return null
    if (looksLikeDate(v)) {
      const p = toDate(v) as DateParts
      const unit = arg === undefined || arg === null ? 'DD' : String(arg).toUpperCase()
      if (unit === 'DD' || unit === 'DDD' || unit === 'J') {
        const midnight = truncDate(p, 'DD')
        return dateOut(p.hour >= 12 ? fromDayNumber(toDayNumber(midnight) + 1) : midnight)
      }
      if (unit === 'MM' || unit === 'MON' || unit === 'MONTH') return dateOut(p.day >= 16 ? addMonths(truncDate(p, 'MM'), 1) : truncDate(p, 'MM'))
      if (unit === 'YYYY' || unit === 'YEAR' || unit === 'YY' || unit === 'RR' || unit === 'RRRR') {
        return dateOut(p.month >= 7 ? { ...truncDate(p, 'YYYY'), year: p.year + 1 } : truncDate(p, 'YYYY'))
      }
      return dateOut(truncDate(p, unit))
    }
    const n = toNumber(v) as number
    const digits = arg === undefined ? 0 : toInt(arg)
    return digits === null ? null : roundNumber(n, digits)
  })
  fn('TRUNC', (v, arg) => {
    if (v === null || v === undefined) return null
    if (looksLikeDate(v)) return dateOut(truncDate(toDate(v) as DateParts, arg === undefined || arg === null ? 'DD' : String(arg)))
    const n = toNumber(v) as number
    const digits = arg === undefined ? 0 : toInt(arg)
    return digits === null ? null : truncNumber(n, digits)
  })
  const extreme = (pickGreater: boolean) => (...args: SqliteValue[]): SqliteValue => {
    if (args.length === 0 || args.some((a) => a === null)) return null
    const first = args[0] as SqliteValue
    // Oracle compares in the type of the first argument.
    if (typeof first === 'number' || typeof first === 'bigint') {
      const nums = args.map((a) => toNumber(a) as number)
      return pickGreater ? Math.max(...nums) : Math.min(...nums)
    }
    const texts = args.map((a) => toText(a) as string)
    return texts.reduce((best, t) => (pickGreater ? (t > best ? t : best) : t < best ? t : best))
  }
  fn('GREATEST', extreme(true))
  fn('LEAST', extreme(false))

  // ---- text ----------------------------------------------------------------------
  const text1 = (name: string, f: (s: string) => string): void =>
    fn(name, (v) => {
      const s = toText(v ?? null)
      return s === null ? null : nz(f(s))
    })
  text1('UPPER', (s) => s.toUpperCase())
  text1('LOWER', (s) => s.toLowerCase())
  text1('INITCAP', (s) => s.toLowerCase().replace(/(^|[^\p{L}\p{N}])(\p{L})/gu, (_, sep: string, c: string) => sep + c.toUpperCase()))
  text1('RAWTOHEX', (s) => s)
  fn('HEXTORAW', (v) => {
    const s = toText(v)
    if (s === null) return null
    if (!/^[0-9a-fA-F]*$/.test(s)) throw new OracleFunctionError('ORA-01465: invalid hex number')
    return Buffer.from(s.length % 2 ? '0' + s : s, 'hex')
  })
  fn('LENGTH', (v) => {
    if (Buffer.isBuffer(v)) return v.length === 0 ? null : v.length
    const s = toText(v ?? null)
    return s === null ? null : s.length
  })
  fn('LENGTHB', (v) => {
    const s = toText(v ?? null)
    return s === null ? null : Buffer.byteLength(s, 'utf8')
  })
  const substr = (v: SqliteValue, p: SqliteValue, l?: SqliteValue): SqliteValue => {
    const s = toText(v)
    const posNum = toInt(p ?? null)
    if (s === null || posNum === null) return null
    let start: number
    if (posNum > 0) start = posNum - 1
    else if (posNum === 0) start = 0
    else {
      start = s.length + posNum
      if (start < 0) return null
    }
    if (start >= s.length) return null
    if (l === undefined) return nz(s.slice(start))
    const len = toInt(l)
    if (len === null || len < 1) return null
    return nz(s.slice(start, start + len))
  }
  fn('SUBSTR', substr)
  fn('SUBSTRB', substr)
  const instr = (v: SqliteValue, sub: SqliteValue, p?: SqliteValue, o?: SqliteValue): SqliteValue => {
    const s = toText(v)
    const t = toText(sub ?? null)
    const pos = p === undefined ? 1 : toInt(p)
    const occurrence = o === undefined ? 1 : toInt(o)
    if (s === null || t === null || pos === null || occurrence === null) return null
    if (occurrence < 1) throw new OracleFunctionError(`ORA-01428: argument '${occurrence}' is out of range (INSTR occurrence must be positive)`)
    if (pos === 0) return 0
    let found = 0
    if (pos > 0) {
      let at = pos - 1
      for (;;) {
        const hit = s.indexOf(t, at)
        if (hit < 0) return 0
        if (++found === occurrence) return hit + 1
        at = hit + 1
      }
    }
    // Negative position: search backwards from that many characters from the end.
    let at = s.length + pos
    if (at < 0) return 0
    for (;;) {
      const hit = s.lastIndexOf(t, at)
      if (hit < 0) return 0
      if (++found === occurrence) return hit + 1
      at = hit - 1
      if (at < 0) return 0
    }
  }
  fn('INSTR', instr)
  fn('INSTRB', instr)
  const pad = (left: boolean) => (v: SqliteValue, n: SqliteValue, p?: SqliteValue): SqliteValue => {
    const s = toText(v)
    const width = toInt(n ?? null)
    const fill = p === undefined ? ' ' : toText(p)
    if (s === null || width === null || fill === null) return null
    if (width < 1) return null
    if (s.length >= width) return nz(s.slice(0, width))
    let padding = ''
    while (padding.length < width - s.length) padding += fill
    padding = padding.slice(0, width - s.length)
    return left ? padding + s : s + padding
  }
  fn('LPAD', pad(true))
  fn('RPAD', pad(false))
  const trimSet = (side: 'L' | 'R') => (v: SqliteValue, set?: SqliteValue): SqliteValue => {
    const s = toText(v)
    const chars = set === undefined ? ' ' : toText(set)
    if (s === null || chars === null) return null
    let a = 0
    let b = s.length
    if (side === 'L') while (a < b && chars.includes(s.charAt(a))) a++
    if (side === 'R') while (b > a && chars.includes(s.charAt(b - 1))) b--
    return nz(s.slice(a, b))
  }
  fn('LTRIM', trimSet('L'))
  fn('RTRIM', trimSet('R'))
  fn('TRIM_CHARS', (mode, c, v) => {
    const s = toText(v ?? null)
    const ch = toText(c ?? null)
    if (s === null || ch === null) return null
    if (ch.length !== 1) throw new OracleFunctionError('ORA-30001: trim set should have only one character')
    let a = 0
    let b = s.length
    if (mode !== 'TRAILING') while (a < b && s.charAt(a) === ch) a++
    if (mode !== 'LEADING') while (b > a && s.charAt(b - 1) === ch) b--
    return nz(s.slice(a, b))
  })
  fn('REPLACE', (v, search, replacement) => {
    const s = toText(v)
    if (s === null) return null
    const from = toText(search ?? null)
    if (from === null) return s
    return nz(s.split(from).join(toText(replacement ?? null) ?? ''))
  })
  fn('TRANSLATE', (v, from, to) => {
    const s = toText(v)
    const f = toText(from ?? null)
    const t = toText(to ?? null)
    if (s === null || f === null || t === null) return null
    let out = ''
    for (const ch of s) {
      const at = f.indexOf(ch)
      if (at < 0) out += ch
      else if (at < t.length) out += t.charAt(at)
    }
    return nz(out)
  })
  fn('CHR', (v) => {
    const n = toInt(v)
    return n === null ? null : nz(String.fromCharCode(n))
  })
  fn('ASCII', (v) => {
    const s = toText(v)
    return s === null ? null : s.charCodeAt(0)
  })
  fn('SOUNDEX', (v) => soundex(toText(v ?? null)))
  fn('HASH', (v, max, seed) => {
    try {
      return oraHash(toText(v ?? null), toInt(max ?? null), toInt(seed ?? null))
    } catch (e) {
      throw new OracleFunctionError(e instanceof Error ? e.message : String(e))
    }
  })
  // CONNECT BY (hierarchical-query.ts): a sibling key that sorts as Oracle orders (numbers as numbers, NULL last).
  fn('SIBLING_KEY', (v) => siblingKey(v ?? null))
  fn('CONNECT_BY_LOOP', (flag) => {
    if (flag === 1 || flag === 1n) throw new OracleFunctionError('ORA-01436: CONNECT BY loop in user data')
    return 0
  }, false)
  fn('EMPTY_CLOB', () => null)
  fn('EMPTY_BLOB', () => null)

  // ---- dates -----------------------------------------------------------------------
  fn('ADD_MONTHS', (d, n) => {
    const p = toDate(d)
    const months = toInt(n ?? null)
    return p === null || months === null ? null : dateOut(addMonths(p, months))
  })
  fn('MONTHS_BETWEEN', (a, b) => {
    const p = toDate(a)
    const q = toDate(b ?? null)
    if (p === null || q === null) return null
    const whole = (p.year - q.year) * 12 + (p.month - q.month)
    const bothLast = p.day === daysInMonth(p.year, p.month) && q.day === daysInMonth(q.year, q.month)
    if (p.day === q.day || bothLast) return whole
    // Oracle: the fraction is based on a 31-day month, time of day included.
    const secondsP = p.day * 86400 + p.hour * 3600 + p.minute * 60 + p.second
    const secondsQ = q.day * 86400 + q.hour * 3600 + q.minute * 60 + q.second
    return whole + (secondsP - secondsQ) / (31 * 86400)
  })
  fn('LAST_DAY', (d) => {
    const p = toDate(d)
    return p === null ? null : dateOut({ ...p, day: daysInMonth(p.year, p.month) })
  })
  fn('NEXT_DAY', (d, name) => {
    const p = toDate(d)
    const n = toText(name ?? null)
    if (p === null || n === null) return null
    const days = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT']
    const target = days.indexOf(n.trim().slice(0, 3).toUpperCase())
    if (target < 0) throw new OracleDateError(`ORA-01846: not a valid day of the week ("${n}")`)
    const delta = ((target - dayOfWeek(p) + 6) % 7) + 1
    return dateOut(fromDayNumber(toDayNumber(p) + delta))
  })

  // ---- regular expressions ------------------------------------------------------------
  const regexArgs = (v: SqliteValue, pattern: SqliteValue | undefined) => ({ s: toText(v), pat: toText(pattern ?? null) })
  fn('REGEXP_LIKE', (v, pattern, flags) => {
    const { s, pat } = regexArgs(v, pattern)
    if (s === null || pat === null) return null
    return compileOracleRegex(pat, flags === undefined ? null : toText(flags)).exec(s, 0) ? 1 : 0
  })
  const nthMatch = (s: string, pat: string, pos: number, occurrence: number, flags: string | null) => {
    if (pos < 1) throw new OracleFunctionError(`ORA-01428: argument '${pos}' is out of range`)
    if (occurrence < 1) throw new OracleFunctionError(`ORA-01428: argument '${occurrence}' is out of range`)
    const re = compileOracleRegex(pat, flags)
    let at = pos - 1
    let found = 0
    while (at <= s.length) {
      const m = re.exec(s, at)
      if (!m) return null
      if (++found === occurrence) return m
      at = m.end > m.start ? m.end : m.end + 1
    }
    return null
  }
  fn('REGEXP_SUBSTR', (v, pattern, p, o, flags, sub) => {
    const { s, pat } = regexArgs(v, pattern)
    if (s === null || pat === null) return null
    const m = nthMatch(s, pat, p === undefined ? 1 : (toInt(p) ?? 1), o === undefined ? 1 : (toInt(o) ?? 1), flags === undefined ? null : toText(flags))
    if (!m) return null
    const group = sub === undefined ? 0 : (toInt(sub) ?? 0)
    return nz(m.groups[group])
  })
  fn('REGEXP_INSTR', (v, pattern, p, o, returnOption, flags, sub) => {
    const { s, pat } = regexArgs(v, pattern)
    if (s === null || pat === null) return null
    const m = nthMatch(s, pat, p === undefined ? 1 : (toInt(p) ?? 1), o === undefined ? 1 : (toInt(o) ?? 1), flags === undefined ? null : toText(flags))
    if (!m) return 0
    const group = sub === undefined ? 0 : (toInt(sub) ?? 0)
    if (group > 0) {
      const text = m.groups[group]
      if (text === undefined) return 0
      const start = s.indexOf(text, m.start)
      return (toInt(returnOption ?? 0) ?? 0) > 0 ? start + text.length + 1 : start + 1
    }
    return (toInt(returnOption ?? 0) ?? 0) > 0 ? m.end + 1 : m.start + 1
  })
  fn('REGEXP_COUNT', (v, pattern, p, flags) => {
    const { s, pat } = regexArgs(v, pattern)
    if (s === null || pat === null) return null
    const re = compileOracleRegex(pat, flags === undefined ? null : toText(flags))
    let at = (p === undefined ? 1 : (toInt(p) ?? 1)) - 1
    let count = 0
    while (at <= s.length) {
      const m = re.exec(s, at)
      if (!m) break
      count++
      at = m.end > m.start ? m.end : m.end + 1
    }
    return count
  })
  fn('REGEXP_REPLACE', (v, pattern, replacement, p, o, flags) => {
    const s = toText(v)
    const pat = toText(pattern ?? null)
    if (s === null) return null
    if (pat === null) return s
    const repl = toText(replacement ?? null) ?? ''
    const re = compileOracleRegex(pat, flags === undefined ? null : toText(flags))
    const occurrence = o === undefined ? 0 : (toInt(o) ?? 0)
    let at = (p === undefined ? 1 : (toInt(p) ?? 1)) - 1
    let out = s.slice(0, at)
    let found = 0
    while (at <= s.length) {
      const m = re.exec(s, at)
      if (!m) break
      found++
      out += s.slice(at, m.start)
      if (occurrence === 0 || found === occurrence) {
        out += repl.replace(/\\(\d)/g, (_, d: string) => m.groups[Number(d)] ?? '')
      } else out += s.slice(m.start, m.end)
      if (m.end === m.start) {
        out += s.charAt(m.end)
        at = m.end + 1
      } else at = m.end
      if (occurrence !== 0 && found === occurrence) break
    }
    if (at < s.length) out += s.slice(at)
    return nz(out)
  })

  // ---- aggregates SQLite lacks -----------------------------------------------------------
  const stats = (name: string, result: (values: number[]) => number | null): void => {
    db.aggregate(`ORA_${name}`, {
      start: () => [] as number[],
      step: (acc: number[], v: SqliteValue) => {
        const n = toNumber(v)
        if (n !== null) acc.push(n)
        return acc
      },
      result: (acc: number[]) => result(acc),
    })
  }
  const variance = (values: number[]): number | null => {
    if (values.length === 0) return null
    if (values.length === 1) return 0
    const mean = values.reduce((a, b) => a + b, 0) / values.length
    return values.reduce((a, b) => a + (b - mean) ** 2, 0) / (values.length - 1)
  }
  stats('VARIANCE', variance)
  stats('STDDEV', (values) => {
    const v = variance(values)
    return v === null ? null : Math.sqrt(v)
  })
  stats('MEDIAN', (values) => {
    if (values.length === 0) return null
    const sorted = [...values].sort((a, b) => a - b)
    const mid = Math.floor(sorted.length / 2)
    return sorted.length % 2 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2
  })
}
