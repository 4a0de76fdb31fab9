/**
 * "Why does this table row look like this" (issue #11): the change of an app
 * database row — or of one column of it — that last touched it at or before a
 * point, with the step, phase, cause and the row before and after; and the
 * matcher that row breakpoints (breakpoints.ts) use to find such changes.
 *
 * Both read only the `row` effects (their positions are listed once by
 * app-table-rows.ts), so they cost the number of row effects, never a replay.
 */
import type { RowImage } from '../engine/model/effect.js'
import { rowEffectPositions } from './app-table-rows.js'
import { ROW_CHANGES } from './codes.js'
import type { Point, Timeline } from './timeline.js'
import type { TimelineColumns } from './timeline-columns.js'

/** Which row changes to look for: a table (in one app or any), optionally one row (its key) and one column. */
export interface RowTarget {
  table: string
  app?: number
  key?: string
  column?: string
}

/** A change of a table row: what timeline.whyRow answers. */
export interface RowChange {
  step: number
  /** Index of the phase of that step the change happened in, or null when it came after the step's phases. */
  phase: number | null
  /** The session whose request made the change, when known. */
  session: number | null
  app: number
  table: string
  key: string
  change: 'insert' | 'update' | 'delete'
  before: RowImage | null
  after: RowImage | null
  /** The columns whose values differ between before and after (every column of an insert or delete). */
  columns: string[]
  cause: string
}

/** A row target compiled against the timeline's interned ids; `matches(i)` says whether row effect i touches it. */
export interface RowMatcher {
  matches(effect: number): boolean
}

/** Table indexes named `table` (exactly, else in upper case as Oracle folds names), in `app` when given. */
function tablesNamed(cols: TimelineColumns, table: string, app: number | undefined): Set<number> {
  const out = new Set<number>()
  for (const name of [table, table.toUpperCase()]) {
    const id = cols.names.lookup(name)
    if (id < 0) continue
    for (let t = 0; t < cols.tableName.length; t++) if (cols.tableName.get(t) === id && (app === undefined || cols.tableApp.get(t) === app)) out.add(t)
    if (out.size > 0) break
  }
  return out
}

/** The value of a column in a row image, found as written or in upper case; undefined when the image has no such column. */
function columnValue(image: RowImage | null, column: string): string | number | null | undefined {
  if (image === null) return undefined
  if (column in image) return image[column]
  const upper = column.toUpperCase()
  return upper in image ? image[upper] : undefined
}

/** Whether a column's value differs between two row images (an insert or delete changes every column it has). */
export function columnChanged(before: RowImage | null, after: RowImage | null, column: string): boolean {
  const a = columnValue(before, column)
  const b = columnValue(after, column)
  if (a === undefined && b === undefined) return false
  return a !== b
}

/** A matcher for row effects that touch the target, or null when none ever can (no such table or key). */
export function rowMatcher(cols: TimelineColumns, target: RowTarget): RowMatcher | null {
  const tables = tablesNamed(cols, target.table, target.app)
  if (tables.size === 0) return null
  let key = -1
  if (target.key !== undefined) {
    key = cols.names.lookup(target.key)
    if (key < 0) return null
  }
  const column = target.column
  const images = new Map<number, RowImage | null>()
  const image = (id: number): RowImage | null => {
    if (id < 0) return null
    let img = images.get(id)
    if (img === undefined) images.set(id, (img = JSON.parse(cols.misc.get(id)) as RowImage))
    return img
  }
  return {
    matches(i: number): boolean {
      if (!tables.has(cols.effectKey.get(i))) return false
      if (key >= 0 && cols.effectItem.get(i) !== key) return false
      if (column === undefined) return true
      return columnChanged(image(cols.effectFrom.get(i)), image(cols.effectTo.get(i)), column)
    },
  }
}

/** Row effect i as a row change. */
export function rowChangeOf(tl: Timeline, i: number): RowChange {
  const c = tl.cols
  const step = c.stepOfEffect(i)
  const phase = c.phaseOfEffect(step, i - c.stepFirstEffect.get(step))
  const image = (id: number) => (id < 0 ? null : (JSON.parse(c.misc.get(id)) as RowImage))
  const before = image(c.effectFrom.get(i))
  const after = image(c.effectTo.get(i))
  const sess = c.effectSession.get(i)
  const cause = c.effectCause.get(i)
  const names = [...new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})])]
  return {
    step,
    phase: phase < 0 ? null : phase,
    session: sess < 0 ? null : c.sessionIds.get(sess),
    app: c.effectApp.get(i),
    table: c.names.get(c.tableName.get(c.effectKey.get(i))),
    key: c.names.get(c.effectItem.get(i)),
    change: ROW_CHANGES[c.effectFromStatus.get(i)] as RowChange['change'],
    before,
    after,
    columns: names.filter((n) => columnChanged(before, after, n)),
    cause: cause < 0 ? '' : c.causes.get(cause),
  }
}

/** The change that last touched the row (or its column) at or before a point, or null when no step ever did (an installed row never changed). */
export function whyRow(tl: Timeline, p: Point, target: RowTarget & { key: string }): RowChange | null {
  const pos = tl.positionOf(p)
  const m = rowMatcher(tl.cols, target)
  if (!m) return null
  const list = rowEffectPositions(tl.cols)
  for (let j = firstAtOrAfter(list.raw, list.length, pos) - 1; j >= 0; j--) {
    const i = list.get(j)
    if (m.matches(i)) return rowChangeOf(tl, i)
  }
  return null
}

/** Index of the first of the first `n` entries of an ascending list that is `>= target` (n when none is). */
export function firstAtOrAfter(a: ArrayLike<number>, n: number, target: number): number {
  let lo = 0
  let hi = n
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    if (a[mid]! < target) lo = mid + 1
    else hi = mid
  }
  return lo
}
