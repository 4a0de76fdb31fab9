/**
 * SQL additions for the Oracle samples' report queries: SOUNDEX, ORA_HASH,
 * RATIO_TO_REPORT, and named arguments in calls of PL/SQL functions (the
 * translator side; running them is in test/engine/plsql/apex-text-functions).
 *
 * Expected values by hand: SOUNDEX from Oracle's documented steps and its
 * example (SOUNDEX('SMYTHE') = SOUNDEX('Smith')); the classic cases
 * Ashcraft A261 (h between s and c keeps one 2), Tymczak T522, Pfister P236
 * (f has the first letter's code). ORA_HASH's stand-in is FNV-1a: the
 * published FNV-1a 32-bit value of "a" is 0xE40C292C = 3826002220.
 * RATIO_TO_REPORT: 100, 300, 600 over their sum 1000.
 */
import { describe, expect, it } from 'vitest'
import { fc, test as fcTest } from '@fast-check/vitest'
import { AppDatabase } from '../../../src-main/engine/database/app-database.js'
import { translateSql } from '../../../src-main/engine/sql/translate.js'

const clock = (): Date => new Date(Date.UTC(2024, 0, 15, 9, 0, 0))
const one = (db: AppDatabase, sql: string): unknown => db.query(sql, () => undefined).rows[0]?.[0]

describe('SOUNDEX', () => {
  it("Oracle's steps: first letter kept, vowels and h/w dropped, same adjacent codes once, zero-padded", () => {
    const db = new AppDatabase({ clock })
    expect(one(db, "select soundex('SMYTHE') from dual")).toBe('S530')
    expect(one(db, "select soundex('Smith') from dual")).toBe('S530')
    expect(one(db, "select soundex('Ashcraft') from dual")).toBe('A261')
    expect(one(db, "select soundex('Tymczak') from dual")).toBe('T522')
    expect(one(db, "select soundex('Pfister') from dual")).toBe('P236')
    expect(one(db, "select soundex('Lee') from dual")).toBe('L000')
    expect(one(db, "select soundex('123') from dual")).toBeNull()
    expect(one(db, 'select soundex(null) from dual')).toBeNull()
  })
})

describe('ORA_HASH', () => {
  it('a stable bucket in 0 … max_bucket; NULL stays NULL; a bad max_bucket is ORA-01428', () => {
    const db = new AppDatabase({ clock })
    expect(one(db, "select ora_hash('a') from dual")).toBe(3826002220)
    expect(one(db, "select ora_hash('a', 29) from dual")).toBe(3826002220 % 30)
    expect(one(db, "select case when ora_hash('ADMIN', 29) = ora_hash('ADMIN', 29) then 'same' end from dual")).toBe('same')
    expect(one(db, 'select ora_hash(null, 29) from dual')).toBeNull()
    expect(() => one(db, "select ora_hash('a', -1) from dual")).toThrow(/ORA-01428/)
  })
})

describe('RATIO_TO_REPORT', () => {
  it('the value over its partition total; a zero total gives NULL; ORDER BY in its OVER is refused', () => {
    const db = new AppDatabase({ clock })
    db.runScript('t', "create table emp (ename varchar2(10), dept number, sal number);\ninsert into emp values ('A', 10, 100);\ninsert into emp values ('B', 10, 300);\ninsert into emp values ('C', 20, 600);\ninsert into emp values ('D', 30, 0);")
    expect(db.query('select ename, round(ratio_to_report(sal) over (), 2) r from emp order by ename', () => undefined).rows).toEqual([['A', 0.1], ['B', 0.3], ['C', 0.6], ['D', 0]])
    expect(db.query('select ename, ratio_to_report(sal) over (partition by dept) r from emp order by ename', () => undefined).rows).toEqual([['A', 0.25], ['B', 0.75], ['C', 1], ['D', null]])
    const refused = translateSql('select ratio_to_report(sal) over (order by ename) from emp')
    expect(refused.ok ? '' : refused.error.message).toMatch(/PARTITION BY only/)
  })
})

describe('named arguments: the translator', () => {
  it('names go to ORA_CALL_NAMED in order, blank for a positional argument', () => {
    const r = translateSql("select pkg.f(1, p_b => 'x', p_c => :P1_X) from dual")
    expect(r.ok && r.sql).toContain("ORA_CALL_NAMED('PKG.F', ',P_B,P_C', 1, 'x', ?)")
  })

  // Calls made of random argument pieces: the translator answers with a result or a
  // reported syntax error at a place, never an internal failure ("cannot translate").
  const piece = fc.constantFrom('p_a =>', 'p_b=>', '"Q" =>', '1', "'s'", ':P1_X', 'x.y', ',', '=>', '(', ')', 'nvl(', 'f(')
  fcTest.prop([fc.array(piece, { maxLength: 12 })], { numRuns: 600 })('never fails internally on calls with named pieces', (pieces) => {
    const r = translateSql(`select pkg.f(${pieces.join(' ')}) from dual`)
    if (!r.ok) {
      expect(r.error.message).not.toMatch(/^cannot translate/)
      expect(r.error.line).toBeGreaterThanOrEqual(1)
      expect(r.error.col).toBeGreaterThanOrEqual(1)
    }
  })
})
