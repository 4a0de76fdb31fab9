/**
 * The time-travel index of one workspace: every step and sub-step (phase)
 * addressable, the full state at any point, diffs between any two points,
 * the history of an item, "why does it have this value", and search.
 *
 * Seeking = the nearest of (the cursor where it is, a checkpoint below, a
 * checkpoint above) + applying the recorded effects forward or backward.
 * Effects are reversible (semantics §9), so a checkpoint is useful from
 * both sides and no seek walks more than half a checkpoint interval. The
 * interval is measured and explained in docs/timeline.md.
 */
import type { Step } from '../engine/model/step.js'
import { normalizeName } from '../engine/model/values.js'
import { expiryReason } from '../engine/runtime/session-lifecycle.js'
import type { StateRow, TableRow, UserRow } from '../engine/state/session-state.js'
import { compareRows, userKey } from '../engine/state/session-state.js'
import { OP_REKEY, OP_SESSION, OP_SET, OP_USERSET, OP_INSERT, STATUS_CODES, STEP_KINDS } from './codes.js'
import { DenseState, checkpointBytes } from './dense-state.js'
import type { Checkpoint } from './dense-state.js'
import type { ItemChange, LastChange, Point, SearchHit, SearchResult, StateDiff, StateRowColumns, TimelineSession, TimelineState, TimelineStateRow } from './results.js'
import { TimelineColumns } from './timeline-columns.js'
import { pointDetail } from './point-detail.js'
import { expiryDeadline } from './session-expiry.js'
import type { TimelineOptions } from './timeline-columns.js'

export type { Point } from './results.js'

export class PointError extends RangeError {
  constructor(
    message: string,
    readonly field: 'step' | 'phase',
  ) {
    super(message)
    this.name = 'PointError'
  }
}

export interface StateAtOptions {
  /** Only the rows of these sessions (the session list stays complete). */
  sessions?: readonly number[]
  /** Leave ended sessions (expired, logged out) out of the session list. */
  liveOnly?: boolean
  /** Give each row its last change (`changed`: step, phase, cause). */
  changes?: boolean
  /** Give each session its clone group's record (`group`: last activity, limits). */
  groups?: boolean
  /** 'columns': the rows as `rowColumns` (compact, always with their last change; `rows` is then empty). Default 'rows'. */
  encoding?: 'rows' | 'columns'
  /** Add what happened at the point (`here`: the step, the rows it changed, the rows a later clear-cache phase resets). */
  here?: boolean
}

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

export class Timeline {
  readonly cols: TimelineColumns
  private readonly cursor: DenseState
  private slotKeys: { starts: Int32Array; keys: Int32Array; forKeys: number } | null = null

  constructor(opts: TimelineOptions | TimelineColumns = {}) {
    this.cols = opts instanceof TimelineColumns ? opts : new TimelineColumns(opts)
    this.cursor = new DenseState(this.cols)
  }

  get stepCount(): number {
    return this.cols.stepCount
  }

  get effectCount(): number {
    return this.cols.effectCount
  }

  get checkpointEvery(): number {
    return this.cols.checkpointEvery
  }

  /** Appends the steps of one event (see TimelineColumns.appendEvent); indexes and `causedBy` must be timeline indexes. */
  appendEvent(chain: readonly Step[], line?: string | Uint8Array): void {
    this.cols.appendEvent(chain, line)
  }

  steps(from: number, count: number): Step[] {
    return this.cols.steps(from, count)
  }

  step(i: number): Step {
    if (i < 0 || i >= this.stepCount) throw new PointError(`step ${i} does not exist (the timeline has ${this.stepCount} steps)`, 'step')
    return this.cols.step(i)
  }

  phaseCount(step: number): number {
    return this.cols.phaseCount(step)
  }

  causedBy(step: number): number {
    return this.cols.stepCausedBy.get(step)
  }

  // -------------------------------------------------------------------------
  // Points and seeking

  /** Global effect position of a point: the state there is effects [0, pos). */
  positionOf(p: Point): number {
    const n = this.stepCount
    if (!Number.isInteger(p.step) || p.step < -1 || p.step >= n)
      throw new PointError(`step ${p.step} does not exist (steps are -1 … ${n - 1})`, 'step')
    if (p.step === -1) {
      if (p.phase !== undefined && p.phase !== null) throw new PointError('the point before the first step has no phases', 'phase')
      return 0
    }
    const c = this.cols
    if (p.phase === undefined || p.phase === null) return c.stepFirstEffect.get(p.step + 1)
    const np = c.phaseCount(p.step)
    if (!Number.isInteger(p.phase) || p.phase < 0 || p.phase >= np)
      throw new PointError(`step ${p.step} has ${np} phase${np === 1 ? '' : 's'}; phase ${p.phase} does not exist`, 'phase')
    return c.stepFirstEffect.get(p.step) + c.phaseEnd.get(c.stepFirstPhase.get(p.step) + p.phase)
  }

  /** Simulated time at a point (a wait step's phases already see the advanced clock). */
  timeAt(p: Point): number {
    if (p.step < 0) return 0
    const c = this.cols
    if (p.phase === undefined || p.phase === null || STEP_KINDS[c.stepKind.get(p.step)] === 'wait') return c.stepTimeAfter.get(p.step)
    return c.stepTime.get(p.step)
  }

  /** Moves the query cursor to a point; the fastest route is chosen from the cursor and the two nearest checkpoints. */
  seek(p: Point): void {
    this.moveTo(this.positionOf(p))
  }

  /** Moves the cursor to an effect position. */
  moveTo(target: number): void {
    const cur = this.cursor
    cur.fit()
    const c = this.cols
    const cps = c.checkpoints
    // Checkpoints are in position order; find the last one at or before target.
    let lo = 0
    let hi = cps.length - 1
    let below = -1
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1
      if (cps[mid]!.pos <= target) {
        below = mid
        lo = mid + 1
      } else hi = mid - 1
    }
    const resetCost = (c.rowKeySlot.length >> 4) + (c.slotFirstSession.length >> 2) + (c.groupIds.length >> 2) + (c.userKeyUser.length >> 2)
    const cost = (cp: Checkpoint | null) => resetCost + (cp ? (cp.rows.length >> 1) + cp.slots.length / 3 + (cp.groups.length >> 1) + (cp.users.length >> 1) : 0)
    let best = Math.abs(target - cur.pos)
    let plan: Checkpoint | null | undefined = undefined
    const cpBelow = below >= 0 ? cps[below]! : null
    const viaBelow = cost(cpBelow) + (target - (cpBelow?.pos ?? 0))
    if (viaBelow < best) {
      best = viaBelow
      plan = cpBelow
    }
    const cpAbove = cps[below + 1]
    if (cpAbove) {
      const viaAbove = cost(cpAbove) + (cpAbove.pos - target)
      if (viaAbove < best) plan = cpAbove
    }
    if (plan !== undefined) cur.restore(plan)
    cur.moveTo(target)
  }

  /** The cursor (read-only use): the dense state at the last seek. */
  get state(): DenseState {
    return this.cursor
  }

  // -------------------------------------------------------------------------
  // Materialising a state

  /**
   * The state at a point. Rows come in the engine's snapshot order (session
   * ID, app, page, item), as objects or — `encoding: 'columns'` — as
   * columns; with `changes` (always for columns) each row carries the change
   * that last set it (what `why` answers for that row), found by one backward
   * scan over the effect columns for the returned rows only (lastSetsAt).
   */
  stateAt(p: Point, opts: StateAtOptions = {}): TimelineState {
    this.seek(p)
    const t = this.timeAt(p)
    const point = p.phase === undefined ? { step: p.step } : { step: p.step, phase: p.phase }
    const sessions = this.sessionsHere(t, opts.liveOnly ?? false, opts.groups ?? false)
    const keys = this.rowKeysHere(opts.sessions)
    const columns = opts.encoding === 'columns'
    const sets = columns || opts.changes ? this.lastSetsAt(keys, this.cursor.pos) : null
    const rows = columns ? [] : this.rowObjects(keys, sets)
    const out: TimelineState = { point, t, sessions, rows, userRows: this.userRowsHere(), tables: this.tablesHere() }
    if (columns) out.rowColumns = this.rowColumns(keys, sets!)
    if (opts.here) out.here = pointDetail(p.step >= 0 ? this.step(p.step) : null, p)
    return out
  }

  private sessionsHere(now: number, liveOnly: boolean, groups = false): TimelineSession[] {
    const c = this.cols
    const cur = this.cursor
    const out: TimelineSession[] = []
    const ended = c.sessionRecords.ended.raw
    const slotRecord = cur.slotRecord
    for (let s = 0; s < c.slotFirstSession.length; s++) {
      // A slot left empty by a checkpoint is absent or a tombstone (ended): not live.
      if (liveOnly && slotRecord[s] === -1) continue
      const r = cur.recordOf(s)
      if (r < 0) continue
      // Ended sessions are most of a long trace's sessions: skip them before building the record.
      if (liveOnly && ended[r] !== 0 && !c.sessionRecords.extras.has(r)) continue
      const rec = c.sessionRecords.get(r)
      if (liveOnly && rec.ended !== null) continue
      const g = this.groupRecord(rec.groupId)
      const status = rec.ended === 'expired' ? 'expired' : rec.ended ? 'deleted' : expiryReason(g, now) ? 'expired' : 'active'
      const view: TimelineSession = { ...rec, apps: [...rec.apps], status, idleSec: g ? now - g.lastActivity : 0, groupCreatedAt: g?.createdAt ?? rec.createdAt }
      if (groups) {
        view.group = g ?? null
        view.expiry = rec.ended ? null : expiryDeadline(g)
      }
      out.push(view)
    }
    return out
  }

  private groupRecord(groupId: number) {
    const g = this.cols.groupIndexOf(groupId)
    if (g < 0) return undefined
    const rec = this.cursor.groupRecord[g]!
    return rec < 0 ? undefined : this.cols.groupRecords.get(rec)
  }

  /**
   * Keys of the rows present at the cursor (of the given sessions only, when
   * given), in `compareRows` order: slots by their session ID here, then
   * within a slot by app, page (application items first) and item name.
   */
  private rowKeysHere(sessions?: readonly number[]): Int32Array {
    const c = this.cols
    const cur = this.cursor
    const idx = this.slotIndex()
    const st = cur.rowStatus
    let slots: number[]
    if (sessions) {
      slots = []
      const seen = new Set<number>()
      for (const id of sessions) {
        const sess = c.findSession(id)
        if (sess < 0) continue
        // The slot whose ID is `id` at this point.
        const s = c.sessionSlot.get(sess)
        if (s < 0 || cur.sessionOf(s) !== sess || seen.has(s)) continue
        seen.add(s)
        slots.push(s)
      }
    } else {
      slots = []
      const ns = idx.starts.length - 1
      for (let s = 0; s < ns; s++) {
        for (let j = idx.starts[s]!; j < idx.starts[s + 1]!; j++) {
          if (st[idx.keys[j]!] !== 0) {
            slots.push(s)
            break
          }
        }
      }
    }
    const sessId = new Float64Array(idx.starts.length)
    for (const s of slots) sessId[s] = c.sessionIds.get(cur.sessionOf(s))
    slots.sort((a, b) => sessId[a]! - sessId[b]!)
    const rank = this.nameRanks()
    const app = c.rowKeyApp.raw
    const page = c.rowKeyPage.raw
    const item = c.rowKeyItem.raw
    const byRow = (a: number, b: number) => app[a]! - app[b]! || page[a]! - page[b]! || rank[item[a]!]! - rank[item[b]!]!
    const out = new Int32Array(idx.keys.length)
    let n = 0
    for (const s of slots) {
      const from = n
      let sorted = true
      for (let j = idx.starts[s]!; j < idx.starts[s + 1]!; j++) {
        const k = idx.keys[j]!
        if (st[k] === 0) continue
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

  private ranks: { forNames: number; rank: Int32Array } | null = null

  /** Each item name's position in JavaScript string order (as `compareRows` compares items). */
  private nameRanks(): Int32Array {
    const names = this.cols.names
    if (this.ranks && this.ranks.forNames === names.count) return this.ranks.rank
    const n = names.count
    const ids = Array.from({ length: n }, (_, i) => i)
    const text = ids.map((i) => names.get(i))
    ids.sort((a, b) => cmpStr(text[a]!, text[b]!))
    const rank = new Int32Array(n)
    ids.forEach((id, r) => (rank[id] = r))
    this.ranks = { forNames: n, rank }
    return rank
  }

  /** The rows at the cursor as objects, with their last change when `sets` is given. */
  private rowObjects(keys: Int32Array, sets: { eff: Int32Array; step: Int32Array } | null): TimelineStateRow[] {
    const out: TimelineStateRow[] = new Array(keys.length)
    for (let j = 0; j < keys.length; j++) {
      const row: TimelineStateRow = this.rowAt(keys[j]!)
      if (sets) row.changed = this.lastChange(sets.eff[j]!, sets.step[j]!)
      out[j] = row
    }
    return out
  }

  /** The change made by effect i (a set) of step `step`, as the state table shows it. */
  private lastChange(i: number, step: number): LastChange | null {
    if (i < 0) return null
    const c = this.cols
    const cause = c.effectCause.get(i)
    return { step, phase: c.phaseOfEffect(step, i - c.stepFirstEffect.get(step)), cause: cause < 0 ? '' : c.causes.get(cause) }
  }

  /** The rows at the cursor in columns (see StateRowColumns). */
  private rowColumns(keys: Int32Array, sets: { eff: Int32Array; step: Int32Array }): StateRowColumns {
    const c = this.cols
    const cur = this.cursor
    const n = keys.length
    const strings: string[] = []
    const nameOut = new Int32Array(c.names.count).fill(-1)
    const causeOut = new Int32Array(c.causes.count).fill(-1)
    // Value ids to string positions: an array when the value table is not much bigger than the answer.
    const valueArr = c.values.count <= Math.max(1 << 20, n * 16) ? new Int32Array(c.values.count).fill(-1) : null
    const valueMap = valueArr ? null : new Map<number, number>()
    const app: number[] = new Array(n)
    const page: number[] = new Array(n)
    const item: number[] = new Array(n)
    const value: number[] = new Array(n)
    const status = Buffer.allocUnsafe(n)
    const changedStep: number[] = new Array(n)
    const changedPhase: number[] = new Array(n)
    const changedCause: number[] = new Array(n)
    const sessionRuns: number[] = []
    const rowKeyApp = c.rowKeyApp.raw
    const rowKeyPage = c.rowKeyPage.raw
    const rowKeyItem = c.rowKeyItem.raw
    const rowKeySlot = c.rowKeySlot.raw
    const effectCause = c.effectCause.raw
    const stepFirstEffect = c.stepFirstEffect.raw
    let slot = -1
    for (let j = 0; j < n; j++) {
      const k = keys[j]!
      if (rowKeySlot[k] !== slot) {
        slot = rowKeySlot[k]!
        sessionRuns.push(c.sessionIds.get(cur.sessionOf(slot)), 0)
      }
      sessionRuns[sessionRuns.length - 1]!++
      app[j] = rowKeyApp[k]!
      page[j] = rowKeyPage[k]!
      const name = rowKeyItem[k]!
      let ni = nameOut[name]!
      if (ni < 0) ni = nameOut[name] = strings.push(c.names.get(name)) - 1
      item[j] = ni
      const v = cur.rowValue[k]!
      if (v < 0) value[j] = -1
      else if (valueArr) {
        let vi = valueArr[v]!
        if (vi < 0) vi = valueArr[v] = strings.push(c.values.get(v)) - 1
        value[j] = vi
      } else {
        let vi = valueMap!.get(v)
        if (vi === undefined) valueMap!.set(v, (vi = strings.push(c.values.get(v)) - 1))
        value[j] = vi
      }
      status[j] = STATUS_CHARS[cur.rowStatus[k]!]!
      const e = sets.eff[j]!
      if (e < 0) {
        changedStep[j] = -1
        changedPhase[j] = -1
        changedCause[j] = -1
        continue
      }
      const step = sets.step[j]!
      changedStep[j] = step
      changedPhase[j] = c.phaseOfEffect(step, e - stepFirstEffect[step]!)
      const cause = effectCause[e]!
      if (cause < 0) changedCause[j] = -1
      else {
        let ci = causeOut[cause]!
        if (ci < 0) ci = causeOut[cause] = strings.push(c.causes.get(cause)) - 1
        changedCause[j] = ci
      }
    }
    return { length: n, strings, sessionRuns, app, page, item, value, status: status.toString('latin1'), changedStep, changedPhase, changedCause }
  }

  /**
   * For each row key, the last set effect before `pos` and its step (-1:
   * none): one backward scan over the effect columns that stops as soon as
   * every key asked for is found — for the returned rows only, nothing kept.
   * The step is tracked as the scan crosses step boundaries.
   */
  private lastSetsAt(keys: Int32Array, pos: number): { eff: Int32Array; step: Int32Array } {
    const c = this.cols
    const eff = new Int32Array(keys.length).fill(-1)
    const stepOf = new Int32Array(keys.length).fill(-1)
    if (keys.length === 0 || pos === 0) return { eff, step: stepOf }
    // want[k] = index in `keys` + 1 while key k is still looked for, else 0.
    const want = new Int32Array(c.rowKeySlot.length)
    for (let j = 0; j < keys.length; j++) want[keys[j]!] = j + 1
    const op = c.effectOp.raw
    const key = c.effectKey.raw
    const stepFirstEffect = c.stepFirstEffect.raw
    let step = c.stepOfEffect(pos - 1)
    let left = keys.length
    for (let i = pos - 1; i >= 0; i--) {
      if (op[i] !== OP_SET) continue
      const k = key[i]!
      const j = want[k]!
      if (j === 0) continue
      while (stepFirstEffect[step]! > i) step--
      eff[j - 1] = i
      stepOf[j - 1] = step
      want[k] = 0
      if (--left === 0) break
    }
    return { eff, step: stepOf }
  }

  /** Row key k as it is at the cursor (the caller checks it exists). */
  private rowAt(k: number): TimelineStateRow {
    const c = this.cols
    const page = c.rowKeyPage.get(k)
    const v = this.cursor.rowValue[k]!
    return {
      session: c.sessionIds.get(this.cursor.sessionOf(c.rowKeySlot.get(k))),
      app: c.rowKeyApp.get(k),
      page: page === -1 ? null : page,
      item: c.names.get(c.rowKeyItem.get(k)),
      value: v < 0 ? null : c.values.get(v),
      status: STATUS_CODES[this.cursor.rowStatus[k]!] as 'I' | 'U' | 'R',
    }
  }

  private userRowAt(u: number): UserRow | null {
    const c = this.cols
    const v = this.cursor.userValue[u]!
    if (v < 0) return null
    return { user: c.names.get(c.userKeyUser.get(u)), app: c.userKeyApp.get(u), item: c.names.get(c.userKeyItem.get(u)), value: c.values.get(v) }
  }

  private userRowsHere(): UserRow[] {
    const out: UserRow[] = []
    for (let u = 0; u < this.cols.userKeyUser.length; u++) {
      const r = this.userRowAt(u)
      if (r) out.push(r)
    }
    // The engine's snapshot order (by the user key string), keys built once.
    return out
      .map((r) => [userKey(r.user, r.app, r.item), r] as const)
      .sort((a, b) => cmpStr(a[0], b[0]))
      .map((x) => x[1])
  }

  private tablesHere(): { app: number; table: string; rows: TableRow[] }[] {
    const c = this.cols
    const out: { app: number; table: string; rows: TableRow[] }[] = []
    for (let t = 0; t < c.tableApp.length; t++) {
      const len = this.cursor.tableLength[t]!
      if (len === 0) continue
      const ids = c.tableRows[t]!.slice(0, len)
      out.push({ app: c.tableApp.get(t), table: c.names.get(c.tableName.get(t)), rows: ids.map((id) => ({ ...this.tableRow(id) })) })
    }
    return out.sort((a, b) => a.app - b.app || cmpStr(a.table, b.table))
  }

  private readonly parsedRows = new Map<number, TableRow>()

  /** A simulator table row (parsed once). */
  private tableRow(id: number): TableRow {
    let r = this.parsedRows.get(id)
    if (!r) {
      r = JSON.parse(this.cols.misc.get(id)) as TableRow
      this.parsedRows.set(id, r)
    }
    return r
  }

  /** Row keys grouped by slot (CSR), rebuilt when keys were added. */
  private slotIndex(): { starts: Int32Array; keys: Int32Array } {
    const c = this.cols
    const nk = c.rowKeySlot.length
    if (this.slotKeys && this.slotKeys.forKeys === nk && this.slotKeys.starts.length === c.slotFirstSession.length + 1) return this.slotKeys
    const ns = c.slotFirstSession.length
    const starts = new Int32Array(ns + 1)
    const slots = c.rowKeySlot.raw
    for (let k = 0; k < nk; k++) starts[slots[k]! + 1]!++
    for (let s = 0; s < ns; s++) starts[s + 1]! += starts[s]!
    const fill = starts.slice(0, ns)
    const keys = new Int32Array(nk)
    for (let k = 0; k < nk; k++) keys[fill[slots[k]!]!++] = k
    this.slotKeys = { starts, keys, forKeys: nk }
    return this.slotKeys
  }

  // -------------------------------------------------------------------------
  // Diff

  /**
   * Everything that differs between two points (either order). Only what the
   * effects between them touched is compared, so a diff of neighbouring
   * points costs what changed, not the size of the state.
   */
  diff(a: Point, b: Point): StateDiff {
    const c = this.cols
    const pa = this.positionOf(a)
    const pb = this.positionOf(b)
    const lo = Math.min(pa, pb)
    const hi = Math.max(pa, pb)
    const op = c.effectOp.raw
    const key = c.effectKey.raw
    const slotCol = c.effectSlot.raw
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
      const idx = this.slotIndex()
      for (const s of rekeyed) {
        for (let j = idx.starts[s]!; j < idx.starts[s + 1]!; j++) {
          const k = idx.keys[j]!
          if (rowMark[k] === 0) {
            rowMark[k] = 1
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
      this.moveTo(pos)
      const cur = this.cursor
      return {
        rowValue: Int32Array.from(rows, (k) => cur.rowValue[k]!),
        rowStatus: Uint8Array.from(rows, (k) => cur.rowStatus[k]!),
        rowSess: Int32Array.from(rows, (k) => cur.sessionOf(c.rowKeySlot.get(k))),
        slotRecord: Int32Array.from(slots, (s) => cur.recordOf(s)),
        slotSession: Int32Array.from(slots, (s) => cur.sessionOf(s)),
        userValue: Int32Array.from(userList, (u) => cur.userValue[u]!),
        tableLength: Int32Array.from(tableList, (t) => cur.tableLength[t]!),
      }
    }
    const A = read(pa)
    const B = read(pb)
    const out: StateDiff = { from: a, to: b, rows: [], sessions: [], userRows: [], tables: [] }
    const rowObj = (k: number, val: number, st: number, sess: number): StateRow => {
      const page = c.rowKeyPage.get(k)
      return {
        session: c.sessionIds.get(sess),
        app: c.rowKeyApp.get(k),
        page: page === -1 ? null : page,
        item: c.names.get(c.rowKeyItem.get(k)),
        value: val < 0 ? null : c.values.get(val),
        status: STATUS_CODES[st] as 'I' | 'U' | 'R',
      }
    }
    // Each changed row's last change at or before `to`: one backward scan (lastSetsAt).
    const lastSets = this.lastSetsAt(Int32Array.from(rows), pb)
    for (let j = 0; j < rows.length; j++) {
      const k = rows[j]!
      const changed = this.lastChange(lastSets.eff[j]!, lastSets.step[j]!)
      const sa = A.rowStatus[j]!
      const sb = B.rowStatus[j]!
      const before = sa === 0 ? null : rowObj(k, A.rowValue[j]!, sa, A.rowSess[j]!)
      const after = sb === 0 ? null : rowObj(k, B.rowValue[j]!, sb, B.rowSess[j]!)
      if (before && after && A.rowSess[j] !== B.rowSess[j]) {
        out.rows.push({ before, after: null, changed }, { before: null, after, changed })
        continue
      }
      if (sa === sb && (sa === 0 || A.rowValue[j] === B.rowValue[j])) continue
      out.rows.push({ before, after, changed })
    }
    out.rows.sort((x, y) => compareRows((x.after ?? x.before)!, (y.after ?? y.before)!) || (x.before ? -1 : 1))
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
      return cmpStr(userKey(p.user, p.app, p.item), userKey(q.user, q.app, q.item))
    })
    for (let j = 0; j < tableList.length; j++) {
      const t = tableList[j]!
      const before = A.tableLength[j]!
      const after = B.tableLength[j]!
      if (before === after) continue
      // Rows are only ever appended: the difference is the rows between the two lengths.
      const between = c.tableRows[t]!.slice(Math.min(before, after), Math.max(before, after)).map((id) => ({ ...this.tableRow(id) }))
      out.tables.push({ app: c.tableApp.get(t), table: c.names.get(c.tableName.get(t)), before, after, added: after > before ? between : [], removed: after > before ? [] : between })
    }
    out.tables.sort((x, y) => x.app - y.app || cmpStr(x.table, y.table))
    return out
  }

  // -------------------------------------------------------------------------
  // Item history and "why"

  /** The slot a session ID belongs to (its logical session across login rotation), or -1. */
  slotOfSession(id: number): number {
    const sess = this.cols.findSession(id)
    return sess < 0 ? -1 : this.cols.sessionSlot.get(sess)
  }

  private change(i: number, step: number): ItemChange {
    const c = this.cols
    const page = c.effectPage.get(i)
    const from = c.effectFrom.get(i)
    const to = c.effectTo.get(i)
    const cause = c.effectCause.get(i)
    return {
      step,
      phase: c.phaseOfEffect(step, i - c.stepFirstEffect.get(step)),
      session: c.sessionIds.get(c.effectSession.get(i)),
      app: c.effectApp.get(i),
      page: page === -1 ? null : page,
      item: c.names.get(c.effectItem.get(i)),
      from: from < 0 ? null : c.values.get(from),
      fromStatus: STATUS_CODES[c.effectFromStatus.get(i)] ?? null,
      to: to < 0 ? null : c.values.get(to),
      toStatus: STATUS_CODES[c.effectToStatus.get(i)] ?? null,
      cause: cause < 0 ? '' : c.causes.get(cause),
    }
  }

  /**
   * Every change of a session-state item, oldest first. `session` follows the
   * logical session across login rotation (changes made under its earlier
   * ID are included).
   */
  itemHistory(q: { item: string; session?: number; app?: number; limit?: number }): ItemChange[] {
    const c = this.cols
    const item = c.names.lookup(normalizeName(q.item))
    const exact = item >= 0 ? item : c.names.lookup(q.item)
    if (exact < 0) return []
    const slot = q.session === undefined ? -2 : this.slotOfSession(q.session)
    if (slot === -1) return []
    const limit = q.limit ?? Infinity
    const op = c.effectOp.raw
    const items = c.effectItem.raw
    const slots = c.effectSlot.raw
    const apps = c.effectApp.raw
    const out: ItemChange[] = []
    const n = c.effectCount
    let step = 0
    const starts = c.stepFirstEffect.raw
    for (let i = 0; i < n && out.length < limit; i++) {
      if (op[i] !== OP_SET || items[i] !== exact) continue
      if (slot !== -2 && slots[i] !== slot) continue
      if (q.app !== undefined && apps[i] !== q.app) continue
      while (starts[step + 1]! <= i) step++
      out.push(this.change(i, step))
    }
    return out
  }

  /** The change that last set a row at or before a point, or null when nothing ever did. */
  why(p: Point, q: { session: number; app: number; page: number | null; item: string }): ItemChange | null {
    const c = this.cols
    const pos = this.positionOf(p)
    const item = c.names.lookup(normalizeName(q.item))
    const exact = item >= 0 ? item : c.names.lookup(q.item)
    const slot = this.slotOfSession(q.session)
    if (exact < 0 || slot < 0) return null
    const page = q.page === null ? -1 : q.page
    const op = c.effectOp.raw
    const items = c.effectItem.raw
    const slots = c.effectSlot.raw
    const apps = c.effectApp.raw
    const pages = c.effectPage.raw
    for (let i = pos - 1; i >= 0; i--) {
      if (op[i] === OP_SET && items[i] === exact && slots[i] === slot && apps[i] === q.app && pages[i] === page) return this.change(i, c.stepOfEffect(i))
    }
    return null
  }

  // -------------------------------------------------------------------------
  // Search

  /**
   * Every change whose item name or new value contains `query`, over all
   * sessions and steps, oldest first: the distinct strings are matched once
   * (a memmem over each string table), then the effect columns are scanned
   * against the match flags.
   */
  search(query: string, opts: SearchOptions = {}): SearchResult {
    const c = this.cols
    const where = opts.in ?? 'all'
    const cs = opts.caseSensitive ?? false
    const nameFlags = where === 'values' ? new Uint8Array(c.names.count) : c.names.match(query, cs)
    const valueFlags = where === 'names' ? new Uint8Array(c.values.count) : c.values.match(query, cs)
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
      if (o !== OP_SET && (o !== OP_USERSET || sess[i]! < 0)) continue
      const v = to[i]!
      if (nameFlags[items[i]!] === 0 && (v < 0 || valueFlags[v] === 0)) continue
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
      if (total >= offset && hits.length < limit) hits.push(this.searchHit(i, step))
      total++
    }
    const out: SearchResult = { hits, total, steps }
    if (near) out.next = nextAt < 0 ? null : this.searchHit(nextAt, nextStep)
    return out
  }

  /** Effect i (a set or a Per User set) as a search hit. */
  private searchHit(i: number, step: number): SearchHit {
    const c = this.cols
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

  // -------------------------------------------------------------------------
  // Introspection

  /** Sizes of the index, for the status bar and the benchmark. */
  stats(): { steps: number; effects: number; phases: number; rowKeys: number; sessions: number; checkpoints: number; checkpointEvery: number; checkpointBytes: number; stringBytes: number } {
    const c = this.cols
    return {
      steps: c.stepCount,
      effects: c.effectCount,
      phases: c.phaseEnd.length,
      rowKeys: c.rowKeySlot.length,
      sessions: c.slotFirstSession.length,
      checkpoints: c.checkpoints.length,
      checkpointEvery: c.checkpointEvery,
      checkpointBytes: c.checkpoints.reduce((s, cp) => s + checkpointBytes(cp), 0),
      stringBytes: c.names.byteSize + c.values.byteSize + c.causes.byteSize + c.misc.byteSize,
    }
  }
}

/** Row status codes as character codes ('I', 'U', 'R'; 0 = no row). */
const STATUS_CHARS = Uint8Array.from(STATUS_CODES, (x) => (x === null ? 63 : x.charCodeAt(0)))

function cmpStr(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}
