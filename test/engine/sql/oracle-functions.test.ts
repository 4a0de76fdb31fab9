/**
 * Oracle's built-in functions as registered on the application database.
 * Expected values are Oracle's, taken from the examples of the Oracle
 * Database SQL Language Reference or worked out by hand from its rules —
 * never from this code's output.
 */
import { afterAll, describe, expect, it } from 'vitest'
import { fc, test as fcTest } from '@fast-check/vitest'
import { AppDatabase } from '../../../src-main/engine/database/app-database.js'
import type { SqlValue } from '../../../src-main/engine/database/app-database.js'

const db = new AppDatabase({ clock: () => new Date('2024-03-15T10:20:30.250Z'), user: () => 'SCOTT' })
afterAll(() => db.close())

/** The single value of `select <expr> from dual`, binds from the map. */
function value(expr: string, binds: Record<string, string | null> = {}): SqlValue {
  const result = db.query(`select ${expr} from dual`, (name) => binds[name])
  return result.rows[0]?.[0] ?? null
}

describe('character functions (SQL Language Reference examples)', () => {
  it.each([
    ["SUBSTR('ABCDEFG', 3, 4)", 'CDEF'],
    ["SUBSTR('ABCDEFG', -5, 4)", 'CDEF'],
    ["SUBSTR('ABCDEFG', 0, 2)", 'AB'],
    ["SUBSTR('ABCDEFG', 5)", 'EFG'],
    ["INSTR('CORPORATE FLOOR', 'OR', 3, 2)", 14],
    ["INSTR('CORPORATE FLOOR', 'OR', -3, 2)", 2],
    ["INSTR('CORPORATE FLOOR', 'XX')", 0],
    ["LPAD('Page 1', 15, '*.')", '*.*.*.*.*Page 1'],
    ["RPAD('abc', 6, 'xy')", 'abcxyx'],
    ["LPAD('abcdef', 3)", 'abc'],
    ["LTRIM('<=====>BROWNING<=====>', '<>=')", 'BROWNING<=====>'],
    ["RTRIM('<=====>BROWNING<=====>', '<>=')", '<=====>BROWNING'],
    ["TRIM(LEADING 0 FROM '0009872348900')", '9872348900'],
    ["TRIM(BOTH 'x' FROM 'xxhixx')", 'hi'],
    ["TRIM('  padded  ')", 'padded'],
    ["REPLACE('JACK and JUE', 'J', 'BL')", 'BLACK and BLUE'],
    ["REPLACE('abcabc', 'b')", 'acac'],
    ["TRANSLATE('SQL*Plus User''s Guide', ' */''', '___')", 'SQL_Plus_Users_Guide'],
    ["INITCAP('the soap')", 'The Soap'],
    ["UPPER('straße')", 'STRASSE'],
    ["LENGTH('CANDIDE')", 7],
    ["CONCAT('a', NULL)", 'a'],
    ['CHR(65)', 'A'],
    ["ASCII('A')", 65],
  ])('%s = %j', (expr, expected) => {
    expect(value(expr)).toBe(expected)
  })
})

describe('numeric functions', () => {
  it.each([
    ['MOD(11, 4)', 3],
    ['MOD(-11, 4)', -3],
    ['MOD(11, 0)', 11],
    ['REMAINDER(11, 4)', -1],
    ['ROUND(15.193, 1)', 15.2],
    ['ROUND(15.193, -1)', 20],
    ['ROUND(-2.5)', -3],
    ['ROUND(1.005, 2)', 1.01],
    ['TRUNC(15.79, 1)', 15.7],
    ['TRUNC(15.79, -1)', 10],
    ['CEIL(15.7)', 16],
    ['FLOOR(15.7)', 15],
    ['ABS(-15)', 15],
    ['7 / 2', 3.5],
    ['POWER(3, 2)', 9],
    ["GREATEST(1, '3.925', '2.4')", 3.925],
    ["GREATEST('HARRY', 'HARRIOT', 'HAROLD')", 'HARRY'],
    ["LEAST('HARRY', 'HARRIOT', 'HAROLD')", 'HAROLD'],
    ['GREATEST(1, NULL)', null],
    ["TO_NUMBER('1,234.50', '9G999D99')", 1234.5],
    ["TO_NUMBER(' 42 ')", 42],
    ["TO_NUMBER('FF', 'XX')", 255],
  ])('%s = %j', (expr, expected) => {
    expect(value(expr)).toBe(expected)
  })

  it('raises ORA-01476 on division by zero and ORA-01722 on a non-number', () => {
    expect(() => value('1 / 0')).toThrow(/ORA-01476/)
    expect(() => value("TO_NUMBER('12a')")).toThrow(/ORA-01722/)
  })
})

describe('number format models', () => {
  it.each([
    ["TO_CHAR(1234.5, '9G999D99')", ' 1,234.50'],
    ["TO_CHAR(-1234.5, 'FM9G999D00')", '-1,234.50'],
    ["TO_CHAR(0.5, '990D00')", '   0.50'],
    ["TO_CHAR(0.5, '99D99')", '   .50'],
    ["TO_CHAR(5, '000')", ' 005'],
    ["TO_CHAR(12345, '999')", '####'],
    ["TO_CHAR(1.5, 'FM9.99')", '1.5'],
    ["TO_CHAR(-5, '999MI')", '  5-'],
    ["TO_CHAR(255, 'FMXX')", 'FF'],
    ["TO_CHAR(1234567, 'FM999,999,999')", '1,234,567'],
    ['TO_CHAR(0.5)', '.5'],
    ['TO_CHAR(-0.25)', '-.25'],
    ['TO_CHAR(100)', '100'],
  ])('%s = %j', (expr, expected) => {
    expect(value(expr)).toBe(expected)
  })
})

describe('dates: the simulated clock, arithmetic, formats', () => {
  it('reads SYSDATE, SYSTIMESTAMP and CURRENT_DATE from the simulated clock in the default format', () => {
    expect(value('SYSDATE')).toBe('2024-03-15 10:20:30')
    expect(value('CURRENT_DATE')).toBe('2024-03-15 10:20:30')
    expect(value('SYSTIMESTAMP')).toBe('2024-03-15 10:20:30.25')
    expect(value('TO_CHAR(SYSDATE)')).toBe('2024-03-15 10:20:30')
  })

  it.each([
    ["ADD_MONTHS(DATE '2024-01-31', 1)", '2024-02-29 00:00:00'],
    ["ADD_MONTHS(DATE '2024-02-29', 12)", '2025-02-28 00:00:00'],
    ["LAST_DAY(DATE '2024-02-10')", '2024-02-29 00:00:00'],
    ["NEXT_DAY(DATE '2009-10-15', 'TUESDAY')", '2009-10-20 00:00:00'],
    ["TRUNC(TO_DATE('2024-03-15 10:20:30', 'YYYY-MM-DD HH24:MI:SS'))", '2024-03-15 00:00:00'],
    ["TRUNC(DATE '2024-03-15', 'MM')", '2024-03-01 00:00:00'],
    ["TRUNC(DATE '2024-08-15', 'Q')", '2024-07-01 00:00:00'],
    ["ROUND(TO_DATE('2024-03-15 12:00:00', 'YYYY-MM-DD HH24:MI:SS'))", '2024-03-16 00:00:00'],
    ["DATE '2024-02-28' + 1", '2024-02-29 00:00:00'],
    ["DATE '2024-03-01' - 1", '2024-02-29 00:00:00'],
    ["DATE '2024-03-15' + 1/24", '2024-03-15 01:00:00'],
    ["DATE '2024-03-15' - DATE '2024-03-01'", 14],
    ["MONTHS_BETWEEN(DATE '2024-03-15', DATE '2024-01-15')", 2],
    ["MONTHS_BETWEEN(DATE '2024-02-29', DATE '2024-01-31')", 1],
    ["EXTRACT(YEAR FROM DATE '1998-03-07')", 1998],
    ["TO_DATE('17-11-81', 'DD-MM-RR')", '1981-11-17 00:00:00'],
    ["TO_DATE('17-11-49', 'DD-MM-RR')", '2049-11-17 00:00:00'],
    ["TO_DATE('17-11-50', 'DD-MM-RR')", '1950-11-17 00:00:00'],
    ["TO_DATE('12/20/2015', 'MM/DD/YYYY')", '2015-12-20 00:00:00'],
    ["TO_DATE('20160103094500', 'YYYYMMDDHH24MISS')", '2016-01-03 09:45:00'],
    ["TO_DATE('January 15, 1989, 11:00 A.M.', 'Month dd, YYYY, HH:MI A.M.')", '1989-01-15 11:00:00'],
    ["TO_DATE('05-mar-2024')", '2024-03-05 00:00:00'],
    ["TO_CHAR(DATE '2024-03-05', 'FMMonth DD, YYYY')", 'March 5, 2024'],
    ["TO_CHAR(DATE '2024-03-05', 'Month')", 'March    '],
    ["TO_CHAR(DATE '2024-03-05', 'DD-MON-RR')", '05-MAR-24'],
    ["TO_CHAR(DATE '2024-03-05', 'Dy dy DY')", 'Tue tue TUE'],
    ["TO_CHAR(TO_DATE('2024-03-05 14:07:09', 'YYYY-MM-DD HH24:MI:SS'), 'HH:MI:SS PM')", '02:07:09 PM'],
    ["TO_CHAR(DATE '2024-03-05', 'D Q')", '3 1'],
  ])('%s = %j', (expr, expected) => {
    const actual = value(expr)
    if (typeof expected === 'number') expect(actual as number).toBeCloseTo(expected, 9)
    else expect(actual).toBe(expected)
  })

  it('computes MONTHS_BETWEEN fractions on a 31-day month (Oracle documentation example: 1.03225806)', () => {
    expect(value("MONTHS_BETWEEN(TO_DATE('02-02-1995','MM-DD-YYYY'), TO_DATE('01-01-1995','MM-DD-YYYY'))") as number).toBeCloseTo(1.03225806, 8)
  })

  it('reports a date that does not match its format', () => {
    expect(() => value("TO_DATE('31-02-2024', 'DD-MM-YYYY')")).toThrow(/ORA-01847/)
    expect(() => value("TO_DATE('2024-01-01 junk', 'YYYY-MM-DD')")).toThrow(/ORA-01830/)
  })
})

describe('regular expressions (SQL Language Reference examples)', () => {
  it.each([
    ["REGEXP_SUBSTR('500 Oracle Parkway, Redwood Shores, CA', ',[^,]+,')", ', Redwood Shores,'],
    ["REGEXP_REPLACE('500   Oracle     Parkway', '( ){2,}', ' ')", '500 Oracle Parkway'],
    ["REGEXP_INSTR('500 Oracle Parkway, Redwood Shores, CA', '[^ ]+', 1, 6)", 37],
    ["REGEXP_COUNT('123123123123123', '123', 1, 'i')", 5],
    ["REGEXP_SUBSTR('1234567890', '(123)(4(56)(78))', 1, 1, 'i', 4)", '78'],
    ["REGEXP_REPLACE('Ellen Hildi Smith', '(.*) (.*) (.*)', '\\3, \\1 \\2')", 'Smith, Ellen Hildi'],
    ["CASE WHEN REGEXP_LIKE('Steven', '^Ste(v|ph)en$') THEN 'y' ELSE 'n' END", 'y'],
    ["CASE WHEN REGEXP_LIKE('STEVEN', '^ste', 'i') THEN 'y' ELSE 'n' END", 'y'],
    ["REGEXP_SUBSTR('a1b22c', '[[:digit:]]+', 1, 2)", '22'],
  ])('%s = %j', (expr, expected) => {
    expect(value(expr)).toBe(expected)
  })

  it('answers patterns that backtrack catastrophically elsewhere, and refuses them only with a back-reference', () => {
    expect(value("REGEXP_SUBSTR('aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!', '(a+)+$')")).toBeNull()
    expect(value("REGEXP_SUBSTR('aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!', '(a|aa)*!')")).toBe('aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!')
    expect(() => value("REGEXP_SUBSTR('aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!', '(a+)+\\1$')")).toThrow(/exponential time/)
    expect(value("REGEXP_SUBSTR('abab!', '(a|b)*')")).toBe('abab')
  })
})

describe("Oracle's null rules", () => {
  it("treats '' as NULL and ignores NULL in ||", () => {
    expect(value("CASE WHEN '' IS NULL THEN 'null' ELSE 'not null' END")).toBe('null')
    expect(value("'a' || NULL || 'b'")).toBe('ab')
    expect(value('NULL || NULL')).toBeNull()
    expect(value("LENGTH('')")).toBeNull()
    expect(value("NVL('', 'x')")).toBe('x')
    expect(value("DECODE(NULL, NULL, 'match', 'no')")).toBe('match')
    expect(value("NVL2(NULL, 'a', 'b')")).toBe('b')
    expect(value("NVL2('x', 'a', 'b')")).toBe('a')
    expect(value("SUBSTR('abc', 4)")).toBeNull()
    expect(value("REPLACE('aaa', 'a')")).toBeNull()
  })

  const text = fc.oneof(fc.constant(''), fc.string({ maxLength: 12 }))
  const nullable = fc.option(text, { nil: null })

  fcTest.prop([nullable, nullable], { numRuns: 150 })('x || y is the concatenation of the non-null parts, NULL when both are empty', (x, y) => {
    const expected = (x ?? '') + (y ?? '') === '' ? null : (x ?? '') + (y ?? '')
    expect(value(':X || :Y', { X: x, Y: y })).toBe(expected)
  })

  fcTest.prop([nullable, nullable], { numRuns: 150 })('NVL(x, y) = COALESCE(x, y), and is y exactly when x is NULL or empty', (x, y) => {
    const nvl = value('NVL(:X, :Y)', { X: x, Y: y })
    expect(nvl).toBe(value('COALESCE(:X, :Y)', { X: x, Y: y }))
    const xIsNull = x === null || x === ''
    const yValue = y === '' ? null : y
    expect(nvl).toBe(xIsNull ? yValue : x)
  })

  fcTest.prop([nullable], { numRuns: 150 })("LENGTH(x) is NULL exactly when x is NULL or ''", (x) => {
    const length = value('LENGTH(:X)', { X: x })
    if (x === null || x === '') expect(length).toBeNull()
    else expect(length).toBe(x.length)
  })

  fcTest.prop([fc.string({ minLength: 1, maxLength: 10 }), fc.integer({ min: -12, max: 12 })], { numRuns: 150 })(
    'SUBSTR(s, p) follows Oracle: 0 counts as 1, negative counts from the end, beyond the end is NULL',
    (s, p) => {
      let expected: string | null
      if (p === 0 || p === 1) expected = s
      else if (p > 0) expected = p > s.length ? null : s.slice(p - 1)
      else expected = -p > s.length ? null : s.slice(s.length + p)
      if (expected === '') expected = null
      expect(value('SUBSTR(:S, :P)', { S: s, P: String(p) })).toBe(expected)
    },
  )
})

describe('SYS_GUID', () => {
  const HEX_MASK = `'${'X'.repeat(32)}'`
  it('gives 32 hex digits whose TO_NUMBER keys are distinct, exact and far from hand-written keys', () => {
    const guids = [value('SYS_GUID()'), value('SYS_GUID()'), value('SYS_GUID()')]
    for (const g of guids) expect(g).toMatch(/^[0-9A-F]{32}$/)
    const keys = [0, 1, 2].map(() => value(`to_number(sys_guid(), ${HEX_MASK})`) as number)
    expect(new Set(keys).size).toBe(3)
    for (const k of keys) {
      expect(Number.isSafeInteger(k)).toBe(true)
      // Sample Master Detail writes task links 1, 2, 3… by hand, then keys new ones from SYS_GUID (ORA-00001 when they met).
      expect(k).toBeGreaterThan(1_000_000_000)
    }
  })
})
