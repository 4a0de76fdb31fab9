/**
 * Oracle's built-in SQL functions as PL/SQL sees them, on interpreter values,
 * with Oracle's 1-based positions and null rules. A function not listed here
 * is evaluated by the database (`SELECT f(:a1, …) FROM dual`) — see
 * interpreter.ts — so this list covers the frequent ones without a round trip.
 */
import { OracleDateError, formatDate, fromJsDate, parseDate, type DateParts } from '../sql/dates'
import { OracleNumberError, formatNumber, parseNumber } from '../sql/numbers'
import { PlsqlError } from './errors'
import { xmlConstructor } from './xmltype'
import { PlsqlDate, compareValues, dateToString, numberToString, toDate, toNumber, toText, type Value } from './values'

export interface BuiltinContext {
  now(): PlsqlDate
  item(name: string): string | null
}

type Builtin = (a: Value[], ctx: BuiltinContext) => Value

function text(v: Value | undefined): string | null {
  return v === undefined ? null : toText(v)
}

function num(v: Value | undefined): number | null {
  return v === undefined ? null : toNumber(v)
}

function str(s: string): string | null {
  return s === '' ? null : s
}

function argc(name: string, a: Value[], min: number, max: number): void {
  if (a.length < min || a.length > max) {
    throw new PlsqlError(`PLS-00306: wrong number or types of arguments in call to '${name}'`, 306)
  }
}

function roundTo(n: number, places: number): number {
  const f = Math.pow(10, places)
  const x = Math.abs(n) * f
  // Oracle rounds half away from zero; nudge for binary representation (2.675 → 2.68).
  const r = Math.round(x + 1e-9 * Math.max(1, x)) / f
  return n < 0 ? -r : r
}

function truncTo(n: number, places: number): number {
  const f = Math.pow(10, places)
  return Math.trunc(n * f) / f
}

/** Longest string a built-in builds (LPAD(x, 1e9) fails instead of exhausting memory); as the interpreter's limit. */
export const MAX_BUILT_STRING = 32 * 1024 * 1024

function pad(s: string, len: number, fill: string, left: boolean): string | null {
  if (len <= 0 || fill === '') return null
  if (s.length >= len) return str(s.slice(0, len))
  if (len > MAX_BUILT_STRING) throw new PlsqlError(`ORA-06502: PL/SQL: numeric or value error: a string longer than ${MAX_BUILT_STRING} characters (the simulation's limit)`, 6502)
  const p = fill.repeat(Math.ceil((len - s.length) / fill.length)).slice(0, len - s.length)
  return left ? p + s : s + p
}

/** Oracle regex → JS: POSIX classes; flags i, c, n, m, x. */
export function oracleRegex(pattern: string, flags: string | null, global: boolean): RegExp {
  const classes: Record<string, string> = {
    alpha: 'a-zA-Z', digit: '0-9', alnum: 'a-zA-Z0-9', space: '\\s', upper: 'A-Z', lower: 'a-z', punct: '!-\\/:-@\\[-`{-~', xdigit: '0-9a-fA-F', blank: ' \\t', cntrl: '\\x00-\\x1f',
  }
  const src = pattern.replace(/\[:(\w+):\]/g, (m, c: string) => classes[c] ?? m)
  let f = global ? 'g' : ''
  for (const ch of flags ?? '') {
    if (ch === 'i' && !f.includes('i')) f += 'i'
    if (ch === 'n' && !f.includes('s')) f += 's'
    if (ch === 'm' && !f.includes('m')) f += 'm'
    if (ch === 'c') f = f.replace('i', '')
  }
  try {
    return new RegExp(src, f + 'u')
  } catch {
    try {
      return new RegExp(src, f)
    } catch {
      throw new PlsqlError(`ORA-12725: unmatched parentheses or invalid regular expression '${pattern}'`, 12725)
    }
  }
}

/** The SQL engine's format-model code (src-main/engine/sql), so PL/SQL and SQL format dates and numbers alike. */
function oracle<T>(f: () => T): T {
  try {
    return f()
  } catch (e) {
    if (e instanceof OracleDateError || e instanceof OracleNumberError) {
      const code = /ORA-(\d{5})/.exec(e.message)
      throw new PlsqlError(e.message, code ? Number(code[1]) : 1861)
    }
    throw e
  }
}

function toParts(d: PlsqlDate): DateParts {
  return fromJsDate(new Date(d.ms), false)
}

function fromParts(p: DateParts): PlsqlDate {
  return new PlsqlDate(Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second))
}

function truncDate(d: PlsqlDate, fmt: string | null): PlsqlDate {
  const x = new Date(d.ms)
  const f = (fmt ?? 'DD').toUpperCase()
  if (f === 'YYYY' || f === 'YEAR' || f === 'Y' || f === 'YY') return new PlsqlDate(Date.UTC(x.getUTCFullYear(), 0, 1))
  if (f === 'MM' || f === 'MON' || f === 'MONTH') return new PlsqlDate(Date.UTC(x.getUTCFullYear(), x.getUTCMonth(), 1))
  if (f === 'HH' || f === 'HH24') return new PlsqlDate(Date.UTC(x.getUTCFullYear(), x.getUTCMonth(), x.getUTCDate(), x.getUTCHours()))
  if (f === 'MI') return new PlsqlDate(Date.UTC(x.getUTCFullYear(), x.getUTCMonth(), x.getUTCDate(), x.getUTCHours(), x.getUTCMinutes()))
  return new PlsqlDate(Date.UTC(x.getUTCFullYear(), x.getUTCMonth(), x.getUTCDate()))
}

function addMonths(d: PlsqlDate, n: number): PlsqlDate {
  const x = new Date(d.ms)
  const lastDay = (y: number, m: number): number => new Date(Date.UTC(y, m + 1, 0)).getUTCDate()
  const y = x.getUTCFullYear()
  const m = x.getUTCMonth()
  const target = new Date(Date.UTC(y, m + Math.trunc(n), 1))
  const ty = target.getUTCFullYear()
  const tm = target.getUTCMonth()
  const day = x.getUTCDate() === lastDay(y, m) ? lastDay(ty, tm) : Math.min(x.getUTCDate(), lastDay(ty, tm))
  return new PlsqlDate(Date.UTC(ty, tm, day, x.getUTCHours(), x.getUTCMinutes(), x.getUTCSeconds()))
}

function instr(s: string, sub: string, start: number, nth: number): number {
  if (nth < 1) throw new PlsqlError(`ORA-01428: argument '${nth}' is out of range`, 1428)
  if (start > 0) {
    let at = start - 1
    for (let k = 0; k < nth; k++) {
      const found = s.indexOf(sub, at)
      if (found < 0) return 0
      if (k === nth - 1) return found + 1
      at = found + 1
    }
    return 0
  }
  if (start === 0) return 0
  let at = s.length + start
  for (let k = 0; k < nth; k++) {
    const found = s.lastIndexOf(sub, at)
    if (found < 0) return 0
    if (k === nth - 1) return found + 1
    at = found - 1
    if (at < 0) return 0
  }
  return 0
}

function substr(s: string, start: number, len?: number | null): string | null {
  if (len !== undefined && (len === null || len < 1)) return null
  let from = Math.trunc(start)
  if (from === 0) from = 1
  if (from < 0) from = s.length + from + 1
  if (from < 1 || from > s.length) return null
  return str(len === undefined ? s.slice(from - 1) : s.slice(from - 1, from - 1 + Math.trunc(len)))
}

function greatestLeast(a: Value[], sign: 1 | -1): Value {
  if (a.some((x) => x === null)) return null
  let best = a[0] ?? null
  const firstIsNumber = typeof best === 'number'
  for (const v of a.slice(1)) {
    const x = firstIsNumber ? toNumber(v) : v instanceof PlsqlDate || typeof v === 'number' ? v : toText(v)
    const c = compareValues(x, best)
    if (c !== null && c * sign > 0) best = x
  }
  return best
}

export const BUILTINS: Record<string, Builtin> = {
  // XMLTYPE(text): the constructor (xmltype.ts); an XMLType value is its text once it is well formed.
  XMLTYPE: (a) => (argc('XMLTYPE', a, 1, 1), xmlConstructor(a[0] ?? null)),
  NVL: (a) => (argc('NVL', a, 2, 2), a[0] === null ? (a[1] ?? null) : (a[0] ?? null)),
  NVL2: (a) => (argc('NVL2', a, 3, 3), a[0] !== null ? (a[1] ?? null) : (a[2] ?? null)),
  COALESCE: (a) => a.find((x) => x !== null) ?? null,
  NULLIF: (a) => (argc('NULLIF', a, 2, 2), compareValues(a[0] ?? null, a[1] ?? null) === 0 ? null : (a[0] ?? null)),
  DECODE: (a) => {
    if (a.length < 3) throw new PlsqlError("PLS-00306: wrong number or types of arguments in call to 'DECODE'", 306)
    const subject = a[0] ?? null
    for (let i = 1; i + 1 < a.length; i += 2) {
      const w = a[i] ?? null
      // DECODE treats NULL = NULL as a match.
      if ((subject === null && w === null) || (subject !== null && w !== null && compareValues(subject, w) === 0)) return a[i + 1] ?? null
    }
    return a.length % 2 === 0 ? (a[a.length - 1] ?? null) : null
  },
  UPPER: (a) => text(a[0])?.toUpperCase() ?? null,
  LOWER: (a) => text(a[0])?.toLowerCase() ?? null,
  INITCAP: (a) => text(a[0])?.toLowerCase().replace(/(^|[^a-z0-9])([a-z])/g, (_m, p: string, c: string) => p + c.toUpperCase()) ?? null,
  LENGTH: (a) => {
    const s = text(a[0])
    return s === null ? null : s.length
  },
  SUBSTR: (a) => {
    argc('SUBSTR', a, 2, 3)
    const s = text(a[0])
    const start = num(a[1])
    if (s === null || start === null) return null
    return substr(s, start, a.length > 2 ? num(a[2]) : undefined)
  },
  INSTR: (a) => {
    argc('INSTR', a, 2, 4)
    const s = text(a[0])
    const sub = text(a[1])
    const start = a.length > 2 ? num(a[2]) : 1
    const nth = a.length > 3 ? num(a[3]) : 1
    if (s === null || sub === null || start === null || nth === null) return null
    return instr(s, sub, Math.trunc(start), Math.trunc(nth))
  },
  LPAD: (a) => {
    argc('LPAD', a, 2, 3)
    const s = text(a[0])
    const n = num(a[1])
    const f = a.length > 2 ? text(a[2]) : ' '
    return s === null || n === null || f === null ? null : pad(s, Math.trunc(n), f, true)
  },
  RPAD: (a) => {
    argc('RPAD', a, 2, 3)
    const s = text(a[0])
    const n = num(a[1])
    const f = a.length > 2 ? text(a[2]) : ' '
    return s === null || n === null || f === null ? null : pad(s, Math.trunc(n), f, false)
  },
  TRIM: (a) => str(text(a[0])?.replace(/^ +| +$/g, '') ?? ''),
  LTRIM: (a) => {
    const s = text(a[0])
    const set = a.length > 1 ? text(a[1]) : ' '
    if (s === null || set === null) return null
    let i = 0
    while (i < s.length && set.includes(s[i] as string)) i++
    return str(s.slice(i))
  },
  RTRIM: (a) => {
    const s = text(a[0])
    const set = a.length > 1 ? text(a[1]) : ' '
    if (s === null || set === null) return null
    let i = s.length
    while (i > 0 && set.includes(s[i - 1] as string)) i--
    return str(s.slice(0, i))
  },
  REPLACE: (a) => {
    argc('REPLACE', a, 2, 3)
    const s = text(a[0])
    const from = text(a[1])
    const to = a.length > 2 ? (text(a[2]) ?? '') : ''
    if (s === null) return null
    return from === null ? s : str(s.split(from).join(to))
  },
  TRANSLATE: (a) => {
    argc('TRANSLATE', a, 3, 3)
    const s = text(a[0])
    const from = text(a[1])
    const to = text(a[2])
    if (s === null || from === null || to === null) return null
    let out = ''
    for (const ch of s) {
      const i = from.indexOf(ch)
      if (i < 0) out += ch
      else if (i < to.length) out += to[i]
    }
    return str(out)
  },
  CONCAT: (a) => str((text(a[0]) ?? '') + (text(a[1]) ?? '')),
  CHR: (a) => {
    const n = num(a[0])
    return n === null ? null : String.fromCharCode(n)
  },
  ASCII: (a) => {
    const s = text(a[0])
    return s === null ? null : s.charCodeAt(0)
  },
  TO_NUMBER: (a) => {
    argc('TO_NUMBER', a, 1, 3)
    const v = a[0] ?? null
    const fmt = a.length > 1 ? text(a[1]) : null
    if (fmt !== null && typeof v === 'string') return oracle(() => parseNumber(v, fmt))
    return toNumber(v)
  },
  TO_CHAR: (a) => {
    argc('TO_CHAR', a, 1, 3)
    const v = a[0] ?? null
    const fmt = a.length > 1 ? text(a[1]) : null
    if (v === null) return null
    if (v instanceof PlsqlDate) return fmt === null ? dateToString(v) : str(oracle(() => formatDate(toParts(v), fmt)))
    if (typeof v === 'number') return fmt === null ? numberToString(v) : str(oracle(() => formatNumber(v, fmt)))
    if (fmt !== null && typeof v === 'string') {
      // TO_CHAR(text, fmt): a number in text form.
      return str(oracle(() => formatNumber(toNumber(v) as number, fmt)))
    }
    return toText(v)
  },
  TO_DATE: (a, ctx) => {
    argc('TO_DATE', a, 1, 3)
    const s = text(a[0])
    if (s === null) return null
    const fmt = a.length > 1 ? text(a[1]) : null
    return fmt === null ? toDate(s) : fromParts(oracle(() => parseDate(s, fmt, toParts(ctx.now()))))
  },
  TO_TIMESTAMP: (a, ctx) => BUILTINS.TO_DATE?.(a, ctx) ?? null,
  __DATE_LITERAL: (a) => toDate(a[0] ?? null),
  TO_CLOB: (a) => text(a[0]),
  TO_NCHAR: (a) => text(a[0]),
  TRUNC: (a) => {
    argc('TRUNC', a, 1, 2)
    const v = a[0] ?? null
    if (v === null) return null
    if (v instanceof PlsqlDate) return truncDate(v, a.length > 1 ? text(a[1]) : null)
    const n = toNumber(v) as number
    const p = a.length > 1 ? num(a[1]) : 0
    return p === null ? null : truncTo(n, Math.trunc(p))
  },
  ROUND: (a) => {
    argc('ROUND', a, 1, 2)
    const v = a[0] ?? null
    if (v === null) return null
    if (v instanceof PlsqlDate) {
      const day = truncDate(v, 'DD')
      return v.ms - day.ms >= 43200000 ? new PlsqlDate(day.ms + 86400000) : day
    }
    const p = a.length > 1 ? num(a[1]) : 0
    return p === null ? null : roundTo(toNumber(v) as number, Math.trunc(p))
  },
  MOD: (a) => {
    argc('MOD', a, 2, 2)
    const x = num(a[0])
    const y = num(a[1])
    if (x === null || y === null) return null
    return y === 0 ? x : x - y * Math.trunc(x / y)
  },
  REMAINDER: (a) => {
    const x = num(a[0])
    const y = num(a[1])
    if (x === null || y === null) return null
    return x - y * Math.round(x / y)
  },
  ABS: (a) => {
    const n = num(a[0])
    return n === null ? null : Math.abs(n)
  },
  FLOOR: (a) => {
    const n = num(a[0])
    return n === null ? null : Math.floor(n)
  },
  CEIL: (a) => {
    const n = num(a[0])
    return n === null ? null : Math.ceil(n)
  },
  SIGN: (a) => {
    const n = num(a[0])
    return n === null ? null : Math.sign(n)
  },
  POWER: (a) => {
    const x = num(a[0])
    const y = num(a[1])
    return x === null || y === null ? null : Math.pow(x, y)
  },
  SQRT: (a) => {
    const n = num(a[0])
    if (n !== null && n < 0) throw new PlsqlError(`ORA-01428: argument '${n}' is out of range`, 1428)
    return n === null ? null : Math.sqrt(n)
  },
  GREATEST: (a) => greatestLeast(a, 1),
  LEAST: (a) => greatestLeast(a, -1),
  ADD_MONTHS: (a) => {
    const d = toDate(a[0] ?? null)
    const n = num(a[1])
    return d === null || n === null ? null : addMonths(d, n)
  },
  LAST_DAY: (a) => {
    const d = toDate(a[0] ?? null)
    if (d === null) return null
    const x = new Date(d.ms)
    return new PlsqlDate(Date.UTC(x.getUTCFullYear(), x.getUTCMonth() + 1, 0, x.getUTCHours(), x.getUTCMinutes(), x.getUTCSeconds()))
  },
  MONTHS_BETWEEN: (a) => {
    const d1 = toDate(a[0] ?? null)
    const d2 = toDate(a[1] ?? null)
    if (d1 === null || d2 === null) return null
    const x = new Date(d1.ms)
    const y = new Date(d2.ms)
    const months = (x.getUTCFullYear() - y.getUTCFullYear()) * 12 + (x.getUTCMonth() - y.getUTCMonth())
    const last = (d: Date): boolean => d.getUTCDate() === new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)).getUTCDate()
    if (x.getUTCDate() === y.getUTCDate() || (last(x) && last(y))) return months
    const secs = (d: Date): number => d.getUTCDate() * 86400 + d.getUTCHours() * 3600 + d.getUTCMinutes() * 60 + d.getUTCSeconds()
    return months + (secs(x) - secs(y)) / (31 * 86400)
  },
  SYSDATE: (_a, ctx) => ctx.now(),
  SYSTIMESTAMP: (_a, ctx) => ctx.now(),
  CURRENT_DATE: (_a, ctx) => ctx.now(),
  LOCALTIMESTAMP: (_a, ctx) => ctx.now(),
  CURRENT_TIMESTAMP: (_a, ctx) => ctx.now(),
  V: (a, ctx) => {
    const n = text(a[0])
    return n === null ? null : ctx.item(n.toUpperCase())
  },
  NV: (a, ctx) => {
    const n = text(a[0])
    return n === null ? null : toNumber(ctx.item(n.toUpperCase()))
  },
  REGEXP_LIKE: (a) => {
    argc('REGEXP_LIKE', a, 2, 3)
    const s = text(a[0])
    const p = text(a[1])
    if (s === null || p === null) return null
    return oracleRegex(p, a.length > 2 ? text(a[2]) : null, false).test(s)
  },
  REGEXP_SUBSTR: (a) => {
    argc('REGEXP_SUBSTR', a, 2, 6)
    const s = text(a[0])
    const p = text(a[1])
    const start = a.length > 2 ? num(a[2]) : 1
    const nth = a.length > 3 ? num(a[3]) : 1
    if (s === null || p === null || start === null || nth === null) return null
    const re = oracleRegex(p, a.length > 4 ? text(a[4]) : null, true)
    const group = a.length > 5 ? num(a[5]) ?? 0 : 0
    re.lastIndex = start - 1
    let m: RegExpExecArray | null = null
    for (let k = 0; k < nth; k++) {
      m = re.exec(s)
      if (!m) return null
      if (m[0] === '') re.lastIndex++
    }
    return m ? str(m[group] ?? '') : null
  },
  REGEXP_REPLACE: (a) => {
    argc('REGEXP_REPLACE', a, 2, 6)
    const s = text(a[0])
    const p = text(a[1])
    if (s === null) return null
    if (p === null) return s
    const rep = (a.length > 2 ? text(a[2]) : null) ?? ''
    const occurrence = a.length > 4 ? num(a[4]) ?? 0 : 0
    const re = oracleRegex(p, a.length > 5 ? text(a[5]) : null, true)
    const jsRep = rep.replace(/\$/g, '$$$$').replace(/\\(\d)/g, '$$$1')
    if (occurrence === 0) return str(s.replace(re, jsRep))
    let count = 0
    return str(s.replace(re, (...m: unknown[]) => {
      count++
      if (count !== occurrence) return m[0] as string
      return (m[0] as string).replace(new RegExp(re.source, re.flags.replace('g', '')), jsRep)
    }))
  },
  REGEXP_INSTR: (a) => {
    argc('REGEXP_INSTR', a, 2, 6)
    const s = text(a[0])
    const p = text(a[1])
    if (s === null || p === null) return null
    const re = oracleRegex(p, a.length > 5 ? text(a[5]) : null, true)
    re.lastIndex = (a.length > 2 ? num(a[2]) ?? 1 : 1) - 1
    const nth = a.length > 3 ? num(a[3]) ?? 1 : 1
    let m: RegExpExecArray | null = null
    for (let k = 0; k < nth; k++) {
      m = re.exec(s)
      if (!m) return 0
      if (m[0] === '') re.lastIndex++
    }
    if (!m) return 0
    const end = a.length > 4 ? num(a[4]) ?? 0 : 0
    return m.index + 1 + (end ? m[0].length : 0)
  },
  REGEXP_COUNT: (a) => {
    const s = text(a[0])
    const p = text(a[1])
    if (s === null || p === null) return null
    return [...s.matchAll(oracleRegex(p, a.length > 3 ? text(a[3]) : null, true))].length
  },
  __TRIM: (a) => {
    const mode = text(a[0])
    const set = text(a[1])
    const s = text(a[2])
    if (set === null || s === null) return null
    if (set.length !== 1) throw new PlsqlError('ORA-30001: trim set should have only one character', 30001)
    let from = 0
    let to = s.length
    if (mode !== 'TRAILING') while (from < to && s[from] === set) from++
    if (mode !== 'LEADING') while (to > from && s[to - 1] === set) to--
    return str(s.slice(from, to))
  },
  __CAST: (a) => {
    const v = a[0] ?? null
    const t = text(a[1]) ?? 'VARCHAR2'
    if (/CHAR|CLOB|STRING/.test(t)) return toText(v)
    if (t === 'DATE' || t === 'TIMESTAMP') return toDate(v)
    if (t === 'INTEGER' || t === 'INT' || t === 'PLS_INTEGER') { const n = toNumber(v); return n === null ? null : Math.round(n) }
    return toNumber(v)
  },
  __EXTRACT: (a) => {
    const d = toDate(a[1] ?? null)
    if (d === null) return null
    const x = new Date(d.ms)
    switch (text(a[0])) {
      case 'YEAR': return x.getUTCFullYear()
      case 'MONTH': return x.getUTCMonth() + 1
      case 'DAY': return x.getUTCDate()
      case 'HOUR': return x.getUTCHours()
      case 'MINUTE': return x.getUTCMinutes()
      case 'SECOND': return x.getUTCSeconds()
    }
    throw new PlsqlError(`ORA-30076: invalid extract field for extract source`, 30076)
  },
  // RAW and BLOB values are hex text here (docs/plsql.md).
  HEXTORAW: (a) => text(a[0])?.toUpperCase() ?? null,
  RAWTOHEX: (a) => text(a[0])?.toUpperCase() ?? null,
  LENGTHB: (a) => {
    const s = text(a[0])
    return s === null ? null : Buffer.byteLength(s, 'utf8')
  },
}
