/**
 * Interactive Grid - Automatic Row Processing (DML), database.md §4: the rows
 * a page submits from a grid (a submit's `grids`, docs/trace-format.md) are
 * written to the grid's table one by one, in the order given — C inserts, U
 * updates and D deletes the row its primary key (or ROWID) names. As in APEX,
 * each row's columns are bind variables of the statement (`:ENAME`) and
 * `:APEX$ROW_STATUS` is its status; other binds are session state.
 *
 * Not simulated (docs/decisions.md): lost-update detection (APEX compares a
 * checksum of the row as the page fetched it; a trace does not carry it),
 * row locking, and returning the new primary key to the page.
 */
import type { GridSpec } from '../model/app-definition.js'
import type { GridRow } from '../model/operation.js'
import type { BindLookup, RowChange } from './backend.js'
import type { FormIo } from './form-process.js'
import { asRunError, LogicRunError } from './run-code.js'

const ident = (name: string): string => (/^[A-Z][A-Z0-9_$#]*$/.test(name) ? name : `"${name.replace(/"/g, '""')}"`)
const bind = (column: string): string => `:"${column.replace(/"/g, '')}"`
const STATUS = 'APEX$ROW_STATUS'

export interface GridDmlResult {
  inserted: number
  updated: number
  deleted: number
  /** Submitted columns the grid does not write (query only, computed, unknown), by name. */
  ignored: string[]
}

/** A submitted value as session state holds it: text, '' as NULL. */
function text(v: string | number | null | undefined): string | null {
  if (v === null || v === undefined) return null
  const s = typeof v === 'number' ? String(v) : v
  return s === '' ? null : s
}

/** Writes the grid's submitted rows; a row that fails stops the processing with an error naming it (the request then rolls back). */
export function writeGridRows(grid: GridSpec, rows: readonly GridRow[], io: FormIo): { result: GridDmlResult; changes: RowChange[] } {
  const result: GridDmlResult = { inserted: 0, updated: 0, deleted: 0, ignored: [] }
  const changes: RowChange[] = []
  const keys = (grid.keys.length > 0 ? grid.keys : (io.db.primaryKey?.(grid.table) ?? [])).map((k) => k.toUpperCase())
  if (keys.length === 0) throw new LogicRunError(`grid ${grid.region}: ${grid.table} has no primary key the grid could name its rows by`)
  const listed = new Set(grid.columns.map((c) => c.toUpperCase()).filter((c) => c !== 'ROWID'))
  // No list (a grid on a table): every submitted column is the table's.
  const writable = { has: (c: string): boolean => (grid.columns.length === 0 ? c !== 'ROWID' : listed.has(c)) }
  const ignored = new Set<string>()
  rows.forEach((row, n) => {
    const where = `grid ${grid.region} row ${n + 1} (${row.status})`
    const values = new Map<string, string | null>()
    for (const [name, v] of Object.entries(row.values)) values.set(name.toUpperCase(), text(v))
    for (const name of values.keys()) if (!writable.has(name) && !keys.includes(name)) ignored.add(name)
    // The row's columns first, then its status, then session state (APEX's IG binds).
    const binds: BindLookup = (name) => {
      const n = name.toUpperCase()
      if (values.has(n)) return values.get(n) ?? null
      if (n === STATUS) return row.status
      if (keys.includes(n) || writable.has(n)) return null
      return io.binds(name)
    }
    const keyWhere = (): string => {
      const missing = keys.filter((k) => values.get(k) == null)
      if (missing.length > 0) throw new LogicRunError(`${where}: no value for its key ${missing.join(', ')}`)
      return keys.map((k) => (k === 'ROWID' ? `rowid = ${bind(k)}` : `${ident(k)} = ${bind(k)}`)).join(' and ')
    }
    let sql: string
    if (row.status === 'C') {
      // Key columns without a value are left to the table (identity, trigger, default), as a form insert does.
      const columns = [...values.keys()].filter((c) => writable.has(c) && !(keys.includes(c) && values.get(c) == null))
      if (columns.length === 0) throw new LogicRunError(`${where}: no column of ${grid.table} to insert`)
      sql = `insert into ${ident(grid.table)} (${columns.map(ident).join(', ')}) values (${columns.map(bind).join(', ')})`
    } else if (row.status === 'U') {
      const columns = [...values.keys()].filter((c) => writable.has(c) && !keys.includes(c))
      const condition = keyWhere()
      if (columns.length === 0) return
      sql = `update ${ident(grid.table)} set ${columns.map((c) => `${ident(c)} = ${bind(c)}`).join(', ')} where ${condition}`
    } else {
      sql = `delete from ${ident(grid.table)} where ${keyWhere()}`
    }
    let rowCount: number
    try {
      const r = io.db.execute(sql, binds)
      rowCount = r.rowCount
      changes.push(...r.changes)
    } catch (e) {
      const err = asRunError(e)
      throw new LogicRunError(`${where}: ${err.message}`, err.oraCode)
    }
    if (row.status !== 'C' && rowCount === 0) {
      const keyText = keys.map((k) => `${k} = ${values.get(k) ?? ''}`).join(', ')
      throw new LogicRunError(`${where}: no row of ${grid.table} with ${keyText} (the row was changed or deleted by another user?)`)
    }
    if (row.status === 'C') result.inserted++
    else if (row.status === 'U') result.updated++
    else result.deleted++
  })
  result.ignored = [...ignored].sort()
  return { result, changes }
}
