/**
 * What the timeline's queries return — the result types of the contract's
 * `timeline.*` methods. They live here, beside the code that builds them,
 * and `src-main/api/contract.ts` re-exports them: one definition, and the
 * timeline never imports the API layer above it.
 */
import type { SessionView } from '../engine/engine.js'
import type { GroupRecord, SessionRecord } from '../engine/model/effect.js'
import type { Step } from '../engine/model/step.js'
import type { RowImage } from '../engine/model/effect.js'
import type { StateRow, TableRow, UserRow } from '../engine/state/session-state.js'
import type { ExpiryDeadline } from './session-expiry.js'

export type { ExpiryDeadline } from './session-expiry.js'

/**
 * A point on the timeline: the state after step `step` (-1 = before the
 * first step), or, with `phase`, after phase `phase` of that step. (The
 * contract's `TimelinePoint` is the same shape, from its zod schema.)
 */
export interface Point {
  step: number
  phase?: number | null
}

/** The change that last set a row, at or before a point: step, phase of that step, and cause in words. */
export interface LastChange {
  step: number
  /** Index of the phase of `step` the change happened in (-1 when the step has no phase containing it). */
  phase: number
  cause: string
}

/** A row of `timeline.state`: the row, and (when asked for, as the contract's method always does) its last change. */
export interface TimelineStateRow extends StateRow {
  changed?: LastChange | null
}

/**
 * The rows of a state in columns (`timeline.state` with `encoding: 'columns'`):
 * a fraction of the bytes of row objects, and cheap to parse. Row `i`:
 *
 *   session  the ID whose run covers i (`sessionRuns` = [ID, count, ID, count, …], in row order)
 *   app      app[i]
 *   page     page[i], -1 = an application item (page null)
 *   item     strings[item[i]]
 *   value    value[i] < 0 ? null : strings[value[i]]
 *   status   status[i] (one character of "IUR" per row)
 *   changed  changedStep[i] < 0 ? null : { step: changedStep[i], phase: changedPhase[i], cause: changedCause[i] < 0 ? '' : strings[changedCause[i]] }
 *
 * Rows are in the order of `rows` (session ID, app, page, item).
 */
export interface StateRowColumns {
  length: number
  strings: string[]
  sessionRuns: number[]
  app: number[]
  page: number[]
  item: number[]
  value: number[]
  status: string
  changedStep: number[]
  changedPhase: number[]
  changedCause: number[]
}

/**
 * A session of `timeline.state`: the engine's view of it and (when asked
 * for, as the contract's method always does) its clone group's record at
 * that point — last activity and limits, so a client can tell when it expires.
 */
/** What the state table shows of a session beside its rows (its alias, and its creation time: the rows' order). */
export interface SessionBrief {
  id: number
  alias: string | null
  createdAt: number
}

export interface TimelineSession extends SessionView {
  group?: GroupRecord | null
  /** When the session expires on the simulated clock (the engine's rule as a deadline; null: no limit or ended). Sent with `group`. */
  expiry?: ExpiryDeadline | null
}

/** A row named by its key fields. */
export interface RowRef {
  session: number
  app: number
  page: number | null
  item: string
}

/** How the step (or the phase) shown changed one row: the value before its first change there, and after its last. */
export interface RowChangeAtPoint extends RowRef {
  /** 'set' — a value; 'reset' — null or status R; 'removed' — the row is gone at the point. */
  kind: 'set' | 'reset' | 'removed'
  from: string | null
  fromStatus: 'I' | 'U' | 'R' | null
  to: string | null
  toStatus: 'I' | 'U' | 'R' | null
  /** Phase of the step of the last change (-1: outside every phase). */
  phase: number
  cause: string
}

/** What happened at a point (timeline.state with `here`): the step there, the rows it (or the phase shown) changed, the rows a later clear-cache phase resets. */
export interface PointDetail {
  /** The step at the point, exactly as loaded or simulated (null before the first step). */
  step: Step | null
  /** One entry per row the step — or, at a phase, that phase — changed, in the order first changed. */
  changes: RowChangeAtPoint[]
  /** At a phase before the step's clear-cache phase: the rows that phase resets. */
  pending: RowRef[]
}

export interface TimelineState {
  point: Point
  /** Simulated time at that point (seconds since trace start). */
  t: number
  sessions: TimelineSession[]
  /** The rows (empty when they come as `rowColumns`). */
  rows: TimelineStateRow[]
  /** The rows in columns, instead of `rows`, when asked for (`encoding: 'columns'`). */
  rowColumns?: StateRowColumns
  userRows: UserRow[]
  /**
   * Simulator tables (`insertRow`) and the app database's tables touched by
   * `row` effects (`source: 'database'`, rows in key order, each row's key in
   * `keys`, numbers as their text so a row is a TableRow like any other).
   */
  tables: StateTable[]
  /** What happened at the point (when asked for with `here`). */
  here?: PointDetail
  /** What differs from the point given as `diffFrom` to this one (when asked for). */
  diff?: StateDiff
  /**
   * Asked with `sessionsShown` instead of the session list: each session whose rows the answer carries, in
   * the list's order — what the table needs of it — and (`sessionCount`) how many sessions the list holds.
   */
  rowSessions?: SessionBrief[]
  sessionCount?: number
}

export interface StateDiff {
  from: Point
  to: Point
  /** `changed`: the row's last change at or before `to` (the change that removed it, for a row gone at `to`; null when none). */
  rows: { before: StateRow | null; after: StateRow | null; changed?: LastChange | null }[]
  sessions: { before: SessionRecord | null; after: SessionRecord | null }[]
  userRows: { before: UserRow | null; after: UserRow | null }[]
  /** Simulator tables whose length differs; `added` / `removed`: the rows present at `to` only / at `from` only. */
  tables: { app: number; table: string; before: number; after: number; added?: TableRow[]; removed?: TableRow[] }[]
  /** App database rows (`row` effects) that differ: added (`before` null), removed (`after` null) or changed; by app, table, key. */
  tableRows?: TableRowChange[]
  /**
   * Rows a change between the points wrote that are the same at both (rewritten with the same value, or
   * changed and changed back): not differences, so not in `rows`; listed so that a diff across one step
   * names every row the step wrote, as `here` does. Absent when there are none. Row order as `rows`.
   */
  rewritten?: { row: StateRow; changed?: LastChange | null }[]
}

/** A table at a point: a simulator table, or (`source: 'database'`) a table of the app database. */
export interface StateTable {
  app: number
  table: string
  rows: TableRow[]
  source?: 'database'
  /** For a database table: each row's key (the rowid as text), parallel to `rows`. */
  keys?: string[]
}

/** One app database row that differs between two points, as its images (columns as the database holds them). */
export interface TableRowChange {
  app: number
  table: string
  key: string
  before: RowImage | null
  after: RowImage | null
}


export interface ItemChange {
  step: number
  /** Index of the phase of that step the change happened in. */
  phase: number
  session: number
  app: number
  page: number | null
  item: string
  from: string | null
  fromStatus: 'I' | 'U' | 'R' | null
  to: string | null
  toStatus: 'I' | 'U' | 'R' | null
  cause: string
}

export interface SearchHit {
  step: number
  session: number
  app: number
  page: number | null
  item: string
  value: string | null
  /** A hit in an app database row (`item` is then `TABLE[key].COLUMN`; `session` 0 when the change names none). */
  row?: { table: string; key: string; column: string }
}

/**
 * A hit in what a real APEX server answered (an event's `observed`, issue #15):
 * a rendered item (`item` its name), the redirect target, an error or a
 * success message (`item` then names the part). `step` is the request's first step.
 */
export interface AnswerHit {
  step: number
  session: number | null
  app: number | null
  page: number | null
  item: string
  value: string | null
  answer: 'item' | 'redirect' | 'error' | 'message'
}

export interface SearchResult {
  /**
   * Traces made from a browser recording: hits in the real server's answers,
   * which are not changes (so not in `hits` or `total`); the first `limit`,
   * with their count and the answers the load left out. Absent otherwise.
   */
  answers?: { hits: AnswerHit[]; total: number; leftOut: number }
  hits: SearchHit[]
  /** Every matching change, over all steps. */
  total: number
  /** Distinct steps with at least one match. */
  steps: number
  /** With `near`: the nearest hit after (before) the step asked about, whatever `limit` and `offset` — null when none. */
  next?: SearchHit | null
}
