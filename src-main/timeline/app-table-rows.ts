/**
 * The app database's table rows (`row` effects, issue #11) at any effect
 * position. Row effects are few next to item changes, so they are not part
 * of the dense state or its checkpoints: the positions of the row effects
 * are listed once (extended as steps are appended), and a cursor holding
 * every table's rows moves between positions by applying each effect's
 * `to` image forward or its `from` image backward (effects are reversible),
 * or starts again from the empty database when that is fewer effects.
 * Everything is derived from the effect columns, so a timeline restored
 * from its byte parts needs nothing extra. A trace without row effects
 * pays one scan of the op column, once.
 */
import { OP_ROW } from './codes.js'
import { I32 } from './columns/growable.js'
import type { TimelineColumns } from './timeline-columns.js'

/** Rows of one table at a position: row key id (in `names`) → row image id (in `misc`). */
export type TableRowsAt = Map<number, number>

/** A cursor over the row effects: the tables (by table index) after effect positions `< pos`. */
export class AppTableCursor {
  pos = 0
  /** Number of row effects applied (an index into the position list). */
  applied = 0
  readonly tables = new Map<number, TableRowsAt>()
  /** Row effects applied per table: a table is listed once a row effect touched it, and unlisted again when moving back before that. */
  private readonly touches = new Map<number, number>()

  constructor(private readonly cols: TimelineColumns) {}

  /** Moves to effect position `target` (the state before effect `target`). */
  moveTo(target: number): void {
    const list = rowEffectPositions(this.cols)
    const goal = lowerBound(list, target)
    // From the empty database when that applies fewer effects than moving from here.
    if (goal < Math.abs(goal - this.applied)) this.reset()
    const c = this.cols
    while (this.applied < goal) {
      const i = list.get(this.applied++)
      this.put(c.effectKey.get(i), c.effectItem.get(i), c.effectTo.get(i), 1)
    }
    while (this.applied > goal) {
      const i = list.get(--this.applied)
      this.put(c.effectKey.get(i), c.effectItem.get(i), c.effectFrom.get(i), -1)
    }
    this.pos = target
  }

  /** The image id of a row now (-1: no such row). */
  rowOf(table: number, key: number): number {
    return this.tables.get(table)?.get(key) ?? -1
  }

  private reset(): void {
    this.tables.clear()
    this.touches.clear()
    this.applied = 0
  }

  private put(table: number, key: number, image: number, direction: 1 | -1): void {
    let rows = this.tables.get(table)
    if (!rows) this.tables.set(table, (rows = new Map()))
    if (image < 0) rows.delete(key)
    else rows.set(key, image)
    const touches = (this.touches.get(table) ?? 0) + direction
    this.touches.set(table, touches)
    if (touches === 0) {
      this.touches.delete(table)
      this.tables.delete(table)
    }
  }
}

interface PositionCache {
  upTo: number
  list: I32
}
const positionCaches = new WeakMap<TimelineColumns, PositionCache>()
const queryCursors = new WeakMap<TimelineColumns, AppTableCursor>()
const headCursors = new WeakMap<TimelineColumns, AppTableCursor>()

/** Positions of the row effects, ascending (extended to the effects appended since the last call). */
export function rowEffectPositions(cols: TimelineColumns): I32 {
  let cache = positionCaches.get(cols)
  if (!cache) positionCaches.set(cols, (cache = { upTo: 0, list: new I32() }))
  const op = cols.effectOp.raw
  const n = cols.effectCount
  for (let i = cache.upTo; i < n; i++) if (op[i] === OP_ROW) cache.list.push(i)
  cache.upTo = n
  return cache.list
}

/** Forgets everything derived from the effects (effects were dropped: TimelineColumns.truncateTo). */
export function forgetAppTables(cols: TimelineColumns): void {
  positionCaches.delete(cols)
  queryCursors.delete(cols)
  headCursors.delete(cols)
}

/** The cursor queries use, moved to `pos`. */
export function appTablesAt(cols: TimelineColumns, pos: number): AppTableCursor {
  let cur = queryCursors.get(cols)
  if (!cur) queryCursors.set(cols, (cur = new AppTableCursor(cols)))
  cur.moveTo(pos)
  return cur
}

/** The cursor at the end of the effects (the builder checks new row effects against it). */
export function appTablesAtHead(cols: TimelineColumns): AppTableCursor {
  let cur = headCursors.get(cols)
  if (!cur) headCursors.set(cols, (cur = new AppTableCursor(cols)))
  cur.moveTo(cols.effectCount)
  return cur
}

/** Row keys are SQLite rowids as text: by number, then as text for anything else. */
export function compareRowKeys(a: string, b: string): number {
  const x = Number(a)
  const y = Number(b)
  if (Number.isFinite(x) && Number.isFinite(y) && x !== y) return x - y
  return a < b ? -1 : a > b ? 1 : 0
}

/** Index of the first entry `>= target` of an ascending list. */
function lowerBound(list: I32, target: number): number {
  const a = list.raw
  let lo = 0
  let hi = list.length
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    if (a[mid]! < target) lo = mid + 1
    else hi = mid
  }
  return lo
}
