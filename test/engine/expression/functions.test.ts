import { describe, expect, it } from 'vitest'
import { run, value } from './helpers.js'

describe('NVL and COALESCE', () => {
  it('NVL replaces null only', () => {
    expect(value("NVL(:X, 'none')", { X: null })).toBe('none')
    expect(value("NVL(:X, 'none')", { X: 'a' })).toBe('a')
    expect(value("NVL('', 'none')")).toBe('none')
    expect(value('NVL(NULL, NULL)')).toBeNull()
    expect(value('NVL(0, 1)')).toBe(0)
  })

  it('NVL evaluates both arguments, as Oracle does', () => {
    expect(run("NVL('a', :NOPE)").warnings).toEqual(['unknown item NOPE'])
  })

  it('COALESCE returns the first non-null and stops there', () => {
    expect(value("COALESCE(NULL, '', 'c', 'd')")).toBe('c')
    expect(value('COALESCE(NULL, NULL)')).toBeNull()
    expect(run("COALESCE('a', :NOPE)")).toEqual({ value: 'a', warnings: [] })
  })
})

describe('UPPER, LOWER, TRIM', () => {
  it('changes case and keeps null', () => {
    expect(value("UPPER('abc')")).toBe('ABC')
    expect(value("LOWER('AbC')")).toBe('abc')
    expect(value("UPPER('')")).toBeNull()
    expect(value('LOWER(NULL)')).toBeNull()
    expect(value('UPPER(1.5)')).toBe('1.5')
  })

  it('TRIM removes leading and trailing spaces only', () => {
    expect(value("TRIM('  a b  ')")).toBe('a b')
    expect(value("TRIM('   ')")).toBeNull()
    expect(value("TRIM('\ta\t')")).toBe('\ta\t')
    expect(value('TRIM(NULL)')).toBeNull()
  })
})

describe('LENGTH', () => {
  it('counts characters; null has no length', () => {
    expect(value("LENGTH('abc')")).toBe(3)
    expect(value("LENGTH('')")).toBeNull()
    expect(value('LENGTH(:X)', { X: null })).toBeNull()
    expect(value('LENGTH(12.5)')).toBe(4)
    expect(value("LENGTH('😀a')")).toBe(2)
  })
})

describe('SUBSTR (Oracle semantics)', () => {
  const cases: Array<[string, string | null]> = [
    ["SUBSTR('abcdef', 2)", 'bcdef'],
    ["SUBSTR('abcdef', 2, 3)", 'bcd'],
    ["SUBSTR('abcdef', 1, 1)", 'a'],
    ["SUBSTR('abcdef', 0, 2)", 'ab'],
    ["SUBSTR('abcdef', -2)", 'ef'],
    ["SUBSTR('abcdef', -3, 2)", 'de'],
    ["SUBSTR('abcdef', -6)", 'abcdef'],
    ["SUBSTR('abcdef', -7)", null],
    ["SUBSTR('abcdef', 7)", null],
    ["SUBSTR('abcdef', 6)", 'f'],
    ["SUBSTR('abcdef', 5, 10)", 'ef'],
    ["SUBSTR('abcdef', 2, 0)", null],
    ["SUBSTR('abcdef', 2, -1)", null],
    ["SUBSTR('abcdef', 2.9, 2.9)", 'bc'],
    ["SUBSTR('abcdef', '3', '2')", 'cd'],
    ["SUBSTR('😀bc', 2, 1)", 'b'],
    ["SUBSTR(NULL, 1)", null],
    ["SUBSTR('abc', NULL)", null],
    ["SUBSTR('abc', 1, NULL)", null],
    ['SUBSTR(12345, 2, 2)', '23'],
  ]

  it.each(cases)('%s = %j', (source, expected) => {
    expect(run(source)).toEqual({ value: expected, warnings: [] })
  })

  it('warns when a position is not a number', () => {
    const { value: v, warnings } = run("SUBSTR('abc', 'x')")
    expect(v).toBeNull()
    expect(warnings).toEqual(["'x' is not a number in SUBSTR('abc', 'x')"])
  })
})

describe('TO_NUMBER and TO_CHAR', () => {
  const numbers: Array<[string, number]> = [
    ['12', 12],
    [' 12 ', 12],
    ['-3.5', -3.5],
    ['+4', 4],
    ['.5', 0.5],
    ['5.', 5],
    ['1e3', 1000],
    ['-0', 0],
  ]

  it.each(numbers)('TO_NUMBER(%j) = %d', (text, expected) => {
    expect(run('TO_NUMBER(:X)', { X: text })).toEqual({ value: expected, warnings: [] })
  })

  it.each(['abc', '1,5', '1 2', '0x1F', 'Infinity', '1e999', '.', '-', '1.2.3'])(
    'TO_NUMBER(%j) warns and is null',
    (text) => {
      const { value: v, warnings } = run('TO_NUMBER(:X)', { X: text })
      expect(v).toBeNull()
      expect(warnings).toHaveLength(1)
      expect(warnings[0]).toMatch(/is not a number in TO_NUMBER\(:X\)$/)
    },
  )

  it('TO_NUMBER keeps null and numbers', () => {
    expect(value('TO_NUMBER(NULL)')).toBeNull()
    expect(value('TO_NUMBER(7)')).toBe(7)
  })

  // Its speed on such input (linear, no regex backtracking) is measured in bench/hostile-input.bench.ts, not timed here.
  it('TO_NUMBER refuses a long digit run with a stray letter', () => {
    expect(run('TO_NUMBER(:X)', { X: '1'.repeat(200_000) + 'x' }).value).toBeNull()
  })

  it('TO_CHAR writes numbers like session state does', () => {
    expect(value('TO_CHAR(0.5)')).toBe('0.5')
    expect(value('TO_CHAR(10 / 4)')).toBe('2.5')
    expect(value('TO_CHAR(1e21)')).toBe('1000000000000000000000')
    expect(value("TO_CHAR('x')")).toBe('x')
    expect(value('TO_CHAR(NULL)')).toBeNull()
    expect(value('TO_CHAR(1 = 1)')).toBe('TRUE')
  })
})
