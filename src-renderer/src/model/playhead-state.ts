/**
 * The simulated state at the playhead, held in the renderer.
 *
 * It is loaded whole at a jump (`timeline.state`, or the engine's current
 * state) and then moved step by step by applying the recorded effects
 * forward or backward — every effect carries its before and after image
 * (semantics §9) — so → and ← touch only the rows one step changed.
 */
import type { Effect, GroupRecord, LastChange, SessionRecord, SessionStatus, SessionView, StateRow, StateRowColumns, TableRow, UserRow } from '../transport/api-types.js'
import type { RowEntry } from './rows.js'
import { Row, rowKey, withLastChange } from './rows.js'
import { binarySearch, makeComparator, patchSorted } from './sorted-rows.js'

export interface SessionEntry extends SessionRecord {
  status: SessionStatus
  /** Seconds since the clone group's last activity (simulated clock). */
  idleSec: number | null
}

export interface Snapshot {
  t: number
  /** Sessions, with their clone group's record when the engine's timeline gave it (`group`). */
  sessions: (SessionView & { group?: GroupRecord | null })[]
  /** Rows, with their last change when the engine's timeline gave it (`changed`). */
  rows: (StateRow & { changed?: LastChange | null })[]
  /** The rows in columns (timeline.state with `encoding: 'columns'`), instead of `rows`. */
  rowColumns?: StateRowColumns
  userRows: UserRow[]
  tables: { app: number; table: string; rows: TableRow[] }[]
}

interface Change {
  step: number
  phase: number | null
  cause: string
}

export function tableKey(app: number, table: string): string {
  return `${app}|${table}`
}

export class PlayheadState {
  t = 0
  readonly sessions = new Map<number, SessionRecord>()
  readonly groups = new Map<number, GroupRecord>()
  /** Status as the engine reported it, for sessions whose clone group record we have not seen. */
  private readonly reportedStatus = new Map<number, { status: SessionStatus; idleSec: number }>()
  /**
   * Rows by key. After a full snapshot it is built on first use (or by
   * warm()), so the table can paint 50,000 rows before the index exists.
   */
  private index: Map<string, RowEntry> | null = new Map()
  get rows(): Map<string, RowEntry> {
    if (!this.index) {
      // Without an index there were no changes since the snapshot: `sorted` is complete.
      const m = new Map<string, RowEntry>()
      for (const r of this.sorted) m.set(r.key, r)
      this.index = m
    }
    return this.index
  }

  /** Builds the row index now (call when idle, after a first paint). */
  warm(): void {
    void this.rows
  }
  /**
   * Per row, the changes walked over, newest last — starting with the change
   * the engine's snapshot gave the row, so stepping back over a change
   * restores the one before it.
   */
  private readonly history = new Map<string, Change[]>()
  /** Rows a backward move left without a known last change (the controller asks the engine's timeline.why). */
  readonly lostChanges = new Set<string>()
  /** True when the snapshot gave every row its last change (the engine's timeline). */
  knowsChanges = false
  readonly userRows = new Map<string, UserRow>()
  readonly tables = new Map<string, TableRow[]>()
  private sorted: RowEntry[] = []
  private readonly createdAt = new Map<number, number>()
  readonly compare = makeComparator((s) => this.createdAt.get(s) ?? Number.MAX_SAFE_INTEGER)
  /** Bumped on every change of the session records. */
  sessionsVersion = 0
  tablesVersion = 0
  userRowsVersion = 0

  static fromSnapshot(s: Snapshot): PlayheadState {
    const p = new PlayheadState()
    p.t = s.t
    for (const v of s.sessions) {
      const { status, idleSec, groupCreatedAt: _g, group, ...record } = v
      if (group) p.groups.set(group.id, { ...group })
      p.sessions.set(v.id, record as SessionRecord)
      p.reportedStatus.set(v.id, { status, idleSec })
      p.createdAt.set(v.id, v.createdAt)
    }
    let list: RowEntry[]
    if (s.rowColumns) {
      list = rowsOfColumns(s.rowColumns)
      p.knowsChanges = true
    } else {
      list = new Array(s.rows.length)
      let i = 0
      let known = true
      for (const r of s.rows) {
        const key = rowKey(r.session, r.app, r.page, r.item)
        const changed = r.changed
        if (changed === undefined) known = false
        // The snapshot's own objects become the entries (no second copy of 50,000 rows).
        const entry = r as RowEntry & { changed?: LastChange | null }
        delete entry.changed
        entry.key = key
        entry.changedStep = changed ? changed.step : null
        entry.changedPhase = changed ? changed.phase : null
        entry.cause = changed ? changed.cause : null
        list[i++] = entry
      }
      p.knowsChanges = known
    }
    for (const u of s.userRows) p.userRows.set(`${u.user}|${u.app}|${u.item}`, u)
    for (const t of s.tables) p.tables.set(tableKey(t.app, t.table), t.rows.slice())
    p.sorted = p.sortRows(list, s.rowColumns !== undefined)
    p.index = null
    return p
  }

  /**
   * The engine lists rows grouped by session and sorted within each session
   * as we sort them (app, page, item: the same comparison); then only the
   * session blocks need ordering (by creation time), else a full sort. The
   * timeline's columns come from that order by construction (`ordered`):
   * their blocks are taken as they are; a row list is checked row by row.
   */
  private sortRows(list: RowEntry[], ordered = false): RowEntry[] {
    const blocks: { session: number; from: number; to: number }[] = []
    const seen = new Set<number>()
    let cur: { session: number; from: number; to: number } | null = null
    for (let i = 0; i < list.length; i++) {
      const r = list[i]!
      if (!cur || cur.session !== r.session) {
        if (seen.has(r.session)) return list.sort(this.compare)
        seen.add(r.session)
        cur = { session: r.session, from: i, to: i }
        blocks.push(cur)
      } else if (!ordered && this.compare(list[i - 1]!, r) >= 0) return list.sort(this.compare)
      cur.to = i + 1
    }
    const order = (id: number) => this.createdAt.get(id) ?? Number.MAX_SAFE_INTEGER
    blocks.sort((a, b) => order(a.session) - order(b.session) || a.session - b.session)
    const out: RowEntry[] = new Array(list.length)
    let k = 0
    for (const b of blocks) for (let i = b.from; i < b.to; i++) out[k++] = list[i]!
    return out
  }

  sortedRows(): RowEntry[] {
    this.flushSorted()
    return this.sorted
  }

  sessionList(): SessionEntry[] {
    const out: SessionEntry[] = []
    for (const s of this.sessions.values()) out.push({ ...s, ...this.statusOf(s) })
    out.sort((a, b) => a.createdAt - b.createdAt || a.id - b.id)
    return out
  }

  private statusOf(s: SessionRecord): { status: SessionStatus; idleSec: number | null } {
    if (s.ended === 'expired') return { status: 'expired', idleSec: null }
    if (s.ended) return { status: 'deleted', idleSec: null }
    const g = this.groups.get(s.groupId)
    if (g) {
      const idle = this.t - g.lastActivity
      const expired = (g.maxSessionLengthSec > 0 && this.t - g.createdAt > g.maxSessionLengthSec) || (g.maxSessionIdleSec > 0 && idle > g.maxSessionIdleSec)
      return { status: expired ? 'expired' : 'active', idleSec: idle }
    }
    const r = this.reportedStatus.get(s.id)
    return r ? { status: r.status, idleSec: r.idleSec } : { status: 'active', idleSec: null }
  }

  /**
   * Records what we learnt about a row's last change (from the step at a
   * loaded point, or the engine's timeline.why) without changing its value.
   */
  setLastChange(r: { session: number; app: number; page: number | null; item: string }, step: number, cause: string, phase: number | null = null): void {
    const key = rowKey(r.session, r.app, r.page, r.item)
    this.history.set(key, [{ step, phase, cause }])
    this.lostChanges.delete(key)
    if (!this.index) {
      // Not indexed yet (a fresh snapshot): find it in the sorted rows instead of building the index.
      const probe: RowEntry = { key, session: r.session, app: r.app, page: r.page, item: r.item, value: null, status: 'I', changedStep: null, cause: null }
      const i = binarySearch(this.sorted, probe, this.compare)
      const row = i >= 0 ? this.sorted[i] : undefined
      if (!row) return
      this.sorted = this.sorted.slice()
      this.sorted[i] = withLastChange(row, step, phase, cause)
      return
    }
    const row = this.index.get(key)
    if (!row) return
    const after = withLastChange(row, step, phase, cause)
    this.index.set(key, after)
    const c = this.pendingChanges.get(key)
    if (c) c.after = after
    else this.pendingChanges.set(key, { before: row, after })
  }

  /** Idle limit of a session's clone group, when known. */
  idleLimit(session: number): number | null {
    const s = this.sessions.get(session)
    const g = s ? this.groups.get(s.groupId) : undefined
    return g ? g.maxSessionIdleSec : null
  }

  /**
   * When a live session stops being usable on the simulated clock: the
   * earlier of its clone group's idle deadline (last activity + maximum idle
   * time) and length deadline (group start + maximum session length) — it is
   * expired at any time strictly after that (as the engine's expiryReason).
   * Null when its group has no limit, or its group record is not known here.
   */
  expiryDeadline(session: number): { at: number; limit: 'idle' | 'length'; seconds: number } | null {
    const s = this.sessions.get(session)
    const g = s ? this.groups.get(s.groupId) : undefined
    if (!g) return null
    const idle = g.maxSessionIdleSec > 0 ? g.lastActivity + g.maxSessionIdleSec : Infinity
    const length = g.maxSessionLengthSec > 0 ? g.createdAt + g.maxSessionLengthSec : Infinity
    if (idle === Infinity && length === Infinity) return null
    return idle <= length ? { at: idle, limit: 'idle', seconds: g.maxSessionIdleSec } : { at: length, limit: 'length', seconds: g.maxSessionLengthSec }
  }

  /**
   * Applies effects (forward, or backward in reverse order) of step `step`.
   * `t` is the simulated time after the move; `phaseOf(i)` tells the phase
   * of the step that `effects[i]` belongs to.
   */
  apply(effects: readonly Effect[], direction: 'forward' | 'backward', step: number, t: number, phaseOf?: (i: number) => number): void {
    this.t = t
    const changes = this.pendingChanges
    const note = (key: string, before: RowEntry | null, after: RowEntry | null) => {
      const c = changes.get(key)
      if (c) c.after = after
      else changes.set(key, { before, after })
    }
    const n = effects.length
    for (let i = 0; i < n; i++) {
      const j = direction === 'forward' ? i : n - 1 - i
      this.applyOne(effects[j]!, direction, step, phaseOf ? phaseOf(j) : null, note)
    }
  }

  /** Row changes not yet merged into the sorted array (merged once per move, however many steps it applied). */
  private readonly pendingChanges = new Map<string, { before: RowEntry | null; after: RowEntry | null }>()

  private flushSorted(): void {
    if (this.pendingChanges.size === 0) return
    const changes = [...this.pendingChanges.values()].filter((c) => c.before !== c.after)
    this.pendingChanges.clear()
    if (changes.length > 0) this.sorted = patchSorted(this.sorted, changes, this.compare, () => this.rows.values())
  }

  private applyOne(e: Effect, direction: 'forward' | 'backward', step: number, phase: number | null, note: (key: string, before: RowEntry | null, after: RowEntry | null) => void): void {
    const fwd = direction === 'forward'
    switch (e.op) {
      case 'set': {
        const key = rowKey(e.session, e.app, e.page, e.item)
        const before = this.rows.get(key) ?? null
        const status = fwd ? e.toStatus : e.fromStatus
        let hist = this.history.get(key)
        if (fwd) {
          if (!hist) {
            // The first change walked over: remember the one the row had (the engine's), for stepping back.
            hist = before && before.changedStep !== null ? [{ step: before.changedStep, phase: before.changedPhase ?? null, cause: before.cause ?? '' }] : []
            this.history.set(key, hist)
          }
          hist.push({ step, phase, cause: e.cause })
        } else if (hist && hist.length > 0 && hist[hist.length - 1]!.step === step) {
          hist.pop()
        }
        const last = hist && hist.length > 0 ? hist[hist.length - 1]! : null
        if (status === null) {
          this.rows.delete(key)
          this.lostChanges.delete(key)
          note(key, before, null)
          return
        }
        if (fwd || last) this.lostChanges.delete(key)
        else this.lostChanges.add(key)
        if (!this.createdAt.has(e.session)) this.createdAt.set(e.session, this.sessions.get(e.session)?.createdAt ?? this.t)
        const after: RowEntry = new Row(e.session, e.app, e.page, e.item, fwd ? e.to : e.from, status, last ? last.step : null, last ? last.phase : null, last ? last.cause : null, key)
        this.rows.set(key, after)
        note(key, before, after)
        return
      }
      case 'userSet': {
        const key = `${e.user}|${e.app}|${e.item}`
        const value = fwd ? e.to : e.from
        if (value === null) this.userRows.delete(key)
        else this.userRows.set(key, { user: e.user, app: e.app, item: e.item, value })
        this.userRowsVersion++
        return
      }
      case 'session': {
        const rec = fwd ? e.to : e.from
        if (rec === null) this.sessions.delete(e.session)
        else {
          this.sessions.set(e.session, { ...rec, apps: [...rec.apps] })
          if (!this.createdAt.has(e.session)) this.createdAt.set(e.session, rec.createdAt)
        }
        this.reportedStatus.delete(e.session)
        this.sessionsVersion++
        return
      }
      case 'group': {
        const rec = fwd ? e.to : e.from
        if (rec === null) this.groups.delete(e.groupId)
        else this.groups.set(e.groupId, { ...rec })
        this.sessionsVersion++
        return
      }
      case 'rekey': {
        const from = fwd ? e.from : e.to
        const to = fwd ? e.to : e.from
        const rec = this.sessions.get(from)
        if (rec) {
          this.sessions.delete(from)
          this.sessions.set(to, { ...rec, id: to, apps: [...rec.apps] })
          this.createdAt.set(to, this.createdAt.get(from) ?? rec.createdAt)
        }
        const rs = this.reportedStatus.get(from)
        if (rs) this.reportedStatus.set(to, rs)
        for (const [key, row] of [...this.rows]) {
          if (row.session !== from) continue
          const nk = rowKey(to, row.app, row.page, row.item)
          const moved: RowEntry = new Row(to, row.app, row.page, row.item, row.value, row.status, row.changedStep, row.changedPhase ?? null, row.cause, nk)
          this.rows.delete(key)
          this.rows.set(nk, moved)
          const h = this.history.get(key)
          if (h) {
            this.history.delete(key)
            this.history.set(nk, h)
          }
          if (this.lostChanges.delete(key)) this.lostChanges.add(nk)
          note(key, row, null)
          note(nk, null, moved)
        }
        this.sessionsVersion++
        return
      }
      case 'insertRow': {
        const key = tableKey(e.app, e.table)
        const rows = (this.tables.get(key) ?? []).slice()
        if (fwd) rows[e.index] = { ...e.row }
        else rows.length = Math.min(rows.length, e.index)
        this.tables.set(key, rows)
        this.tablesVersion++
        return
      }
      default:
        return
    }
  }
}

/** Row entries from timeline.state's columns (see StateRowColumns in the contract); keys are made when asked for. */
export function rowsOfColumns(c: StateRowColumns): RowEntry[] {
  const out: RowEntry[] = new Array(c.length)
  const runs = c.sessionRuns
  const strings = c.strings
  const status = c.status
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
    const pg = c.page[i]!
    const v = c.value[i]!
    const step = c.changedStep[i]!
    const cause = c.changedCause[i]!
    out[i] = new Row(
      session,
      c.app[i]!,
      pg < 0 ? null : pg,
      strings[c.item[i]!]!,
      v < 0 ? null : strings[v]!,
      status[i] as RowEntry['status'],
      step < 0 ? null : step,
      step < 0 ? null : c.changedPhase[i]!,
      step < 0 ? null : cause < 0 ? '' : strings[cause]!,
    )
  }
  return out
}
