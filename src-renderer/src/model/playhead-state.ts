/**
 * The simulated state at the playhead, held in the renderer.
 *
 * It is loaded whole at a jump (`timeline.state`, or the engine's current
 * state) and then moved step by step by applying the recorded effects
 * forward or backward — every effect carries its before and after image
 * (semantics §9) — so → and ← touch only the rows one step changed.
 */
import type { Effect, GroupRecord, SessionRecord, SessionStatus, SessionView, StateRow, TableRow, UserRow } from '../transport/api-types.js'
import type { RowEntry } from './rows.js'
import { rowKey } from './rows.js'
import { binarySearch, makeComparator, patchSorted } from './sorted-rows.js'

export interface SessionEntry extends SessionRecord {
  status: SessionStatus
  /** Seconds since the clone group's last activity (simulated clock). */
  idleSec: number | null
}

export interface Snapshot {
  t: number
  sessions: SessionView[]
  rows: StateRow[]
  userRows: UserRow[]
  tables: { app: number; table: string; rows: TableRow[] }[]
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
  /** Per row, the (step, cause) of changes walked over, newest last. */
  private readonly history = new Map<string, { step: number; cause: string }[]>()
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
      const { status, idleSec, groupCreatedAt: _g, ...record } = v
      p.sessions.set(v.id, record as SessionRecord)
      p.reportedStatus.set(v.id, { status, idleSec })
      p.createdAt.set(v.id, v.createdAt)
    }
    const list: RowEntry[] = new Array(s.rows.length)
    let i = 0
    for (const r of s.rows) {
      const key = rowKey(r.session, r.app, r.page, r.item)
      // The snapshot's own objects become the entries (no second copy of 50,000 rows).
      const entry = r as RowEntry
      entry.key = key
      entry.changedStep = null
      entry.cause = null
      list[i++] = entry
    }
    for (const u of s.userRows) p.userRows.set(`${u.user}|${u.app}|${u.item}`, u)
    for (const t of s.tables) p.tables.set(tableKey(t.app, t.table), t.rows.slice())
    p.sorted = p.sortRows(list)
    p.index = null
    return p
  }

  /**
   * The engine lists rows grouped by session and sorted within each session
   * as we sort them; then only the session blocks need ordering (linear),
   * else a full sort.
   */
  private sortRows(list: RowEntry[]): RowEntry[] {
    const blocks: { session: number; rows: RowEntry[] }[] = []
    const seen = new Set<number>()
    let cur: { session: number; rows: RowEntry[] } | null = null
    for (const r of list) {
      if (!cur || cur.session !== r.session) {
        if (seen.has(r.session)) return list.sort(this.compare)
        seen.add(r.session)
        cur = { session: r.session, rows: [] }
        blocks.push(cur)
      } else if (this.compare(cur.rows[cur.rows.length - 1]!, r) >= 0) return list.sort(this.compare)
      cur.rows.push(r)
    }
    const order = (id: number) => this.createdAt.get(id) ?? Number.MAX_SAFE_INTEGER
    blocks.sort((a, b) => order(a.session) - order(b.session) || a.session - b.session)
    const out: RowEntry[] = new Array(list.length)
    let k = 0
    for (const b of blocks) for (const r of b.rows) out[k++] = r
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
  setLastChange(r: { session: number; app: number; page: number | null; item: string }, step: number, cause: string): void {
    const key = rowKey(r.session, r.app, r.page, r.item)
    this.history.set(key, [{ step, cause }])
    if (!this.index) {
      // Not indexed yet (a fresh snapshot): find it in the sorted rows instead of building the index.
      const probe: RowEntry = { key, session: r.session, app: r.app, page: r.page, item: r.item, value: null, status: 'I', changedStep: null, cause: null }
      const i = binarySearch(this.sorted, probe, this.compare)
      const row = i >= 0 ? this.sorted[i] : undefined
      if (!row) return
      this.sorted = this.sorted.slice()
      this.sorted[i] = { ...row, changedStep: step, cause }
      return
    }
    const row = this.index.get(key)
    if (!row) return
    const after: RowEntry = { ...row, changedStep: step, cause }
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
   * Applies effects (forward, or backward in reverse order) of step `step`.
   * `t` is the simulated time after the move.
   */
  apply(effects: readonly Effect[], direction: 'forward' | 'backward', step: number, t: number): void {
    this.t = t
    const changes = this.pendingChanges
    const note = (key: string, before: RowEntry | null, after: RowEntry | null) => {
      const c = changes.get(key)
      if (c) c.after = after
      else changes.set(key, { before, after })
    }
    const n = effects.length
    for (let i = 0; i < n; i++) {
      const e = direction === 'forward' ? effects[i]! : effects[n - 1 - i]!
      this.applyOne(e, direction, step, note)
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

  private applyOne(e: Effect, direction: 'forward' | 'backward', step: number, note: (key: string, before: RowEntry | null, after: RowEntry | null) => void): void {
    const fwd = direction === 'forward'
    switch (e.op) {
      case 'set': {
        const key = rowKey(e.session, e.app, e.page, e.item)
        const before = this.rows.get(key) ?? null
        const status = fwd ? e.toStatus : e.fromStatus
        let hist = this.history.get(key)
        if (fwd) {
          if (!hist) this.history.set(key, (hist = []))
          hist.push({ step, cause: e.cause })
        } else if (hist && hist.length > 0 && hist[hist.length - 1]!.step === step) {
          hist.pop()
        }
        const last = hist && hist.length > 0 ? hist[hist.length - 1]! : null
        if (status === null) {
          this.rows.delete(key)
          note(key, before, null)
          return
        }
        if (!this.createdAt.has(e.session)) this.createdAt.set(e.session, this.sessions.get(e.session)?.createdAt ?? this.t)
        const after: RowEntry = {
          key,
          session: e.session,
          app: e.app,
          page: e.page,
          item: e.item,
          value: fwd ? e.to : e.from,
          status,
          changedStep: last ? last.step : null,
          cause: last ? last.cause : null,
        }
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
          const moved: RowEntry = { ...row, key: nk, session: to }
          this.rows.delete(key)
          this.rows.set(nk, moved)
          const h = this.history.get(key)
          if (h) {
            this.history.delete(key)
            this.history.set(nk, h)
          }
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
