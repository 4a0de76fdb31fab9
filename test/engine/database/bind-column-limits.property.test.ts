/**
 * A bind written into a NUMBER(p,s) / VARCHAR2(n) column is fitted in
 * JavaScript before the statement runs (AppDatabase.fitBinds), not by a call
 * from SQLite per value. It must store and fail exactly as the limit checked
 * inside SQLite does: compared here with the same text written as a string
 * literal, which keeps the SQL check (ORA_FIT_NUMBER / ORA_FIT_TEXT get the
 * same text either way). Also: a value that does not fit in an UPDATE that
 * matches no row is no error (the row-time check of Oracle and of SQLite).
 */
import { afterEach, describe, expect, it } from 'vitest'
import { fc, test as fcTest } from '@fast-check/vitest'
import { AppDatabase } from '../../../src-main/engine/database/app-database.js'
import type { BindLookup } from '../../../src-main/engine/database/app-database.js'
import { quoteString } from '../../../src-main/engine/sql/emit-sqlite.js'
import { translateSql } from '../../../src-main/engine/sql/translate.js'

const clock = (): Date => new Date('2024-03-15T10:20:30Z')
const open: AppDatabase[] = []
afterEach(() => {
  for (const db of open.splice(0)) db.close()
})

const TABLE = `create table t (id number(4) primary key, n number(5,2), w number(3), big number(20,-2), s varchar2(4 char), u varchar2(10), plain number, d date);`

function loaded(): AppDatabase {
  const db = new AppDatabase({ clock, schema: 'SCOTT' })
  open.push(db)
  const report = db.runScript('setup', `${TABLE}\ninsert into t (id) values (1);`)
  expect(report.statements.filter((s) => !s.ok)).toEqual([])
  return db
}

type Outcome = { rows: unknown; changes: unknown } | { error: string }

function outcome(db: AppDatabase, sql: string, binds: BindLookup): Outcome {
  try {
    const r = db.execute(sql, binds)
    return { changes: r.changes, rows: db.snapshotTable('T').rows }
  } catch (error) {
    return { error: (error as Error).message }
  }
}

const COLUMNS = ['N', 'W', 'BIG', 'S', 'U', 'PLAIN'] as const
/** Texts a form posts: numbers in their spellings (rounding, precision edges), short and long texts, not-numbers. */
const values = fc.oneof(
  fc.double({ min: -2000, max: 2000, noNaN: true }).map(String),
  fc.integer({ min: -100_000, max: 100_000 }).map(String),
  fc.constantFrom('999.995', '999.994', '-999.995', '1e3', '0.005', '12.345', '1000', '-999', '99999999999999999999999', '1.5e21', ' 7 ', '+3', '007'),
  fc.string({ unit: fc.constantFrom('a', 'é', '😀', '1', '.', ' '), maxLength: 12 }),
  fc.constant(''),
)

describe('column limits on binds, fitted in JavaScript', () => {
  fcTest.prop([fc.subarray([...COLUMNS], { minLength: 1 }), fc.array(values, { minLength: 6, maxLength: 6 }), fc.constantFrom('insert', 'update', 'update none')], { numRuns: 300 })(
    'store and fail as the same text written as a literal (checked in SQLite)',
    (columns, texts, op) => {
      const byBind = loaded()
      const byLiteral = loaded()
      const given = new Map(columns.map((c, i) => [`P_${c}`, texts[i] as string]))
      const binds: BindLookup = (name) => given.get(name)
      const value = (c: string, literal: boolean): string => (literal ? quoteString(given.get(`P_${c}`) as string) : `:P_${c}`)
      const statement = (literal: boolean): string =>
        op === 'insert'
          ? `insert into t (id, ${columns.join(', ')}) values (2, ${columns.map((c) => value(c, literal)).join(', ')})`
          : `update t set ${columns.map((c) => `${c} = ${value(c, literal)}`).join(', ')} where id = ${op === 'update' ? 1 : 99}`
      // '' binds as NULL; the literal '' is NULL too in Oracle SQL.
      expect(outcome(byBind, statement(false), binds)).toEqual(outcome(byLiteral, statement(true), () => undefined))
    },
  )

  it('writes the bare bind: no call from SQLite per limited value, the checked statement kept for a value that does not fit', () => {
    const t = translateSql('update t set n = :A, s = :B, plain = :C, d = :D where id = :E', { fitBindsInJs: true, columnType: (_table, column) => ({ N: 'NUMBER(5,2)', S: 'VARCHAR2(4)', PLAIN: 'NUMBER', D: 'DATE' })[column] })
    if (!t.ok) throw new Error(t.error.message)
    expect(t.sql).toBe('UPDATE "T" SET "N" = ?, "S" = ?, "PLAIN" = ?, "D" = ORA_TO_DATE(?) WHERE ("ID" = ?)')
    expect(t.bindFits?.map((f) => [f.at, f.column])).toEqual([[0, 'N'], [1, 'S']])
    expect(t.checkedSql).toBe(`UPDATE "T" SET "N" = ORA_FIT_NUMBER(?, 5, 2), "S" = ORA_FIT_TEXT(?, 4, 'T', 'S'), "PLAIN" = ?, "D" = ORA_TO_DATE(?) WHERE ("ID" = ?)`)
  })

  it('rounds a bind as the column stores it, and raises ORA-12899 / ORA-01438 naming the column only when a row is written', () => {
    const db = loaded()
    const binds: BindLookup = (name) => ({ N: '12.345', S: 'abcde', W: '1000' })[name]
    expect(db.execute('update t set n = :N where id = 1', binds).changes[0]?.after).toMatchObject({ N: 12.35 })
    expect(() => db.execute('update t set s = :S where id = 1', binds)).toThrow('ORA-12899: value too large for column "SCOTT"."T"."S" (actual: 5, maximum: 4)')
    expect(() => db.execute('insert into t (id, w) values (3, :W)', binds)).toThrow(/^ORA-01438/)
    expect(db.execute('update t set s = :S, w = :W where id = 99', binds)).toMatchObject({ rowCount: 0, changes: [] })
    expect(db.snapshotTable('T').rows).toEqual([[1, 12.35, null, null, null, null, null, null]])
  })
})
