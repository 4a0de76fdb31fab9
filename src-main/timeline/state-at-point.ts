/**
 * Materialising the state at a point (timeline.state): the sessions with
 * their status on the clock there, the rows in the engine's snapshot order
 * (as objects, or as columns: row-columns.ts), each with its last change
 * (last-changes.ts), Per User values and simulator tables — read from the
 * timeline's cursor after one seek.
 */
import type { UserRow } from '../engine/state/session-state.js'
import { userKey } from '../engine/state/session-state.js'
import { STATUS_CODES } from './codes.js'
import { compareStrings } from './compare-strings.js'
import { lastChange, lastSetsAt } from './last-changes.js'
import { pointDetail } from './point-detail.js'
import { databaseTablesAt } from './database-tables.js'
import { runWhole } from './work-slices.js'
import type { Point, SessionBrief, StateTable, TimelineSession, TimelineState, TimelineStateRow } from './results.js'
import { rowColumns } from './row-columns.js'
import { sessionView } from './session-view.js'
import { slotsWithRowsAt } from './slots-with-rows.js'
import type { Timeline } from './timeline.js'

export interface StateAtOptions {
  /** Only the rows of these sessions (the session list stays complete). */
  sessions?: readonly number[]
  /** Leave ended sessions (expired, logged out) out of the session list. */
  liveOnly?: boolean
  /** Give each row its last change (`changed`: step, phase, cause). */
  changes?: boolean
  /** Give each session its clone group's record (`group`: last activity, limits) and its expiry deadline. */
  groups?: boolean
  /** 'columns': the rows as `rowColumns` (compact, always with their last change; `rows` is then empty). Default 'rows'. */
  encoding?: 'rows' | 'columns'
  /** Add what happened at the point (`here`: the step, the rows it changed, the rows a later clear-cache phase resets). */
  here?: boolean
  /** false: no session list (`sessions` empty). Default true. */
  sessionList?: boolean
  /**
   * With `sessionList: false`, what the views show of sessions without the whole list (a jump's answer at a
   * million events: the list was ~425 KB of its ~620 KB): `sessions` holds the records of these sessions only
   * (the selected one, the filtered ones; listed as the list would list them), `rowSessions` the ID, alias and
   * creation time of each session whose rows the answer carries, `sessionCount` the list's length.
   * 'all': every listed session's record, with the briefs and the count — the answer from which the service
   * cuts the one for any `sessionsShown` at the point (jumpAnswer in the engine service).
   */
  sessionsShown?: readonly number[] | 'all'
  /** false: no Per User rows (`userRows` empty). Default true. */
  userRows?: boolean
  /** false: no simulator or app database tables (`tables` empty). Default true. */
  tables?: boolean
}

/**
 * The state at a point. Rows come in the engine's snapshot order (session
 * ID, app, page, item), as objects or — `encoding: 'columns'` — as
 * columns; with `changes` (always for columns) each row carries the change
 * that last set it (what `why` answers for that row), found by one backward
 * scan over the effect columns for the returned rows only (lastSetsAt).
 */
export function stateAt(tl: Timeline, p: Point, opts: StateAtOptions = {}): TimelineState {
  return runWhole(stateAtInParts(tl, p, opts))
}

/**
 * The state at a point made part by part — the seek, the session list, the row keys, their last changes,
 * the row columns, … — yielding between parts, so that a caller may make it in slices between other
 * requests (the answer End gets, made while the engine is idle: docs/decisions.md). Each part seeks
 * first: a request served between two parts may have moved the cursor (a seek to where it is costs nothing).
 * `stateAt` runs it without a break: one way of making the answer.
 */
export function* stateAtInParts(tl: Timeline, p: Point, opts: StateAtOptions = {}): Generator<void, TimelineState> {
  tl.seek(p)
  yield
  const t = tl.timeAt(p)
  const point = p.phase === undefined ? { step: p.step } : { step: p.step, phase: p.phase }
  // Each part costs in proportion to its size at the point (a million-event trace's end has ~1,000 live
  // sessions, 6,600 Per User values, 7,900 table rows): a view that shows only some asks only for those.
  const liveOnly = opts.liveOnly ?? false
  const shown = opts.sessionList === false && opts.sessionsShown ? (opts.sessionsShown === 'all' ? 'all' : new Set(opts.sessionsShown)) : null
  tl.seek(p)
  // How many sessions the list holds, counted in the same pass as the shown ones are picked.
  const listed = { count: 0 }
  const sessions = shown
    ? sessionsHere(tl, t, liveOnly, opts.groups ?? false, shown === 'all' ? undefined : (id) => shown.has(id), listed)
    : opts.sessionList === false
      ? []
      : sessionsHere(tl, t, liveOnly, opts.groups ?? false)
  yield
  tl.seek(p)
  const keys = rowKeysHere(tl, opts.sessions)
  yield
  const columns = opts.encoding === 'columns'
  // lastSetsAt reads the effect columns up to the point's position, not the cursor.
  const sets = columns || opts.changes ? lastSetsAt(tl, keys, tl.positionOf(p)) : null
  yield
  tl.seek(p)
  const rows = columns ? [] : rowObjects(tl, keys, sets)
  const userRows = opts.userRows === false ? [] : userRowsHere(tl)
  yield
  tl.seek(p)
  const tables = opts.tables === false ? [] : tablesHere(tl)
  const out: TimelineState = { point, t, sessions, rows, userRows, tables }
  if (columns) {
    yield
    tl.seek(p)
    out.rowColumns = rowColumns(tl, keys, sets!)
  }
  yield
  if (opts.here) out.here = pointDetail(p.step >= 0 ? tl.step(p.step) : null, p)
  if (shown) {
    tl.seek(p)
    out.rowSessions = rowSessionsOf(tl, keys)
    out.sessionCount = listed.count
  }
  return out
}

/**
 * The slot's session record when the session list lists it (-1: it does not). A slot left empty by a
 * checkpoint is absent, or a tombstone (ended); with `liveOnly` ended sessions are not listed — most of a
 * long trace's sessions, so they are skipped before any record is built.
 */
function listedRecord(tl: Timeline, s: number, liveOnly: boolean): number {
  const c = tl.cols
  const cursor = tl.state
  if (liveOnly && cursor.slotRecord[s] === -1) return -1
  const r = cursor.recordOf(s)
  if (r < 0) return -1
  if (!liveOnly) return r
  // The ended column answers for a record without extras; only extras (a field the columns cannot hold
  // exactly) can say otherwise, so only such a record is built — building each live one cost a million-event
  // trace's end ~1,000 records per list or count.
  const extras = c.sessionRecords.extras
  if (c.sessionRecords.ended.raw[r] !== 0 && !extras.has(r)) return -1
  if (extras.has(r) && c.sessionRecords.get(r).ended !== null) return -1
  return r
}

/** ID, alias and creation time of the sessions whose rows `keys` are, in the session list's order. */
function rowSessionsOf(tl: Timeline, keys: Int32Array): SessionBrief[] {
  const c = tl.cols
  const slots = new Set<number>()
  for (const k of keys) slots.add(c.rowKeySlot.get(k))
  const out: SessionBrief[] = []
  const records = c.sessionRecords
  for (const s of [...slots].sort((a, b) => a - b)) {
    const r = tl.state.recordOf(s)
    if (r < 0) continue
    // The three fields from their columns (a whole record — apps list, extras — cost 1–4 ms per thousand);
    // a record with extras may override any of them.
    if (records.extras.has(r)) {
      const rec = records.get(r)
      out.push({ id: rec.id, alias: rec.alias, createdAt: rec.createdAt })
      continue
    }
    const alias = records.alias.get(r)
    out.push({ id: records.id.get(r), alias: alias < 0 ? null : c.names.get(alias), createdAt: records.createdAt.get(r) })
  }
  return inCreationOrder(out)
}

/** The session list at the cursor, in creation order; `only`: just the listed sessions whose ID it accepts. `listed` counts the whole list. */
function sessionsHere(tl: Timeline, now: number, liveOnly: boolean, groups = false, only?: (id: number) => boolean, listed = { count: 0 }): TimelineSession[] {
  const c = tl.cols
  const cursor = tl.state
  const out: TimelineSession[] = []
  for (let s = 0; s < c.slotFirstSession.length; s++) {
    const r = listedRecord(tl, s, liveOnly)
    if (r < 0) continue
    listed.count++
    // The ID before the record: building every record is what asking for a few sessions saves.
    if (only && !only(c.sessionIds.get(cursor.sessionOf(s)))) continue
    const rec = c.sessionRecords.get(r)
    out.push(sessionView(rec, groupRecord(tl, rec.groupId), now, groups))
  }
  return inCreationOrder(out)
}

/**
 * Sessions in the list's order: by creation time, then ID — the state table's order of sessions (a slot
 * keeps its place when a login gives its session a new ID, so slot order is not it). Sorted only when
 * the slots did not already give that order.
 */
function inCreationOrder<T extends SessionBrief>(list: T[]): T[] {
  const before = (a: T, b: T) => a.createdAt - b.createdAt || a.id - b.id
  for (let i = 1; i < list.length; i++) if (before(list[i - 1]!, list[i]!) > 0) return list.sort(before)
  return list
}

function groupRecord(tl: Timeline, groupId: number) {
  const g = tl.cols.groupIndexOf(groupId)
  if (g < 0) return undefined
  const rec = tl.state.groupRecord[g]!
  return rec < 0 ? undefined : tl.cols.groupRecords.get(rec)
}

/**
 * Keys of the rows present at the cursor (of the given sessions only, when
 * given), in `compareRows` order: slots by their session ID here, then
 * within a slot by app, page (application items first) and item name.
 */
function rowKeysHere(tl: Timeline, sessions?: readonly number[]): Int32Array {
  // No rows asked for (a step's or a panel's answer): nothing to allocate — the arrays below are as long as all slots and row keys.
  if (sessions && sessions.length === 0) return new Int32Array(0)
  const c = tl.cols
  const cursor = tl.state
  const idx = tl.slotIndex()
  const rowStatus = cursor.rowStatus
  let slots: number[]
  if (sessions) {
    slots = []
    const seen = new Set<number>()
    for (const id of sessions) {
      const sess = c.findSession(id)
      if (sess < 0) continue
      // The slot whose ID is `id` at this point.
      const s = c.sessionSlot.get(sess)
      if (s < 0 || cursor.sessionOf(s) !== sess || seen.has(s)) continue
      seen.add(s)
      slots.push(s)
    }
  } else {
    slots = []
    const ns = idx.starts.length - 1
    const withRows = (s: number) => {
      for (let j = idx.starts[s]!; j < idx.starts[s + 1]!; j++) {
        if (rowStatus[idx.keys[j]!] !== 0) {
          slots.push(s)
          return
        }
      }
    }
    // Only the slots that may have rows here (slots-with-rows.ts), when that is cheaper than testing them all.
    const maybe = slotsWithRowsAt(c, cursor.pos)
    if (maybe) {
      for (const s of maybe) if (s < ns) withRows(s)
    } else for (let s = 0; s < ns; s++) withRows(s)
  }
  // Sized by the slots chosen, not by all slots and row keys (~3.5 MB to allocate and clear per answer at a million events).
  const sessionId = new Map<number, number>()
  let keyCount = 0
  for (const s of slots) {
    sessionId.set(s, c.sessionIds.get(cursor.sessionOf(s)))
    keyCount += idx.starts[s + 1]! - idx.starts[s]!
  }
  slots.sort((a, b) => sessionId.get(a)! - sessionId.get(b)!)
  const rank = tl.nameRanks()
  const app = c.rowKeyApp.raw
  const page = c.rowKeyPage.raw
  const item = c.rowKeyItem.raw
  const byRow = (a: number, b: number) => app[a]! - app[b]! || page[a]! - page[b]! || rank[item[a]!]! - rank[item[b]!]!
  const out = new Int32Array(keyCount)
  let n = 0
  for (const s of slots) {
    const from = n
    let sorted = true
    for (let j = idx.starts[s]!; j < idx.starts[s + 1]!; j++) {
      const k = idx.keys[j]!
      if (rowStatus[k] === 0) continue
      if (n > from) {
        // Keys of a slot mostly come in order already (a page's items are written in one order): check before sorting.
        const p = out[n - 1]!
        if (app[p]! > app[k]! || (app[p] === app[k] && (page[p]! > page[k]! || (page[p] === page[k] && rank[item[p]!]! > rank[item[k]!]!)))) sorted = false
      }
      out[n++] = k
    }
    if (!sorted) out.subarray(from, n).sort(byRow)
  }
  return out.slice(0, n)
}


/** The rows at the cursor as objects, with their last change when `sets` is given. */
function rowObjects(tl: Timeline, keys: Int32Array, sets: { eff: Int32Array; step: Int32Array } | null): TimelineStateRow[] {
  const out: TimelineStateRow[] = new Array(keys.length)
  for (let j = 0; j < keys.length; j++) {
    const row: TimelineStateRow = rowAt(tl, keys[j]!)
    if (sets) row.changed = lastChange(tl, sets.eff[j]!, sets.step[j]!)
    out[j] = row
  }
  return out
}

/** Row key k as it is at the cursor (the caller checks it exists). */
function rowAt(tl: Timeline, k: number): TimelineStateRow {
  const c = tl.cols
  const page = c.rowKeyPage.get(k)
  const v = tl.state.rowValue[k]!
  return {
    session: c.sessionIds.get(tl.state.sessionOf(c.rowKeySlot.get(k))),
    app: c.rowKeyApp.get(k),
    page: page === -1 ? null : page,
    item: c.names.get(c.rowKeyItem.get(k)),
    value: v < 0 ? null : c.values.get(v),
    status: STATUS_CODES[tl.state.rowStatus[k]!] as 'I' | 'U' | 'R',
  }
}

function userRowAt(tl: Timeline, u: number): UserRow | null {
  const c = tl.cols
  const v = tl.state.userValue[u]!
  if (v < 0) return null
  return { user: c.names.get(c.userKeyUser.get(u)), app: c.userKeyApp.get(u), item: c.names.get(c.userKeyItem.get(u)), value: c.values.get(v) }
}

function userRowsHere(tl: Timeline): UserRow[] {
  const out: UserRow[] = []
  for (let u = 0; u < tl.cols.userKeyUser.length; u++) {
    const r = userRowAt(tl, u)
    if (r) out.push(r)
  }
  // The engine's snapshot order (by the user key string), keys built once.
  return out
    .map((r) => [userKey(r.user, r.app, r.item), r] as const)
    .sort((a, b) => compareStrings(a[0], b[0]))
    .map((x) => x[1])
}

function tablesHere(tl: Timeline): StateTable[] {
  const c = tl.cols
  const out: StateTable[] = []
  for (let t = 0; t < c.tableApp.length; t++) {
    const len = tl.state.tableLength[t]!
    if (len === 0) continue
    const ids = c.tableRows[t]!.slice(0, len)
    out.push({ app: c.tableApp.get(t), table: c.names.get(c.tableName.get(t)), rows: ids.map((id) => ({ ...tl.tableRow(id) })) })
  }
  out.push(...databaseTablesAt(tl.cols, tl.state.pos))
  // Stable: a simulator table comes before a database table of the same name.
  return out.sort((a, b) => a.app - b.app || compareStrings(a.table, b.table))
}
