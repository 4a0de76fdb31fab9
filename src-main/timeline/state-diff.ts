/**
 * What differs between two points of a timeline (timeline.diff), in either
 * order: rows (with their last change at the second point), sessions, Per
 * User values and simulator tables (with the rows added or removed).
 * A row written between the points but equal at both (rewritten with the
 * same value, or changed and changed back) is no difference: it comes apart,
 * in `rewritten` (docs/decisions.md, "Same-value rewrites").
 */
import type { StateRow } from '../engine/state/session-state.js'
import { compareRows, userKey } from '../engine/state/session-state.js'
import { OP_INSERT, OP_REKEY, OP_SESSION, OP_SET, OP_USERSET, STATUS_CODES } from './codes.js'
import { rowEffectPositions } from './app-table-rows.js'
import { compareStrings } from './compare-strings.js'
import { databaseRowDiff } from './database-tables.js'
import { lastChange, lastSetsAt } from './last-changes.js'
import type { Point, StateDiff } from './results.js'
import type { Timeline } from './timeline.js'


/**
 * Everything that differs between two points (either order). Only what the
 * effects between them touched is compared, so a diff of neighbouring
 * points costs what changed, not the size of the state.
 */
export function diff(tl: Timeline, a: Point, b: Point): StateDiff {
  const c = tl.cols
  const pa = tl.positionOf(a)
  const pb = tl.positionOf(b)
  const lo = Math.min(pa, pb)
  const hi = Math.max(pa, pb)
  const op = c.effectOp.raw
  const key = c.effectKey.raw
  const slotCol = c.effectSlot.raw
  /** 1: a set effect between the points wrote the row; 2: only its session's rotation touched it. */
  const rowMark = new Uint8Array(c.rowKeySlot.length)
  const rows: number[] = []
  const slotSet = new Set<number>()
  const rekeyed = new Set<number>()
  const users = new Set<number>()
  const tables = new Set<number>()
  for (let i = lo; i < hi; i++) {
    switch (op[i]) {
      case OP_SET:
        if (rowMark[key[i]!] === 0) {
          rowMark[key[i]!] = 1
          rows.push(key[i]!)
        }
        break
      case OP_SESSION:
        slotSet.add(slotCol[i]!)
        break
      case OP_REKEY:
        slotSet.add(slotCol[i]!)
        rekeyed.add(slotCol[i]!)
        break
      case OP_USERSET:
        users.add(key[i]!)
        break
      case OP_INSERT:
        tables.add(key[i]!)
        break
      default:
        break
    }
  }
  // A rotated session's rows all change identity (session ID is part of a row's key).
  if (rekeyed.size > 0) {
    const idx = tl.slotIndex()
    for (const s of rekeyed) {
      for (let j = idx.starts[s]!; j < idx.starts[s + 1]!; j++) {
        const k = idx.keys[j]!
        if (rowMark[k] === 0) {
          rowMark[k] = 2
          rows.push(k)
        }
      }
    }
  }
  const slots = [...slotSet]
  const userList = [...users]
  const tableList = [...tables]
  // Read every touched thing at a, then at b.
  const read = (pos: number) => {
    tl.moveTo(pos)
    const cursor = tl.state
    return {
      rowValue: Int32Array.from(rows, (k) => cursor.rowValue[k]!),
      rowStatus: Uint8Array.from(rows, (k) => cursor.rowStatus[k]!),
      rowSession: Int32Array.from(rows, (k) => cursor.sessionOf(c.rowKeySlot.get(k))),
      slotRecord: Int32Array.from(slots, (s) => cursor.recordOf(s)),
      slotSession: Int32Array.from(slots, (s) => cursor.sessionOf(s)),
      userValue: Int32Array.from(userList, (u) => cursor.userValue[u]!),
      tableLength: Int32Array.from(tableList, (t) => cursor.tableLength[t]!),
    }
  }
  const A = read(pa)
  const B = read(pb)
  const out: StateDiff = { from: a, to: b, rows: [], sessions: [], userRows: [], tables: [] }
  const rewritten: NonNullable<StateDiff['rewritten']> = []
  const rowObj = (k: number, val: number, st: number, session: number): StateRow => {
    const page = c.rowKeyPage.get(k)
    return {
      session: c.sessionIds.get(session),
      app: c.rowKeyApp.get(k),
      page: page === -1 ? null : page,
      item: c.names.get(c.rowKeyItem.get(k)),
      value: val < 0 ? null : c.values.get(val),
      status: STATUS_CODES[st] as 'I' | 'U' | 'R',
    }
  }
  // Each changed row's last change at or before `to`: one backward scan (lastSetsAt).
  const lastSets = lastSetsAt(tl, Int32Array.from(rows), pb)
  for (let j = 0; j < rows.length; j++) {
    const k = rows[j]!
    const changed = lastChange(tl, lastSets.eff[j]!, lastSets.step[j]!)
    const sa = A.rowStatus[j]!
    const sb = B.rowStatus[j]!
    const before = sa === 0 ? null : rowObj(k, A.rowValue[j]!, sa, A.rowSession[j]!)
    const after = sb === 0 ? null : rowObj(k, B.rowValue[j]!, sb, B.rowSession[j]!)
    if (before && after && A.rowSession[j] !== B.rowSession[j]) {
      out.rows.push({ before, after: null, changed }, { before: null, after, changed })
      continue
    }
    if (sa === sb && (sa === 0 || A.rowValue[j] === B.rowValue[j])) {
      // Written, yet the same at both points (values are interned: equal strings, equal ids).
      if (after && rowMark[k] === 1) rewritten.push({ row: after, changed })
      continue
    }
    out.rows.push({ before, after, changed })
  }
  out.rows.sort((x, y) => compareRows((x.after ?? x.before)!, (y.after ?? y.before)!) || (x.before ? -1 : 1))
  // Additive: only a diff with such rows has the field (others stay byte-identical).
  if (rewritten.length > 0) out.rewritten = rewritten.sort((x, y) => compareRows(x.row, y.row))
  for (let j = 0; j < slots.length; j++) {
    const ra = A.slotRecord[j]!
    const rb = B.slotRecord[j]!
    const before = ra < 0 ? null : c.sessionRecords.get(ra)
    const after = rb < 0 ? null : c.sessionRecords.get(rb)
    if (before && after && A.slotSession[j] !== B.slotSession[j]) {
      out.sessions.push({ before, after: null }, { before: null, after })
      continue
    }
    if (ra === rb || (before && after && JSON.stringify(before) === JSON.stringify(after))) continue
    out.sessions.push({ before, after })
  }
  out.sessions.sort((x, y) => (x.after ?? x.before)!.id - (y.after ?? y.before)!.id || (x.before ? -1 : 1))
  for (let j = 0; j < userList.length; j++) {
    const u = userList[j]!
    const va = A.userValue[j]!
    const vb = B.userValue[j]!
    if (va === vb) continue
    const base = { user: c.names.get(c.userKeyUser.get(u)), app: c.userKeyApp.get(u), item: c.names.get(c.userKeyItem.get(u)) }
    out.userRows.push({ before: va < 0 ? null : { ...base, value: c.values.get(va) }, after: vb < 0 ? null : { ...base, value: c.values.get(vb) } })
  }
  out.userRows.sort((x, y) => {
    const p = (x.after ?? x.before)!
    const q = (y.after ?? y.before)!
    return compareStrings(userKey(p.user, p.app, p.item), userKey(q.user, q.app, q.item))
  })
  for (let j = 0; j < tableList.length; j++) {
    const t = tableList[j]!
    const before = A.tableLength[j]!
    const after = B.tableLength[j]!
    if (before === after) continue
    // Rows are only ever appended: the difference is the rows between the two lengths.
    const between = c.tableRows[t]!.slice(Math.min(before, after), Math.max(before, after)).map((id) => ({ ...tl.tableRow(id) }))
    out.tables.push({ app: c.tableApp.get(t), table: c.names.get(c.tableName.get(t)), before, after, added: after > before ? between : [], removed: after > before ? [] : between })
  }
  out.tables.sort((x, y) => x.app - y.app || compareStrings(x.table, y.table))
  // Additive: only a timeline with app database row changes has the field (others stay byte-identical).
  const tableRows = databaseRowDiff(c, pa, pb)
  if (tableRows.length > 0 || rowEffectPositions(c).length > 0) out.tableRows = tableRows
  return out
}
