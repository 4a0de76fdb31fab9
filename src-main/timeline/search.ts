/**
 * Search over every change of a timeline (timeline.search): item names and
 * new values containing a text, matched once per distinct string, then one
 * scan of the effect columns.
 */
import { OP_ROW, OP_SET, OP_USERSET } from './codes.js'
import { rowEffectPositions } from './app-table-rows.js'
import type { SearchHit, SearchResult } from './results.js'
import type { Timeline } from './timeline.js'

export interface SearchOptions {
  limit?: number
  offset?: number
  /** Default false: `s.toLowerCase().includes(query.toLowerCase())`. */
  caseSensitive?: boolean
  /** Match item names, values, or both (default). */
  in?: 'all' | 'names' | 'values'
  /** Also find the nearest hit strictly after (forward) or before (backward) this step, over all hits (`next`). */
  near?: { step: number; direction: 'forward' | 'backward' }
}


/**
 * Every change whose item name or new value contains `query`, over all
 * sessions and steps, oldest first: the distinct strings are matched once
 * (a memmem over each string table), then the effect columns are scanned
 * against the match flags.
 */
export function search(tl: Timeline, query: string, opts: SearchOptions = {}): SearchResult {
  const c = tl.cols
  const where = opts.in ?? 'all'
  const cs = opts.caseSensitive ?? false
  const nameFlags = where === 'values' ? new Uint8Array(c.names.count) : c.names.match(query, cs)
  const valueFlags = where === 'names' ? new Uint8Array(c.values.count) : c.values.match(query, cs)
  // App database rows: candidates by their stored image text (one memmem over the misc strings), confirmed per column (rowHitColumn).
  const imageFlags = where === 'names' || rowEffectPositions(c).length === 0 ? null : c.misc.match(query, cs)
  const offset = opts.offset ?? 0
  const limit = opts.limit ?? 100
  const op = c.effectOp.raw
  const items = c.effectItem.raw
  const to = c.effectTo.raw
  const sess = c.effectSession.raw
  const starts = c.stepFirstEffect.raw
  const n = c.effectCount
  const hits: SearchHit[] = []
  let total = 0
  let steps = 0
  let step = 0
  let lastStep = -1
  const near = opts.near
  let nextAt = -1
  let nextStep = -1
  for (let i = 0; i < n; i++) {
    const o = op[i]!
    const v = to[i]!
    if (o === OP_ROW) {
      if (!imageFlags || v < 0 || imageFlags[v] === 0 || rowHitColumn(c.misc.get(v), query, cs) === null) continue
    } else {
      if (o !== OP_SET && (o !== OP_USERSET || sess[i]! < 0)) continue
      if (nameFlags[items[i]!] === 0 && (v < 0 || valueFlags[v] === 0)) continue
    }
    while (starts[step + 1]! <= i) step++
    if (step !== lastStep) {
      steps++
      lastStep = step
    }
    if (near && (near.direction === 'forward' ? step > near.step && nextAt < 0 : step < near.step)) {
      // Forward: the first hit after the step; backward: the first hit of the last step before it.
      if (near.direction === 'forward' || step !== nextStep) {
        nextAt = i
        nextStep = step
      }
    }
    if (total >= offset && hits.length < limit) hits.push(searchHit(tl, i, step, query, cs))
    total++
  }
  const out: SearchResult = { hits, total, steps }
  if (near) out.next = nextAt < 0 ? null : searchHit(tl, nextAt, nextStep, query, cs)
  return out
}

/** Effect i (a set, a Per User set or a database row change) as a search hit. */
function searchHit(tl: Timeline, i: number, step: number, query: string, cs: boolean): SearchHit {
  const c = tl.cols
  if (c.effectOp.get(i) === OP_ROW) {
    const table = c.names.get(c.tableName.get(c.effectKey.get(i)))
    const key = c.names.get(c.effectItem.get(i))
    const [column, value] = rowHitColumn(c.misc.get(c.effectTo.get(i)), query, cs)!
    const sess = c.effectSession.get(i)
    return { step, session: sess < 0 ? 0 : c.sessionIds.get(sess), app: c.effectApp.get(i), page: null, item: `${table}[${key}].${column}`, value, row: { table, key, column } }
  }
  const page = c.effectPage.get(i)
  const v = c.effectTo.get(i)
  return {
    step,
    session: c.sessionIds.get(c.effectSession.get(i)),
    app: c.effectApp.get(i),
    page: c.effectOp.get(i) === OP_SET && page !== -1 ? page : null,
    item: c.names.get(c.effectItem.get(i)),
    value: v < 0 ? null : c.values.get(v),
  }
}

/** The first column of a row image (its JSON) whose value as text contains `query` (the image text may match on a column name or punctuation only). */
function rowHitColumn(json: string, query: string, cs: boolean): [string, string] | null {
  const q = cs ? query : query.toLowerCase()
  for (const [column, v] of Object.entries(JSON.parse(json) as Record<string, string | number | null>)) {
    if (v === null) continue
    const text = String(v)
    if ((cs ? text : text.toLowerCase()).includes(q)) return [column, text]
  }
  return null
}

/** The nearest of some hits' steps (undefined, null: none) in a direction: the least going forward, the greatest going backward; null when none. */
export function nearestStep(steps: Iterable<number | null | undefined>, direction: 'forward' | 'backward'): number | null {
  let best: number | null = null
  for (const s of steps) {
    if (s === null || s === undefined) continue
    if (best === null || (direction === 'forward' ? s < best : s > best)) best = s
  }
  return best
}
