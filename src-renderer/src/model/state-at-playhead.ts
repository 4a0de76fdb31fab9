/**
 * The engine's answers about a point, turned into what the views show: the
 * state table's rows (sorted, from `timeline.state` or patched by a
 * `timeline.diff`), the sessions, and the highlights of what the step there
 * changed (`timeline.state`'s `here`). Nothing here knows a time-travel rule:
 * rows, last changes, statuses and changes all come from the engine.
 */
import type { PointDetail, StateDiff, StateRowColumns, TableRow, TimelineSession, TimelineState } from '../transport/api-types.js'
import type { ChangeKind, RowEntry } from './rows.js'
import { changeKindOf, Row, rowKey } from './rows.js'
import { makeComparator, patchSorted } from './sorted-rows.js'

/** A session as the engine reports it at the point: record, status, idle time, clone group and expiry deadline. */
export type SessionEntry = TimelineSession

/** What the table shows of a session beside its rows: its alias, and its creation time (the rows' order). */
export type SessionBrief = NonNullable<TimelineState['rowSessions']>[number]

/** Sessions in the engine's list order: creation time, then ID. */
const listOrder = (a: SessionBrief, b: SessionBrief) => a.createdAt - b.createdAt || a.id - b.id

/**
 * Every session a state names, by ID, in the list's order: its session list (whole, or only the sessions
 * the views show) and, when it came without the whole list, the sessions of its rows (`rowSessions`).
 */
export function knownSessionsOf(st: Pick<TimelineState, 'sessions' | 'rowSessions'>): Map<number, SessionBrief> {
  const listed: readonly SessionBrief[] = st.rowSessions ? inListOrder(st.rowSessions, st.sessions) : st.sessions
  const out = new Map<number, SessionBrief>()
  // A session both listed and among the rows' keeps its full record (the list's).
  for (const x of listed) if (!out.has(x.id) || 'status' in x) out.set(x.id, x)
  return out
}

/**
 * Two lists of sessions as one, in the list's order. The engine sends each in that order already: merged
 * in one pass (a jump's first decode runs cold, and sorting a thousand sessions with a comparator cost the
 * first End ~4 ms, issue #13); sorted only if one of them is not.
 */
function inListOrder(a: readonly SessionBrief[], b: readonly SessionBrief[]): SessionBrief[] {
  if (!isSortedBy(a, listOrder) || !isSortedBy(b, listOrder)) return [...a, ...b].sort(listOrder)
  if (b.length === 0) return [...a]
  if (a.length === 0) return [...b]
  const out: SessionBrief[] = new Array(a.length + b.length)
  let i = 0
  let j = 0
  let k = 0
  // Ties go to `a` first, as a stable sort of [...a, ...b] would order them.
  while (i < a.length && j < b.length) out[k++] = listOrder(a[i]!, b[j]!) <= 0 ? a[i++]! : b[j++]!
  while (i < a.length) out[k++] = a[i++]!
  while (j < b.length) out[k++] = b[j++]!
  return out
}

function isSortedBy<T>(xs: readonly T[], order: (a: T, b: T) => number): boolean {
  for (let i = 1; i < xs.length; i++) if (order(xs[i - 1]!, xs[i]!) > 0) return false
  return true
}

export function tableKey(app: number, table: string): string {
  return `${app}|${table}`
}

/** The table's row order: sessions by creation time (the engine's list), then app, page, item. */
export function rowOrder(sessions: readonly SessionBrief[]): (a: RowEntry, b: RowEntry) => number {
  const createdAt = new Map(sessions.map((s) => [s.id, s.createdAt]))
  return makeComparator((s) => createdAt.get(s) ?? Number.MAX_SAFE_INTEGER)
}

/**
 * The rows of a state, in the table's order. The engine sends them grouped
 * by session, sorted within each as the table sorts them: only the session
 * blocks need ordering (by creation time). `sessionOrder`: the sessions in
 * the order `compare` puts them (the known sessions, in the list's order) —
 * each block is then put at its session's place in one pass, and `compare`
 * only checks the result (a jump to a million-event trace's end has ~1,000
 * blocks: sorting them cost its first, cold decode ~9 ms, issue #13); blocks
 * the order does not place are sorted as before.
 */
export function rowsOfState(st: TimelineState, compare: (a: RowEntry, b: RowEntry) => number, sessionOrder?: Iterable<number>): RowEntry[] {
  const list = st.rowColumns
    ? rowsOfColumns(st.rowColumns)
    : st.rows.map((r) => new Row(r.session, r.app, r.page, r.item, r.value, r.status, r.changed?.step ?? null, r.changed?.phase ?? null, r.changed?.cause ?? null))
  const blocks: { from: number; to: number; first: RowEntry }[] = []
  for (let i = 0; i < list.length; i++) {
    const last = blocks[blocks.length - 1]
    if (last && last.first.session === list[i]!.session) last.to = i + 1
    else blocks.push({ from: i, to: i + 1, first: list[i]! })
  }
  const placed = sessionOrder ? placedInOrder(blocks, sessionOrder) : null
  const ordered = placed && isSortedBy(placed, (a, b) => compare(a.first, b.first)) ? placed : blocks.sort((a, b) => compare(a.first, b.first))
  const out: RowEntry[] = new Array(list.length)
  let k = 0
  for (const b of ordered) for (let i = b.from; i < b.to; i++) out[k++] = list[i]!
  return out
}

/** Blocks at their session's place in `sessionOrder`; null when a session has two blocks or none is given a place. */
function placedInOrder<B extends { first: RowEntry }>(blocks: readonly B[], sessionOrder: Iterable<number>): B[] | null {
  const rank = new Map<number, number>()
  for (const id of sessionOrder) if (!rank.has(id)) rank.set(id, rank.size)
  const slots: (B | undefined)[] = new Array(rank.size)
  const unplaced: B[] = []
  for (const b of blocks) {
    const r = rank.get(b.first.session)
    if (r === undefined) unplaced.push(b)
    else if (slots[r]) return null
    else slots[r] = b
  }
  if (unplaced.length === blocks.length) return null
  const out: B[] = []
  for (const b of slots) if (b) out.push(b)
  for (const b of unplaced) out.push(b)
  return out
}

/** The rows at `to`, from the rows at `from` and the engine's diff between the two points. */
export function patchRows(rows: readonly RowEntry[], diff: StateDiff, compare: (a: RowEntry, b: RowEntry) => number): RowEntry[] {
  const changes = diff.rows.map(({ before, after, changed }) => ({
    before: before ? new Row(before.session, before.app, before.page, before.item, before.value, before.status, null, null, null) : null,
    after: after ? new Row(after.session, after.app, after.page, after.item, after.value, after.status, changed?.step ?? null, changed?.phase ?? null, changed?.cause ?? null) : null,
  }))
  // Rewritten with the same value: only the row's last change is new.
  for (const { row, changed } of diff.rewritten ?? []) {
    changes.push({
      before: new Row(row.session, row.app, row.page, row.item, row.value, row.status, null, null, null),
      after: new Row(row.session, row.app, row.page, row.item, row.value, row.status, changed?.step ?? null, changed?.phase ?? null, changed?.cause ?? null),
    })
  }
  return patchSorted(rows, changes, compare, () => patchedFully(rows, changes, compare))
}

function patchedFully(rows: readonly RowEntry[], changes: { before: RowEntry | null; after: RowEntry | null }[], compare: (a: RowEntry, b: RowEntry) => number): RowEntry[] {
  const byKey = new Map(rows.map((r) => [r.key, r]))
  for (const c of changes) {
    if (c.before) byKey.delete(c.before.key)
    if (c.after) byKey.set(c.after.key, c.after)
  }
  return [...byKey.values()].sort(compare)
}

export interface Highlights {
  changes: Map<string, ChangeKind>
  pending: Set<string>
  removedRows: RowEntry[]
}

/** What the step (or phase) at the point changed, as the engine said (`here`). */
export function highlightsOf(here: PointDetail | undefined, step: number): Highlights {
  const changes = new Map<string, ChangeKind>()
  const removedRows: RowEntry[] = []
  for (const c of here?.changes ?? []) {
    changes.set(rowKey(c.session, c.app, c.page, c.item), c.kind)
    if (c.kind === 'removed') removedRows.push(new Row(c.session, c.app, c.page, c.item, c.from, c.fromStatus ?? 'R', step, c.phase, c.cause))
  }
  const pending = new Set((here?.pending ?? []).map((r) => rowKey(r.session, r.app, r.page, r.item)))
  return { changes, pending, removedRows }
}

/** What a whole step changed, from the engine's diff across it (the step before → the step): the same rows `here` names, net. */
export function highlightsOfDiff(diff: StateDiff, step: number): Highlights {
  const changes = new Map<string, ChangeKind>()
  const removedRows: RowEntry[] = []
  for (const { before, after, changed } of diff.rows) {
    const row = (after ?? before)!
    const key = rowKey(row.session, row.app, row.page, row.item)
    changes.set(key, after ? changeKindOf(after.value, after.status) : 'removed')
    if (!after && before) removedRows.push(new Row(before.session, before.app, before.page, before.item, before.value, before.status, step, changed?.phase ?? null, changed?.cause ?? null))
  }
  // Written by the step with the value it had: highlighted as `here` names it.
  for (const { row } of diff.rewritten ?? []) changes.set(rowKey(row.session, row.app, row.page, row.item), changeKindOf(row.value, row.status))
  return { changes, pending: new Set(), removedRows }
}

export function tablesOf(st: TimelineState): Map<string, TableRow[]> {
  return new Map(st.tables.map((t) => [tableKey(t.app, t.table), t.rows]))
}

/** Row entries from timeline.state's columns (see StateRowColumns in the contract); keys are made when asked for. */
export function rowsOfColumns(c: StateRowColumns): RowEntry[] {
  const out: RowEntry[] = new Array(c.length)
  const { sessionRuns: runs, strings, status } = c
  let run = -2
  let left = 0
  let session = 0
  for (let i = 0; i < c.length; i++) {
    while (left === 0) {
      run += 2
      session = runs[run]!
      left = runs[run + 1]!
    }
    left--
    const page = c.page[i]!
    const value = c.value[i]!
    const step = c.changedStep[i]!
    const cause = c.changedCause[i]!
    out[i] = new Row(
      session,
      c.app[i]!,
      page < 0 ? null : page,
      strings[c.item[i]!]!,
      value < 0 ? null : strings[value]!,
      status[i] as RowEntry['status'],
      step < 0 ? null : step,
      step < 0 ? null : c.changedPhase[i]!,
      step < 0 ? null : cause < 0 ? '' : strings[cause]!,
    )
  }
  return out
}
