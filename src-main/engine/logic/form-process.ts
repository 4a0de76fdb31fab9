/**
 * Form processes on the app database: Form Initialization / Automatic Row
 * Fetch reads the row whose key the key items hold into the form's items;
 * Form DML / Automatic Row Processing inserts, updates or deletes it as the
 * request says (docs/decisions.md "Real app logic: components").
 */
import type { FormSpec } from '../model/app-definition.js'
import type { BindLookup, LogicDatabase, RowChange } from './backend.js'
import { itemText } from './item-text.js'
import { asRunError, LogicRunError } from './run-code.js'
import { entriesCopy, KeptPerDefinition, sameEntries, sameList } from './kept-per-definition.js'

export type DmlOperation = 'insert' | 'update' | 'delete'

/** Request values APEX's row processing reads as each operation (compared upper case). */
const INSERT_REQUESTS = new Set(['INSERT', 'CREATE', 'CREATE_AGAIN', 'CREATEAGAIN'])
const UPDATE_REQUESTS = new Set(['UPDATE', 'SAVE', 'APPLY CHANGES', 'APPLY_CHANGES', 'UPDATE ROW', 'CHANGE', 'APPLY'])
const DELETE_REQUESTS = new Set(['DELETE', 'REMOVE', 'DELETE ROW', 'DROP'])

/**
 * The operation a request asks for. A Form region's DML (19.1+) given any
 * other request inserts when every key item is null and updates otherwise;
 * legacy Automatic Row Processing does nothing then (`undefined`).
 */
export function dmlOperation(request: string | null, keysNull: boolean, regionForm: boolean): DmlOperation | undefined {
  const r = (request ?? '').trim().toUpperCase()
  if (INSERT_REQUESTS.has(r)) return 'insert'
  if (UPDATE_REQUESTS.has(r) || r.startsWith('APPLY_CHANGES_') || r.startsWith('GET_NEXT') || r.startsWith('GET_PREV')) return 'update'
  if (DELETE_REQUESTS.has(r)) return 'delete'
  if (!regionForm) return undefined
  return keysNull ? 'insert' : 'update'
}

/** Whether `I:U:D`-style operations allow one (absent list: all). */
export function operationAllowed(operations: string | undefined, op: DmlOperation): boolean {
  if (operations === undefined || operations.trim() === '') return true
  let letters = ALLOWED.get(operations)
  if (letters === undefined) {
    letters = new Set(operations.toUpperCase().split(/[:,\s]+/))
    if (ALLOWED.size < 1000) ALLOWED.set(operations, letters)
  }
  return letters.has(op === 'insert' ? 'I' : op === 'update' ? 'U' : 'D')
}
/** The letters of each operations list seen (an app has a handful: 'I:U:D', 'U'), read once. */
const ALLOWED = new Map<string, ReadonlySet<string>>()

const ident = (name: string): string => (/^[A-Z][A-Z0-9_$#]*$/.test(name) ? name : `"${name.replace(/"/g, '""')}"`)
const bind = (item: string): string => `:"${item.replace(/"/g, '')}"`
const quote = (text: string): string => `'${text.replace(/'/g, "''")}'`

/** Date format elements (a mask with one of them converts dates; any other mask numbers). */
const DATE_MASK = /DD|MM|MON|YY|RR|HH|MI|SS|DY|DAY|J\b/i

/** The column as the item shows it: TO_CHAR with the item's format mask, if it has one. */
function selectColumn(form: FormSpec, item: string | undefined, column: string): string {
  const mask = item === undefined ? undefined : form.masks?.[item]
  return mask === undefined ? ident(column) : `to_char(${ident(column)}, ${quote(mask)})`
}

/** The item's text as the column takes it: TO_DATE / TO_NUMBER with its format mask, if it has one. */
function bindValue(form: FormSpec, item: string): string {
  const mask = form.masks?.[item]
  if (mask === undefined) return bind(item)
  return DATE_MASK.test(mask) ? `to_date(${bind(item)}, ${quote(mask)})` : `to_number(${bind(item)}, ${quote(mask)})`
}

function whereKeys(form: FormSpec): string {
  return form.keys.map((k) => `${ident(k.column)} = ${bind(k.item)}`).join(' and ')
}

export interface FormIo {
  db: LogicDatabase
  binds: BindLookup
  /** Gives an item a value (session state write with a cause). */
  setItem(name: string, value: string | null): void
}

/** Fetches the row into the items. Returns false when a key item is null (a new row: nothing fetched). */
export function fetchRow(form: FormSpec, io: FormIo): boolean {
  for (const k of form.keys) if (io.binds(k.item) == null) return false
  const { entries, fetchSql: sql } = FORM_STATEMENTS.get(form)
  let rows
  try {
    // Two rows tell "one" from "more than one". When the keys are the table's own key no second row can
    // exist, and reading every row (SQLite's one call) is cheaper than a row iterator stopped after two.
    rows = io.db.query(sql, io.binds, keysAreUnique(form, io.db) ? undefined : UP_TO_TWO_ROWS).rows
  } catch (e) {
    throw asRunError(e)
  }
  const keyText = form.keys.map((k) => `${k.column} = ${io.binds(k.item) ?? ''}`).join(', ')
  if (rows.length === 0) throw new LogicRunError(`no row of ${form.table} with ${keyText} (ORA-01403: no data found)`, 1403)
  if (rows.length > 1) throw new LogicRunError(`more than one row of ${form.table} with ${keyText} (ORA-01422: exact fetch returns more than requested number of rows)`, 1422)
  const row = rows[0]!
  for (let i = 0; i < entries.length; i++) io.setItem(entries[i]![0], itemText(row[i]))
  return true
}

const UP_TO_TWO_ROWS = Object.freeze({ maxRows: 2 })

/**
 * Whether the form's WHERE (`key column = :item` for every key, and-ed) can match at most one row: a key is
 * ROWID, or the keys name every column of the table's primary key. Asked on every fetch, not kept: DDL run by
 * code may change a table's key (the database keeps its own answer until then).
 */
export function keysAreUnique(form: FormSpec, db: LogicDatabase): boolean {
  const keys = form.keys
  for (let i = 0; i < keys.length; i++) if (keys[i]!.column === 'ROWID') return true
  const primary = db.primaryKey?.(form.table)
  if (primary === undefined || primary.length === 0) return false
  for (const column of primary) {
    let named = false
    for (let i = 0; i < keys.length && !named; i++) named = keys[i]!.column === column
    if (!named) return false
  }
  return true
}

/** A form's statements that depend on its spec alone: made once per form, kept by the rule of kept-per-definition.ts. */
interface FormStatements {
  /** Item → column pairs, in the order the fetch selects them. */
  entries: [string, string][]
  fetchSql: string
  /** null: no column to set. */
  updateSql: string | null
}

/** What a form's statements are made from (copied when they are made). */
interface FormSource {
  table: string
  keys: readonly string[]
  columns: ReturnType<typeof entriesCopy>
  masks: ReturnType<typeof entriesCopy>
  queryOnly: readonly string[] | undefined
}

/** A form's key columns and items as one flat list (column, item, column, item, …). */
function keyList(form: FormSpec): string[] {
  const out: string[] = []
  for (const k of form.keys) out.push(k.column, k.item)
  return out
}

function sameKeys(form: FormSpec, copy: readonly string[]): boolean {
  if (form.keys.length * 2 !== copy.length) return false
  for (let i = 0; i < form.keys.length; i++) {
    const k = form.keys[i]!
    if (k.column !== copy[2 * i] || k.item !== copy[2 * i + 1]) return false
  }
  return true
}

const FORM_STATEMENTS = new KeptPerDefinition<FormSpec, FormSource, FormStatements>({
  sourceOf: (form) => ({
    table: form.table,
    keys: keyList(form),
    columns: entriesCopy(form.columns),
    masks: entriesCopy(form.masks),
    queryOnly: form.queryOnly === undefined ? undefined : [...form.queryOnly],
  }),
  unchanged: (form, source) =>
    form.table === source.table && sameKeys(form, source.keys) && sameEntries(form.columns, source.columns) && sameEntries(form.masks, source.masks) && sameList(form.queryOnly, source.queryOnly),
  make: (form) => {
    const entries = Object.entries(form.columns)
    // One select column per item: two items of one column may show it with different masks.
    const fetchSql = `select ${entries.map(([item, column]) => selectColumn(form, item, column)).join(', ')} from ${ident(form.table)} where ${whereKeys(form)}`
    const keyItems = new Set(form.keys.map((k) => k.item))
    const queryOnly = new Set(form.queryOnly ?? [])
    const columns = entries.filter(([item, column]) => !queryOnly.has(item) && column !== 'ROWID' && !keyItems.has(item))
    const updateSql = columns.length === 0 ? null : `update ${ident(form.table)} set ${columns.map(([item, c]) => `${ident(c)} = ${bindValue(form, item)}`).join(', ')} where ${whereKeys(form)}`
    return { entries, fetchSql, updateSql }
  },
})

/** Runs the operation; an insert writes the new row's key back into the key items. */
export function writeRow(form: FormSpec, op: DmlOperation, io: FormIo): RowChange[] {
  let sql: string
  if (op === 'insert') {
    const keyItems = new Set(form.keys.map((k) => k.item))
    const queryOnly = new Set(form.queryOnly ?? [])
    const writable = Object.entries(form.columns).filter(([item, column]) => !queryOnly.has(item) && column !== 'ROWID')
    // Key columns with a null item are left to the table (identity, trigger, default).
    const columns = writable.filter(([item]) => !(keyItems.has(item) && io.binds(item) == null))
    sql = `insert into ${ident(form.table)} (${columns.map(([, c]) => ident(c)).join(', ')}) values (${columns.map(([item]) => bindValue(form, item)).join(', ')})`
  } else if (op === 'update') {
    const update = FORM_STATEMENTS.get(form).updateSql
    if (update === null) return []
    sql = update
  } else {
    sql = `delete from ${ident(form.table)} where ${whereKeys(form)}`
  }
  let changes: RowChange[]
  let rowCount: number
  try {
    ;({ changes, rowCount } = io.db.execute(sql, io.binds))
  } catch (e) {
    throw asRunError(e)
  }
  // Rows the statement matched, not rows whose image changed: saving a form
  // unchanged updates its row to the same values (no row effect), as in APEX.
  if (op !== 'insert' && rowCount === 0) {
    const keyText = form.keys.map((k) => `${k.column} = ${io.binds(k.item) ?? ''}`).join(', ')
    throw new LogicRunError(`${op}: no row of ${form.table} with ${keyText} (the row was changed or deleted by another user?)`)
  }
  if (op === 'insert') {
    const after = changes.find((c) => c.table.toUpperCase() === form.table.toUpperCase())?.after
    if (after) {
      for (const key of form.keys) {
        const column = Object.keys(after).find((c) => c.toUpperCase() === key.column.toUpperCase())
        const value = key.column === 'ROWID' ? changes[0]?.key : column === undefined ? undefined : after[column]
        if (value !== undefined) io.setItem(key.item, itemText(value))
      }
    }
  }
  return changes
}
