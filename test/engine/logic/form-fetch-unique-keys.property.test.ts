/**
 * Form Initialization's fetch reads every matching row in one call when the
 * form's keys are the table's primary key (or ROWID), instead of a row
 * iterator stopped after two (form-process.ts keysAreUnique). That is exact
 * only because such a WHERE matches at most one row: checked here on random
 * tables, rows and key values, together with the outcome — items written,
 * "new row", ORA-01403 / ORA-01422 — being the general path's.
 */
import { fc } from '@fast-check/vitest'
import { afterAll, expect, it } from 'vitest'
import { AppDatabase } from '../../../src-main/engine/database/app-database.js'
import type { LogicDatabase, QueryResult } from '../../../src-main/engine/logic/backend.js'
import { fetchRow, keysAreUnique } from '../../../src-main/engine/logic/form-process.js'
import type { FormSpec } from '../../../src-main/engine/model/app-definition.js'

const TABLES = {
  // One key column, a two-column key, no key at all.
  ONE_KEY: 'create table one_key (a number primary key, b varchar2(10), c number);',
  TWO_KEYS: 'create table two_keys (a number, b varchar2(10), c number, primary key (a, b));',
  NO_KEY: 'create table no_key (a number, b varchar2(10), c number);',
} as const
type Table = keyof typeof TABLES
const COLUMNS = ['A', 'B', 'C'] as const

const db = new AppDatabase({ clock: () => new Date(Date.UTC(2026, 0, 1)) })
db.runScript('tables', Object.values(TABLES).join('\n'))
afterAll(() => db.close())

const smallNumber = fc.integer({ min: 0, max: 3 })
const name = fc.constantFrom('x', 'y', 'z')
const rowArb = fc.record({ a: smallNumber, b: name, c: smallNumber })
/** A key item's value as a request holds it: text, empty, null, or not a number at all. */
const bindArb = fc.oneof(smallNumber.map(String), name, fc.constantFrom('', null, '1.0', ' 2'))

interface Outcome {
  fetched?: boolean
  error?: string
  writes: [string, string | null][]
}

/** fetchRow's outcome with `database` (the real one, or the same one with its primary key hidden). */
function outcome(form: FormSpec, database: LogicDatabase, binds: Record<string, string | null>): Outcome {
  const writes: [string, string | null][] = []
  try {
    const fetched = fetchRow(form, { db: database, binds: (n) => binds[n], setItem: (n, v) => writes.push([n, v]) })
    return { fetched, writes }
  } catch (e) {
    return { error: `${(e as Error).message} ${(e as { oraCode?: number }).oraCode ?? ''}`, writes }
  }
}

/**
 * The app database with fetches recorded (how many rows a read with no row limit returned). As `general`, a read
 * with no limit is made the general path's read instead — at most two rows, from a row iterator.
 */
function watched(general: boolean, unlimitedReads: number[]): LogicDatabase {
  return {
    query: (sql: string, binds: (n: string) => string | null | undefined, opts?: { maxRows?: number }): QueryResult => {
      if (opts?.maxRows === undefined && general) return db.query(sql, binds, { maxRows: 2 })
      const result = db.query(sql, binds, opts)
      if (opts?.maxRows === undefined) unlimitedReads.push(result.rows.length)
      return result
    },
    primaryKey: (table: string) => db.primaryKey(table),
  } as unknown as LogicDatabase
}

/** One random case: the fetch's outcome on both paths; the rows each fast read returned (none when not taken). */
function checkCase(table: Table, rows: { a: number; b: string; c: number }[], keyColumns: readonly string[], binds: Record<string, string | null>): number[] {
  db.begin()
  try {
    for (const r of rows) {
      try {
        db.execute(`insert into ${table} (a, b, c) values (:A, :B, :C)`, (n) => ({ A: String(r.a), B: r.b, C: String(r.c) })[n])
      } catch {
        // A duplicate key: the table keeps its first row.
      }
    }
    const form: FormSpec = {
      table,
      keys: keyColumns.map((column) => ({ column, item: `P_${column}` })),
      columns: { P_A: 'A', P_B: 'B', P_C: 'C' },
    } as FormSpec
    const fastReads: number[] = []
    const fast = outcome(form, watched(false, fastReads), binds)
    const general = outcome(form, watched(true, []), binds)
    expect(fast).toEqual(general)
    // The fast path only reads a key lookup, which finds one row at most.
    if (keysAreUnique(form, db)) for (const n of fastReads) expect(n).toBeLessThanOrEqual(1)
    else expect(fastReads).toEqual([])
    return fastReads
  } finally {
    db.rollback()
  }
}

it('a fetch by the table key reads at most one row, and every fetch ends as the general path does', () => {
  const reads: number[] = []
  fc.assert(
    fc.property(
      fc.constantFrom<Table>('ONE_KEY', 'TWO_KEYS', 'NO_KEY'),
      fc.array(rowArb, { maxLength: 12 }),
      fc.subarray([...COLUMNS, 'ROWID'] as const, { minLength: 1 }),
      fc.record({ P_A: bindArb, P_B: bindArb, P_C: bindArb, P_ROWID: bindArb }),
      (table, rows, keyColumns, binds) => {
        reads.push(...checkCase(table, rows, keyColumns, binds))
      },
    ),
    { numRuns: 300 },
  )
  // Not vacuous: the fast path was taken, and found rows as well as none.
  expect(reads.filter((n) => n === 1).length).toBeGreaterThan(5)
  expect(reads.filter((n) => n === 0).length).toBeGreaterThan(5)
})

it('keysAreUnique: the primary key named by the keys, in any order, with others; or ROWID', () => {
  const form = (table: string, ...columns: string[]) => ({ table, keys: columns.map((column) => ({ column, item: `P_${column}` })), columns: {} }) as unknown as FormSpec
  const real = db as unknown as LogicDatabase
  expect(keysAreUnique(form('ONE_KEY', 'A'), real)).toBe(true)
  expect(keysAreUnique(form('ONE_KEY', 'C', 'A'), real)).toBe(true)
  expect(keysAreUnique(form('ONE_KEY', 'B'), real)).toBe(false)
  expect(keysAreUnique(form('TWO_KEYS', 'A'), real)).toBe(false)
  expect(keysAreUnique(form('TWO_KEYS', 'B', 'A'), real)).toBe(true)
  expect(keysAreUnique(form('NO_KEY', 'A', 'B', 'C'), real)).toBe(false)
  expect(keysAreUnique(form('NO_KEY', 'ROWID'), real)).toBe(true)
  expect(keysAreUnique(form('NO_SUCH_TABLE', 'A'), real)).toBe(false)
})
