/**
 * The app database's tables as queries answer them: every table touched by
 * a `row` effect before a point, its rows in key order (timeline.state), and
 * the rows that differ between two points (timeline.diff). The rows at a
 * position come from app-table-rows.ts.
 */
import type { RowImage } from '../engine/model/effect.js'
import type { TableRow } from '../engine/state/session-state.js'
import { appTablesAt, compareRowKeys, rowEffectPositions } from './app-table-rows.js'
import { compareStrings } from './compare-strings.js'
import type { StateTable, TableRowChange } from './results.js'
import type { TimelineColumns } from './timeline-columns.js'

/** The database tables at effect position `pos` (unsorted; every table a row effect before `pos` touched, even if empty now). */
export function databaseTablesAt(cols: TimelineColumns, pos: number): StateTable[] {
  if (rowEffectPositions(cols).length === 0) return []
  const cursor = appTablesAt(cols, pos)
  const out: StateTable[] = []
  for (const [t, rows] of cursor.tables) {
    const entries = [...rows].map(([k, image]) => [cols.names.get(k), image] as const).sort((a, b) => compareRowKeys(a[0], b[0]))
    out.push({
      app: cols.tableApp.get(t),
      table: cols.names.get(cols.tableName.get(t)),
      rows: entries.map(([, image]) => asTableRow(JSON.parse(cols.misc.get(image)) as RowImage)),
      source: 'database',
      keys: entries.map(([key]) => key),
    })
  }
  return out
}

/** The database rows that differ between effect positions `a` and `b` (either order), by app, table and key. */
export function databaseRowDiff(cols: TimelineColumns, a: number, b: number): TableRowChange[] {
  const list = rowEffectPositions(cols)
  if (list.length === 0) return []
  const lo = Math.min(a, b)
  const hi = Math.max(a, b)
  // Only the rows the effects between the two points touched can differ.
  const touched = new Map<string, [number, number]>()
  for (let j = 0; j < list.length; j++) {
    const i = list.get(j)
    if (i < lo) continue
    if (i >= hi) break
    const t = cols.effectKey.get(i)
    const k = cols.effectItem.get(i)
    touched.set(`${t}:${k}`, [t, k])
  }
  const pairs = [...touched.values()]
  const imagesAt = (pos: number) => {
    const cursor = appTablesAt(cols, pos)
    return pairs.map(([t, k]) => cursor.rowOf(t, k))
  }
  const A = imagesAt(a)
  const B = imagesAt(b)
  const image = (id: number) => (id < 0 ? null : (JSON.parse(cols.misc.get(id)) as RowImage))
  const out: TableRowChange[] = []
  pairs.forEach(([t, k], j) => {
    // Equal ids are equal images (one string table); a row changed and changed back is no difference.
    if (A[j] === B[j]) return
    out.push({ app: cols.tableApp.get(t), table: cols.names.get(cols.tableName.get(t)), key: cols.names.get(k), before: image(A[j]!), after: image(B[j]!) })
  })
  return out.sort((x, y) => x.app - y.app || compareStrings(x.table, y.table) || compareRowKeys(x.key, y.key))
}

/** A row image as a TableRow: numbers as their text (what the Tables view shows), text and null as they are. */
function asTableRow(image: RowImage): TableRow {
  const out: TableRow = {}
  for (const [col, v] of Object.entries(image)) out[col] = typeof v === 'number' ? String(v) : v
  return out
}
